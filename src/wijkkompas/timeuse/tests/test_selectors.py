"""Reads: members see their own weeks, the team lead the team's; aggregates per week and
month; other roles see shares only above the small-cell threshold."""

from __future__ import annotations

from typing import Any

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.timeuse import selectors
from wijkkompas.timeuse.models import TimeSplit
from wijkkompas.timeuse.weeks import parse_week, this_week, week_key

from .conftest import World, weeks_ago


def _visible(user: Any) -> set[int]:
    return set(TimeSplit.objects.visible_to(user).values_list("pk", flat=True))


def test_who_sees_which_weeks(world: World) -> None:
    team_rows = set(TimeSplit.objects.filter(team=world.team).values_list("pk", flat=True))
    own = set(TimeSplit.objects.filter(user=world.members[0]).values_list("pk", flat=True))
    assert _visible(world.members[0]) == own
    assert _visible(world.lead) == team_rows
    assert _visible(world.outsider) == set()
    assert _visible(world.foreign) == set(
        TimeSplit.objects.filter(team=world.foreign_team).values_list("pk", flat=True)
    )
    for role in (Role.POLICY_OFFICER, Role.RESEARCHER, Role.ADMIN, Role.PRIVACY_OFFICER):
        assert _visible(world.user(role)) == set()


def test_reads_of_weeks_are_logged_with_a_purpose(world: World) -> None:
    rows = selectors.team_weeks(user=world.lead, team=world.team, since=weeks_ago(4))
    assert len(rows) == 5
    entry = AccessLogEntry.objects.filter(event=Event.READ).latest("pk")
    assert entry.purpose == Purpose.TEAM_MANAGEMENT
    assert entry.object_count == 5
    own = selectors.own_weeks(user=world.members[1], team=world.team)
    assert {row.user_id for row in own} == {world.members[1].pk}


def test_the_split_per_week(world: World) -> None:
    rows = selectors.split_rows(
        team_ids=[world.team.pk], start=weeks_ago(2), end=this_week(), by=selectors.WEEK
    )
    assert [r.start for r in rows] == [weeks_ago(2), weeks_ago(1)]
    two_weeks_ago, last_week = rows
    # Two weeks ago: (60, 20, 10, 10) and (50, 25, 15, 10).
    assert two_weeks_ago.respondents == 2
    assert two_weeks_ago.shares == {
        "casework": 55.0,
        "collective": 22.5,
        "network": 12.5,
        "overhead": 10.0,
    }
    assert two_weeks_ago.collective_share == 35.0
    # Last week: (70, 10, 10, 10), (80, 5, 5, 10) and the coordinator's (60, 20, 10, 10).
    assert last_week.respondents == 3
    assert last_week.shares["casework"] == 70.0


def test_the_team_sees_its_split_exactly_with_the_response(world: World) -> None:
    split = selectors.team_split(
        user=world.members[0], team=world.team, start=weeks_ago(4), end=this_week()
    )
    assert split.exact and split.by == selectors.WEEK
    assert split.members == 4  # the lead and three members
    last = split.rows[-1]
    assert last.respondents.value == 3
    assert last.response_rate.value == 75.0
    assert split.total.respondents.value == 3


def test_other_roles_see_shares_only_above_the_threshold(world: World) -> None:
    split = selectors.team_split(
        user=world.user(Role.POLICY_OFFICER), team=world.team, start=weeks_ago(4), end=this_week()
    )
    assert not split.exact and split.by == selectors.MONTH
    assert split.members is None
    for row in [*split.rows, split.total]:
        assert row.respondents.is_hidden
        assert all(share.is_hidden and share.value is None for _k, _l, share in row.shares)
        assert row.collective.is_hidden
    assert split.explanation


def test_export_rows_are_the_cells_of_the_page(world: World) -> None:
    split = selectors.team_split(
        user=world.lead, team=world.team, start=weeks_ago(4), end=this_week()
    )
    header, rows = selectors.export_rows(split)
    assert len(header) == 8
    assert rows[0][0] == week_key(weeks_ago(2))
    assert rows[-1][1] == 3


def test_prefill_is_last_weeks_split(world: World) -> None:
    weeks = selectors.own_weeks(user=world.members[0], team=world.team)
    found = selectors.prefill(weeks=weeks, week=this_week())
    assert found is not None and found.week == weeks_ago(1)
    assert (found.casework, found.collective) == (70, 10)


def test_week_names() -> None:
    assert parse_week("2026-W48") is not None
    assert parse_week(week_key(this_week())) == this_week()
    for bad in ("", "2026-W99", "week", None, "2026-13-01"):
        assert parse_week(bad) is None


def test_the_indicators_of_the_catalogue(world: World) -> None:
    from wijkkompas.indicators.catalogue import Period, Scope, compute

    scope = Scope(municipality_id=world.gm.pk, team_id=world.team.pk)
    period = Period.containing("year", this_week())
    split = selectors.split_total(team_ids=[world.team.pk], start=period.start, end=period.end)
    figures = compute("time_for_collective", scope, period)
    # The same number as the team's page: the shares of every recorded member-week.
    assert figures.headline == split.collective_share
    assert figures.headline_base == split.respondents
    recorded = compute("time_recorded", Scope(municipality_id=world.gm.pk), period)
    assert recorded.headline == 3  # the foreign team is another municipality
    # No team names in the rows: a team role may not see every team of the municipality.
    assert all(str(world.team.name) not in str(label) for label, _values in recorded.rows)
