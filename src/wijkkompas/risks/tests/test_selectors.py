"""Reads of the risk register: scoped to the team's members, sorted, counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.risks import selectors
from wijkkompas.risks.constants import RiskCategory, RiskStatus
from wijkkompas.risks.tests.factories import TeamRiskFactory

pytestmark = pytest.mark.django_db

YESTERDAY = dt.date.today() - dt.timedelta(days=1)


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD])
def test_team_members_see_their_register(world: Any, role: str) -> None:
    user = world.user(role)
    assert list(selectors.risk_list(user=user, team=world.team)) == [world.risk]
    assert list(selectors.open_team_risks(user=user, team=world.team)) == [world.risk]
    assert list(selectors.risk_list(user=user, team=world.sibling)) == []
    assert selectors.may_view_register(user=user, team=world.team)
    assert not selectors.may_view_register(user=user, team=world.sibling)
    assert selectors.may_keep_register(user=user, team=world.team) == (role != Role.PROFESSIONAL)


@pytest.mark.parametrize(
    "role",
    [Role.POLICY_OFFICER, Role.ADMIN, Role.RESEARCHER, Role.PRIVACY_OFFICER, Role.RESIDENT],
)
def test_other_roles_see_no_register(world: Any, role: str) -> None:
    user = world.user(role)
    assert not selectors.open_team_risks(user=user, team=world.team).exists()
    assert not selectors.may_view_register(user=user, team=world.team)
    assert not selectors.register_teams(user=user).exists()
    with pytest.raises(Http404):
        selectors.risk_get(user=user, pk=world.risk.pk)


def test_other_tenants_risk_is_not_found(world: Any) -> None:
    with pytest.raises(Http404):
        selectors.risk_get(user=world.user("foreign_lead"), pk=world.risk.pk)
    with pytest.raises(Http404):
        selectors.risk_get(user=world.user(Role.TEAM_LEAD), pk=world.foreign_risk.pk)


def test_register_is_sorted_by_score_and_filtered(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    low = TeamRiskFactory(team=world.team, title="Laag", likelihood=1, impact=2)
    high = TeamRiskFactory(
        team=world.team, title="Hoog", likelihood=5, impact=5, review_date=YESTERDAY
    )
    closed = TeamRiskFactory(
        team=world.team, title="Dicht", status=RiskStatus.CLOSED, review_date=YESTERDAY
    )
    funding = TeamRiskFactory(
        team=world.team,
        title="Geld",
        category=RiskCategory.FUNDING,
        status=RiskStatus.HANDLING,
    )
    risks = list(selectors.risk_list(user=lead, team=world.team))
    assert risks == [high, world.risk, funding, low]
    assert [getattr(r, "risk_score") for r in risks] == [25, 16, 9, 2]  # noqa: B009
    assert [getattr(r, "is_overdue") for r in risks] == [True, False, False, False]  # noqa: B009
    assert list(selectors.risk_list(user=lead, team=world.team, status="closed")) == [closed]
    assert len(selectors.risk_list(user=lead, team=world.team, status="all")) == 5
    assert list(selectors.risk_list(user=lead, team=world.team, status=RiskStatus.HANDLING)) == [
        funding
    ]
    assert list(selectors.risk_list(user=lead, team=world.team, category=RiskCategory.FUNDING)) == [
        funding
    ]
    assert list(selectors.risk_list(user=lead, team=world.team, overdue=True)) == [high]
    assert list(selectors.risk_list(user=lead, team=world.team, status="all", overdue=True)) == [
        high
    ]
    summary = selectors.register_summary(user=lead, team=world.team)
    assert summary == selectors.RegisterSummary(active=4, high=2, overdue=1)


def test_matrix_counts_the_risks_that_need_attention(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    TeamRiskFactory(team=world.team, likelihood=4, impact=4)
    TeamRiskFactory(team=world.team, likelihood=1, impact=5)
    TeamRiskFactory(team=world.team, likelihood=2, impact=2, status=RiskStatus.CLOSED)
    matrix = selectors.risk_matrix(user=lead, team=world.team)
    assert matrix.total == 3
    assert [row.impact for row in matrix.rows] == [5, 4, 3, 2, 1]
    counts = {(c.likelihood, c.impact): c.count for row in matrix.rows for c in row.cells}
    assert counts[(4, 4)] == 2 and counts[(1, 5)] == 1 and counts[(2, 2)] == 0
    assert sum(counts.values()) == 3 and len(counts) == 25
    chart = selectors.matrix_chart(matrix)
    assert len(chart.cells) == 25
    top_left = chart.cells[0].cell
    assert (top_left.likelihood, top_left.impact, top_left.level) == (1, 5, "medium")
    assert chart.cells[4].cell.level == "high" and chart.cells[20].cell.level == "low"
    # Nobody else sees anything in it.
    assert selectors.risk_matrix(user=world.user("sibling_lead"), team=world.team).total == 0


def test_open_team_risks_leaves_out_closed_ones(world: Any, django_assert_num_queries: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    TeamRiskFactory(team=world.team, status=RiskStatus.CLOSED)
    handling = TeamRiskFactory(team=world.team, status=RiskStatus.HANDLING, likelihood=1)
    with django_assert_num_queries(2):  # the user's teams, then the risks with their owners
        risks = list(selectors.open_team_risks(user=lead, team=world.team))
        assert [r.owner for r in risks] == [world.user(Role.COORDINATOR), None]
    assert risks == [world.risk, handling]


def test_history_and_owner_choices(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    owners = list(selectors.owner_choices(teams=[world.team.pk]))
    assert set(owners) == {
        world.user(Role.PROFESSIONAL),
        world.user(Role.COORDINATOR),
        world.user(Role.TEAM_LEAD),
    }
    assert not selectors.risk_history(user=world.user("sibling_lead"), risk=world.risk).exists()
    assert list(selectors.risk_history(user=lead, risk=world.risk)) == []


def test_index_teams_and_summaries(world: Any) -> None:
    operator = world.user("operator")
    assert set(selectors.register_teams(user=operator)) == {
        world.team,
        world.sibling,
        world.foreign_team,
    }
    professional = world.user(Role.PROFESSIONAL)
    assert list(selectors.register_teams(user=professional)) == [world.team]
    assert not selectors.register_teams(user=professional, action="change").exists()
    summaries = selectors.register_summaries(user=professional, teams=[world.team, world.sibling])
    assert summaries == {world.team.pk: selectors.RegisterSummary(1, 1, 0)}
