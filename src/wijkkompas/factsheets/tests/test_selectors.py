"""The factsheet as each role may see it: exact for team roles, suppressed counts of
people for the others, one consistent total, the self-assessment where the role sees it."""

from __future__ import annotations

from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.factsheets import selectors
from wijkkompas.signals.suppression import SuppressionRules, exact_table, suppress_table

pytestmark = pytest.mark.django_db

YEAR = 2026


def _cells(table: selectors.Table, column: int) -> dict[str, str]:
    return {label: str(getattr(c[column], "display", c[column])) for label, c in table.rows}


def test_team_factsheet_for_the_team_lead_is_exact(world: Any) -> None:
    sheet = selectors.team_factsheet(user=world.user(Role.TEAM_LEAD), team=world.team, year=YEAR)
    rings = sheet.tables["rings"]
    members = _cells(rings, 1)
    assert list(members.values()) == ["11", "2", "0", "1"]
    assert [c for _label, (c, *_rest) in rings.rows] == [2, 1, 0, 1]  # organisations
    assert _cells(rings, 2) == dict(zip(members, ["0", "0", "2", "0"], strict=True))  # partners
    assert rings.total is not None and rings.total[1].display == "14"
    crafts = _cells(sheet.tables["crafts"], 0)
    assert sorted(crafts.values()) == ["2", "5", "7"]
    disciplines = sheet.tables["disciplines"]
    assert len(disciplines.rows) == 4
    assert not sheet.suppressed
    assert sheet.perspectives == [(world.team.name, "Iedereen in Wezep doet mee.")]
    assert sheet.assessment is not None
    assert {(row.reality, row.wish, row.gap) for row in sheet.assessment.rows} == {(3, 5, 2)}
    assert sheet.assessment.round_name == "Nulmeting 2026"


def test_team_factsheet_for_the_policy_officer_suppresses_counts_of_people(world: Any) -> None:
    sheet = selectors.team_factsheet(
        user=world.user(Role.POLICY_OFFICER), team=world.team, year=YEAR
    )
    rings = sheet.tables["rings"]
    assert list(_cells(rings, 1).values()) == ["10", "<10", "<10", "<10"]
    # Organisations and partners are not people: exact.
    assert [c[0] for _label, c in rings.rows] == [2, 1, 0, 1]
    # The crafts table has only small cells, so its total is hidden; the rings table must
    # not give the same total away.
    assert sheet.tables["crafts"].total[0].display == "–"  # type: ignore[index]
    assert rings.total[1].display == "–"  # type: ignore[index]
    assert sheet.suppressed and "10" in sheet.explanation
    assert sheet.assessment is not None  # the policy officer sees the team's assessment


def test_a_professional_sees_no_self_assessment(world: Any) -> None:
    sheet = selectors.team_factsheet(user=world.user(Role.PROFESSIONAL), team=world.team, year=YEAR)
    assert sheet.assessment is None and not sheet.assessment_visible
    assert not sheet.suppressed  # a team role: exact counts


def test_municipality_factsheet(world: Any) -> None:
    sheet = selectors.municipality_factsheet(
        user=world.user(Role.POLICY_OFFICER), municipality=world.gm, year=YEAR
    )
    teams = sheet.tables["teams"]
    assert [label for label, _cells in teams.rows] == [world.team.name, world.sibling.name]
    assert [cells[4] for _label, cells in teams.rows] == [4, 4]  # organisations per team
    assert [cells[5].display for _label, cells in teams.rows] == ["15", "15"]
    types = dict((label, cells[0]) for label, cells in sheet.tables["types"].rows)
    assert sum(types.values()) == 2
    assert sheet.tables["types"].total == [2]
    disciplines = sheet.tables["disciplines"]
    assert {cells[1] for _label, cells in disciplines.rows} == {2}  # each sits in both teams
    assert dict(sheet.facts)["Districts covered"] == "2 of 2"
    assert len(sheet.perspectives) == 2
    assert sheet.assessment is not None
    assert {(row.reality, row.wish) for row in sheet.assessment.rows} == {(2, 4)}


def test_one_total_hides_the_shared_total_everywhere() -> None:
    rules = SuppressionRules()
    shown = suppress_table({"a": 20, "b": 25}, total=45, rules=rules)
    pinned = suppress_table({"a": 40, "b": 5}, total=45, rules=rules)  # one small cell
    assert not shown.total.is_hidden and pinned.total.is_hidden  # type: ignore[union-attr]
    tables = selectors._one_total([shown, pinned])
    assert all(t.total.is_hidden for t in tables)  # type: ignore[union-attr]
    exact = selectors._one_total([exact_table({"a": 1}, total=1)])
    assert exact[0].total.display == "1"  # type: ignore[union-attr]


def test_factsheet_links_per_role(world: Any) -> None:
    officer = selectors.factsheet_municipalities(user=world.user(Role.POLICY_OFFICER))
    assert [(m.name, bool(m.url), len(m.teams)) for m in officer] == [("Oldebroek", True, 2)]
    lead = selectors.factsheet_municipalities(user=world.user(Role.TEAM_LEAD))
    assert [(m.name, m.url, [t.name for t in m.teams]) for m in lead] == [
        ("Oldebroek", "", [world.team.name])
    ]
    researcher = world.user(Role.RESEARCHER)
    shared = selectors.shared_factsheet_municipalities(user=researcher)
    assert [(m.name, [t.name for t in m.teams]) for m in shared] == [
        ("Zaanstad", [world.shared_team.name])
    ]
    assert shared[0].url == f"/factsheets/gemeente/{world.shared.pk}/"
    assert selectors.factsheet_municipalities(user=world.user(Role.RESIDENT)) == []
    assert selectors.shared_factsheet_municipalities(user=world.user(Role.POLICY_OFFICER)) == []


def test_export_rows_hold_every_table(world: Any) -> None:
    sheet = selectors.team_factsheet(
        user=world.user(Role.POLICY_OFFICER), team=world.team, year=YEAR
    )
    header, rows = selectors.export_rows(sheet)
    assert header == ["Section", "Row", "Column", "Value"]
    sections = {row[0] for row in rows}
    assert "Facts" in sections and "Shared perspective" in sections
    assert any(section.startswith("Self-assessment") for section in sections)
    members = [
        row for row in rows if row[0] == sheet.tables["rings"].caption and row[2] == "Members"
    ]
    assert [row[3] for row in members] == [10, "<10", "<10", "<10", "–"]
