"""Reads: substitution per quarter (exact for team roles, suppressed for others), the
selectors for the neighbourhood and place pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.initiatives import selectors
from wijkkompas.initiatives.constants import AnswerKind, Stage
from wijkkompas.initiatives.tests.factories import InitiativeFactory, OpportunityFactory
from wijkkompas.residents.tests.factories import HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def _conversations(world, outcome: str, n: int, held_on: dt.date) -> None:
    resident = ResidentFactory(household=HouseholdFactory(team=world.team))
    for _ in range(n):
        ConversationFactory(resident=resident, outcome=outcome, held_on=held_on)


def test_quarters_are_counted_by_where_questions_were_answered(world):
    world.conversation.delete()
    _conversations(world, "own_network", 6, dt.date(2026, 10, 5))
    _conversations(world, "collective", 9, dt.date(2026, 11, 1))
    _conversations(world, "general", 2, dt.date(2026, 10, 9))
    _conversations(world, "wmo", 10, dt.date(2026, 10, 10))
    _conversations(world, "second_line", 3, dt.date(2026, 8, 10))
    data = selectors.substitution(user=world.user(Role.PROFESSIONAL), today=TODAY)
    assert [item.team for item in data] == [world.team]
    rows = {row.label: row for row in data[0].rows}
    assert len(rows) == 8
    q4 = rows["2026 K4"]
    assert q4.cell(AnswerKind.COLLECTIVE).value == 15
    assert q4.cell(AnswerKind.GENERAL).value == 2
    assert q4.cell(AnswerKind.INDIVIDUAL).value == 10
    assert q4.share == pytest.approx(15 / 27)
    assert rows["2026 K3"].cell(AnswerKind.INDIVIDUAL).value == 3
    assert rows["2026 K3"].share == 0


def test_non_case_roles_see_suppressed_figures(world):
    world.conversation.delete()
    _conversations(world, "collective", 15, dt.date(2026, 10, 5))
    _conversations(world, "wmo", 12, dt.date(2026, 10, 5))
    _conversations(world, "general", 3, dt.date(2026, 10, 5))
    data = selectors.substitution(user=world.user(Role.POLICY_OFFICER), today=TODAY)
    teams = [item.team for item in data]
    assert world.team in teams and world.sibling in teams
    item = next(i for i in data if i.team == world.team)
    q4 = item.rows[-1]
    assert q4.table.suppressed
    assert q4.cell(AnswerKind.GENERAL).is_hidden
    shown: list[Any] = [q4.cell(k) for k in AnswerKind.values]
    # One small cell is hidden: a second one is hidden too, so it cannot be derived.
    total: Any = q4.table.total
    assert sum(c.is_hidden for c in shown) >= 2 or total.is_hidden
    for cell in shown:
        assert cell.is_hidden or cell.value % 5 == 0
    assert item.suppressed and item.explanation


def test_an_empty_quarter_shows_no_share(world):
    data = selectors.substitution(user=world.user(Role.POLICY_OFFICER), today=TODAY)
    assert all(row.share is None for item in data for row in item.rows)


def test_the_substitution_chart_has_a_line_per_team(world):
    _conversations(world, "collective", 4, dt.date(2026, 10, 5))
    data = selectors.substitution(user=world.user(Role.TEAM_LEAD), today=TODAY)
    chart = selectors.substitution_chart(data)
    assert chart is not None
    assert [s.name for s in chart.series] == [world.team.name]
    assert chart.series[0].points[-1].value == "100%"


def test_the_researcher_sees_teams_of_sharing_municipalities_only(world):
    data = selectors.substitution(user=world.user(Role.RESEARCHER), today=TODAY)
    assert [item.team for item in data] == [world.foreign]


def test_initiatives_at_a_place_and_in_a_neighbourhood(world):
    InitiativeFactory(team=world.team, name="Gestopt", stage=Stage.STOPPED)
    professional = world.user(Role.PROFESSIONAL)
    assert selectors.initiatives_at_place(world.place, professional) == [world.initiative]
    names = [
        i.name for i in selectors.initiatives_for_neighbourhood(world.neighbourhood, professional)
    ]
    assert names == ["Buurtmaaltijd in het dorpshuis", "Gestopt"]
    assert (
        selectors.initiatives_for_neighbourhood(world.neighbourhood, world.users["other_initiator"])
        == []
    )


def test_opportunities_for_an_area(world):
    dropped = OpportunityFactory(team=world.team, status="dropped")
    found = selectors.opportunities_for_area(
        user=world.user(Role.PROFESSIONAL),
        area_kind="neighbourhood",
        area_id=world.neighbourhood.pk,
    )
    assert found == [world.opportunity]
    assert dropped not in found
    assert (
        selectors.opportunities_for_area(
            user=world.users["sibling_professional"],
            area_kind="neighbourhood",
            area_id=world.neighbourhood.pk,
        )
        == []
    )


def test_the_signal_is_described_by_the_signals_app(world):
    text = selectors.signal_text(world.opportunity)
    assert "eenzaam" in text.lower()
    key: Any = selectors.signal_key(world.opportunity)
    assert (key.area_kind, key.area_id, key.measure) == (
        "neighbourhood",
        world.neighbourhood.pk,
        "theme:eenzaam",
    )
