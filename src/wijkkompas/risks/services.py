"""Writes of the team risk register.

Rules (with the message the user sees):

* a risk belongs to a team; the team lead and the coordinator of that team register and
  keep its risks (``accounts.access``: ``change_team``); anyone else is refused;
* likelihood and impact are whole numbers from 1 to 5;
* the owner is an active account of the team (a team role);
* a closed risk is not changed or reviewed until it is reopened;
* a review records new scores, a note and the date of the next review, which lies in the
  future.

Every function checks permission, validates fully, writes the risk and a line of its
history (:class:`~wijkkompas.risks.models.TeamRiskChange`) in one transaction: either
both are saved or nothing is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.constants import TEAM_ROLES, Action
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from .constants import SCALE, ChangeKind, RiskStatus
from .models import TeamRisk, TeamRiskChange
from .selectors import may_keep_register

#: The fields a user fills in when registering or changing a risk.
RISK_FIELDS = (
    "title",
    "description",
    "category",
    "likelihood",
    "impact",
    "owner",
    "measures",
    "review_date",
    "status",
)
#: Fields recorded by name only in the history (their text is on the risk itself).
_TEXT_FIELDS = ("title", "description", "category", "measures")


def _check_scale(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        if field == "likelihood":
            message = _("Choose a likelihood from 1 (very unlikely) to 5 (almost certain).")
        else:
            message = _("Choose an impact from 1 (very small) to 5 (very serious).")
        raise ApplicationError(message, field=field)
    return value


def _check_owner(risk: TeamRisk) -> None:
    owner = risk.owner
    if owner is None:
        return
    if (
        not owner.is_active
        or owner.role not in TEAM_ROLES
        or not owner.teams.filter(pk=risk.team_id).exists()
    ):
        raise ApplicationError(
            _("The owner must be an active member of the team with an account."), field="owner"
        )


def _check(risk: TeamRisk) -> None:
    if not (risk.title or "").strip():
        raise ApplicationError(_("Give the risk a short title."), field="title")
    risk.title = risk.title.strip()
    _check_scale(risk.likelihood, "likelihood")
    _check_scale(risk.impact, "impact")
    if risk.review_date is None:
        raise ApplicationError(
            _("Choose the date of the next review of this risk."), field="review_date"
        )
    _check_owner(risk)
    _full_clean(risk, exclude=["team"])


def _snapshot(risk: TeamRisk) -> dict[str, Any]:
    return {name: getattr(risk, name if name != "owner" else "owner_id") for name in RISK_FIELDS}


def _record(
    *,
    risk: TeamRisk,
    user: Any,
    kind: str,
    before: dict[str, Any] | None,
    note: str = "",
) -> TeamRiskChange:
    """Write one line of history comparing ``before`` (None: just registered) with now."""
    after = _snapshot(risk)
    old = before or {}
    change = TeamRiskChange(
        risk=risk,
        kind=kind,
        changed_by=user if getattr(user, "pk", None) else None,
        old_likelihood=old.get("likelihood"),
        new_likelihood=risk.likelihood,
        old_impact=old.get("impact"),
        new_impact=risk.impact,
        old_status=old.get("status", ""),
        new_status=risk.status,
        old_owner_id=old.get("owner"),
        new_owner_id=risk.owner_id,
        owner_changed=before is not None and old.get("owner") != risk.owner_id,
        old_review_date=old.get("review_date"),
        new_review_date=risk.review_date,
        changed_fields=[
            name for name in _TEXT_FIELDS if before is not None and old.get(name) != after[name]
        ],
        note=(note or "").strip(),
    )
    change.full_clean(exclude=["risk", "changed_by", "old_owner", "new_owner"])
    change.save()
    return change


@transaction.atomic
def team_risk_create(*, user: Any, team: Any, note: str = "", **fields: Any) -> TeamRisk:
    """Register a risk of ``team``; the first line of its history says who registered it."""
    if not may_keep_register(user=user, team=team):
        raise PermissionDenied
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise TypeError(f"unknown risk fields: {sorted(unknown)}")
    risk = TeamRisk(team=team, **fields)
    _check(risk)
    risk.save()
    _record(risk=risk, user=user, kind=ChangeKind.CREATED, before=None, note=note)
    return risk


def _refuse_closed(risk: TeamRisk) -> None:
    if risk.is_closed:
        raise ApplicationError(_("This risk is closed. Reopen it first to change or review it."))


@transaction.atomic
def team_risk_update(*, user: Any, risk: TeamRisk, note: str = "", **fields: Any) -> TeamRisk:
    """Change the fields of an open risk; the history records what changed (old → new)."""
    _require(user, Action.CHANGE, risk)
    _refuse_closed(risk)
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise TypeError(f"unknown risk fields: {sorted(unknown)}")
    if fields.get("status") == RiskStatus.CLOSED:
        raise ApplicationError(
            _("Close a risk with the button Close, so the reason is recorded."), field="status"
        )
    before = _snapshot(risk)
    for name, value in fields.items():
        setattr(risk, name, value)
    _check(risk)
    if _snapshot(risk) == before and not (note or "").strip():
        return risk  # nothing changed: no line of history
    risk.save()
    _record(risk=risk, user=user, kind=ChangeKind.UPDATED, before=before, note=note)
    return risk


@transaction.atomic
def team_risk_review(
    *,
    user: Any,
    risk: TeamRisk,
    likelihood: int,
    impact: int,
    note: str,
    review_date: dt.date,
) -> TeamRisk:
    """Record a review: the team looked at the risk again, scored it anew, wrote down why
    (``note``) and chose the date of the next review (after today)."""
    _require(user, Action.CHANGE, risk)
    _refuse_closed(risk)
    if not (note or "").strip():
        raise ApplicationError(
            _("Write down briefly what the team concluded in this review."), field="note"
        )
    if review_date is None or review_date <= timezone.localdate():
        raise ApplicationError(_("The next review must be after today."), field="review_date")
    before = _snapshot(risk)
    risk.likelihood = _check_scale(likelihood, "likelihood")
    risk.impact = _check_scale(impact, "impact")
    risk.review_date = review_date
    _check(risk)
    risk.save()
    _record(risk=risk, user=user, kind=ChangeKind.REVIEWED, before=before, note=note)
    return risk


def _set_status(*, user: Any, risk: TeamRisk, note: str, status: str, kind: str) -> TeamRisk:
    before = _snapshot(risk)
    risk.status = status
    risk.save()
    _record(risk=risk, user=user, kind=kind, before=before, note=note)
    return risk


@transaction.atomic
def team_risk_close(*, user: Any, risk: TeamRisk, note: str) -> TeamRisk:
    """Close a risk that no longer applies or is under control, with the reason why."""
    _require(user, Action.CHANGE, risk)
    if risk.is_closed:
        raise ApplicationError(_("This risk is already closed."))
    if not (note or "").strip():
        raise ApplicationError(_("Write down why the risk can be closed."), field="note")
    return _set_status(
        user=user, risk=risk, note=note, status=RiskStatus.CLOSED, kind=ChangeKind.CLOSED
    )


@transaction.atomic
def team_risk_reopen(*, user: Any, risk: TeamRisk, note: str) -> TeamRisk:
    """Reopen a closed risk (it applies again), with the reason why."""
    _require(user, Action.CHANGE, risk)
    if not risk.is_closed:
        raise ApplicationError(_("This risk is not closed."))
    if not (note or "").strip():
        raise ApplicationError(_("Write down why the risk is reopened."), field="note")
    return _set_status(
        user=user, risk=risk, note=note, status=RiskStatus.OPEN, kind=ChangeKind.REOPENED
    )
