"""Writes of the risk register: permission, validation, history in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.risks import services
from wijkkompas.risks.constants import ChangeKind, RiskCategory, RiskStatus
from wijkkompas.risks.models import TeamRisk, TeamRiskChange

pytestmark = pytest.mark.django_db

IN_A_MONTH = dt.date.today() + dt.timedelta(days=30)


def _create(world: Any, user: Any, **extra: Any) -> TeamRisk:
    fields: dict[str, Any] = {
        "title": "Personeelsverloop",
        "category": RiskCategory.STAFF_TURNOVER,
        "likelihood": 3,
        "impact": 4,
        "review_date": IN_A_MONTH,
    } | extra
    return services.team_risk_create(user=user, team=world.team, **fields)


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.COORDINATOR])
def test_create_writes_the_first_line_of_history(world: Any, role: str) -> None:
    user = world.user(role)
    risk = _create(world, user, owner=world.user(Role.PROFESSIONAL), note="Twee vertrekkers.")
    assert risk.score == 12 and risk.level == "medium" and risk.status == RiskStatus.OPEN
    (change,) = risk.changes.all()
    assert change.kind == ChangeKind.CREATED and change.changed_by == user
    assert (change.new_likelihood, change.new_impact, change.new_owner) == (
        3,
        4,
        world.user(Role.PROFESSIONAL),
    )
    assert change.note == "Twee vertrekkers."


@pytest.mark.parametrize(
    "role", [Role.PROFESSIONAL, Role.POLICY_OFFICER, Role.ADMIN, Role.RESEARCHER, Role.RESIDENT]
)
def test_other_roles_may_not_register(world: Any, role: str) -> None:
    with pytest.raises(PermissionDenied):
        _create(world, world.user(role))
    assert not TeamRisk.objects.filter(title="Personeelsverloop").exists()


def test_a_team_lead_of_another_team_may_not_register_here(world: Any) -> None:
    for user in (world.user("sibling_lead"), world.user("foreign_lead")):
        with pytest.raises(PermissionDenied):
            _create(world, user)
    assert not TeamRiskChange.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"likelihood": 0}, "likelihood"),
        ({"likelihood": 6}, "likelihood"),
        ({"impact": 9}, "impact"),
        ({"impact": "3"}, "impact"),
        ({"title": "   "}, "title"),
        ({"review_date": None}, "review_date"),
        ({"category": "nonsense"}, "category"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world: Any, fields: dict, field: str) -> None:
    with pytest.raises(ApplicationError) as refused:
        _create(world, world.user(Role.TEAM_LEAD), **fields)
    assert refused.value.field == field
    assert str(refused.value.message)
    assert not TeamRisk.objects.filter(title="Personeelsverloop").exists()


def test_the_owner_must_be_a_member_of_the_team(world: Any) -> None:
    for owner in (world.user("sibling_lead"), world.user(Role.POLICY_OFFICER)):
        with pytest.raises(ApplicationError) as refused:
            _create(world, world.user(Role.TEAM_LEAD), owner=owner)
        assert refused.value.field == "owner"
    assert not TeamRisk.objects.filter(title="Personeelsverloop").exists()


def test_update_records_old_and_new_values(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    risk = world.risk
    services.team_risk_update(
        user=lead,
        risk=risk,
        likelihood=2,
        owner=world.user(Role.TEAM_LEAD),
        status=RiskStatus.HANDLING,
        measures="Extra spreekuur met de schuldhulp.",
        note="Afspraken gemaakt met de gemeente.",
    )
    risk.refresh_from_db()
    assert (risk.likelihood, risk.status, risk.owner) == (2, RiskStatus.HANDLING, lead)
    change = risk.changes.get()
    assert change.kind == ChangeKind.UPDATED and change.changed_by == lead
    assert (change.old_likelihood, change.new_likelihood) == (4, 2)
    assert (change.old_impact, change.new_impact) == (4, 4) and not change.impact_changed
    assert (change.old_status, change.new_status) == (RiskStatus.OPEN, RiskStatus.HANDLING)
    assert change.owner_changed
    assert (change.old_owner, change.new_owner) == (world.user(Role.COORDINATOR), lead)
    assert change.changed_fields == ["measures"]


def test_update_without_a_change_writes_no_history(world: Any) -> None:
    services.team_risk_update(user=world.user(Role.TEAM_LEAD), risk=world.risk, impact=4)
    assert not world.risk.changes.exists()


def test_update_is_atomic(world: Any) -> None:
    """When the history cannot be written, the risk is not changed either."""
    with (
        mock.patch.object(services, "_record", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.team_risk_update(user=world.user(Role.TEAM_LEAD), risk=world.risk, likelihood=1)
    world.risk.refresh_from_db()
    assert world.risk.likelihood == 4
    assert not TeamRiskChange.objects.exists()


def test_create_is_atomic(world: Any) -> None:
    with (
        mock.patch.object(services, "_record", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        _create(world, world.user(Role.TEAM_LEAD))
    assert not TeamRisk.objects.filter(title="Personeelsverloop").exists()


def test_update_refuses_bad_input_and_keeps_the_risk(world: Any) -> None:
    with pytest.raises(ApplicationError):
        services.team_risk_update(
            user=world.user(Role.TEAM_LEAD), risk=world.risk, likelihood=7, title="Nieuw"
        )
    world.risk.refresh_from_db()
    assert (world.risk.likelihood, world.risk.title) == (4, "Wachtlijst schuldhulp")
    assert not world.risk.changes.exists()


def test_update_may_not_close(world: Any) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.team_risk_update(
            user=world.user(Role.TEAM_LEAD), risk=world.risk, status=RiskStatus.CLOSED
        )
    assert refused.value.field == "status"


def test_professional_may_not_change_and_other_teams_do_not_exist(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.team_risk_update(user=world.user(Role.PROFESSIONAL), risk=world.risk, impact=1)
    for user in (world.user("sibling_lead"), world.user("foreign_lead"), world.user("admin")):
        with pytest.raises(Http404):
            services.team_risk_update(user=user, risk=world.risk, impact=1)
        with pytest.raises(Http404):
            services.team_risk_close(user=user, risk=world.risk, note="Weg")
    world.risk.refresh_from_db()
    assert world.risk.impact == 4 and world.risk.status == RiskStatus.OPEN


def test_review_records_new_scores_note_and_date(world: Any) -> None:
    coordinator = world.user(Role.COORDINATOR)
    next_review = dt.date.today() + dt.timedelta(days=60)
    old_date = world.risk.review_date
    services.team_risk_review(
        user=coordinator,
        risk=world.risk,
        likelihood=3,
        impact=5,
        note="Wachtlijst gegroeid naar tien weken.",
        review_date=next_review,
    )
    world.risk.refresh_from_db()
    assert (world.risk.likelihood, world.risk.impact, world.risk.review_date) == (
        3,
        5,
        next_review,
    )
    change = world.risk.changes.get()
    assert change.kind == ChangeKind.REVIEWED
    assert (change.old_likelihood, change.new_likelihood, change.old_impact, change.new_impact) == (
        4,
        3,
        4,
        5,
    )
    assert (change.old_review_date, change.new_review_date) == (old_date, next_review)
    assert change.note == "Wachtlijst gegroeid naar tien weken."


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"note": " "}, "note"),
        ({"review_date": dt.date.today()}, "review_date"),
        ({"review_date": dt.date.today() - dt.timedelta(days=1)}, "review_date"),
        ({"likelihood": 0}, "likelihood"),
        ({"impact": 6}, "impact"),
    ],
)
def test_review_refuses_bad_input(world: Any, fields: dict, field: str) -> None:
    data = {
        "likelihood": 2,
        "impact": 2,
        "note": "Bekeken",
        "review_date": IN_A_MONTH + dt.timedelta(days=30),
    } | fields
    with pytest.raises(ApplicationError) as refused:
        services.team_risk_review(user=world.user(Role.TEAM_LEAD), risk=world.risk, **data)
    assert refused.value.field == field
    world.risk.refresh_from_db()
    assert (world.risk.likelihood, world.risk.impact) == (4, 4)
    assert not world.risk.changes.exists()


def test_close_and_reopen(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    with pytest.raises(ApplicationError):
        services.team_risk_close(user=lead, risk=world.risk, note="")
    services.team_risk_close(user=lead, risk=world.risk, note="Wachtlijst weggewerkt.")
    assert world.risk.status == RiskStatus.CLOSED
    with pytest.raises(ApplicationError):
        services.team_risk_close(user=lead, risk=world.risk, note="Nog eens")
    with pytest.raises(ApplicationError):
        services.team_risk_update(user=lead, risk=world.risk, impact=1)
    with pytest.raises(ApplicationError):
        services.team_risk_review(
            user=lead, risk=world.risk, likelihood=1, impact=1, note="x", review_date=IN_A_MONTH
        )
    services.team_risk_reopen(user=lead, risk=world.risk, note="Wachtlijst loopt weer op.")
    assert world.risk.status == RiskStatus.OPEN
    with pytest.raises(ApplicationError):
        services.team_risk_reopen(user=lead, risk=world.risk, note="Nog eens")
    kinds = [(c.kind, c.old_status, c.new_status) for c in world.risk.changes.order_by("pk")]
    assert kinds == [
        (ChangeKind.CLOSED, RiskStatus.OPEN, RiskStatus.CLOSED),
        (ChangeKind.REOPENED, RiskStatus.CLOSED, RiskStatus.OPEN),
    ]


def test_the_operator_may_keep_any_register(world: Any) -> None:
    risk = services.team_risk_create(
        user=world.user("operator"),
        team=world.foreign_team,
        title="Privacy bij gegevensdeling",
        likelihood=2,
        impact=5,
        review_date=IN_A_MONTH,
    )
    assert risk.level == "medium"
