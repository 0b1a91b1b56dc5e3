"""Writes of reflection sessions and follow-up actions.

Rules (with the message the user sees):

* the team lead of a team plans, records and edits its sessions, and records and reviews
  their follow-up actions; the owner of an action may mark it done; anyone else is refused;
* a session has a title and a date; its facilitator and participants are members of the
  team;
* a session is recorded once, on a day that is not in the future, with at least one
  answer; recording stores what was on the table (indicators, open risks);
* a held session is never silently overwritten: every change writes a line of history,
  and a change after the session marks the record as updated;
* an action has a decision, an owner who is an active member of the team with an
  account, and a due date not before the session;
* an action is reviewed in a later session of the same team; a done or dropped action is
  not reviewed again.

Every function checks permission, validates fully and writes in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.constants import TEAM_ROLES, Action
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from .constants import (
    OUTCOME_STATUS,
    RECORD_FIELDS,
    ChangeKind,
    ReflectionStatus,
    ReviewOutcome,
)
from .models import ActionReview, FollowUpAction, Reflection, ReflectionChange
from .selectors import may_complete_action, may_keep, on_the_table, snapshot_of

#: The fields of a session's planning.
PLAN_FIELDS = ("title", "planned_on", "facilitator")
#: Every field a user may change on a session (participants apart).
EDIT_FIELDS = (*PLAN_FIELDS, "held_on", *RECORD_FIELDS)


def _by(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def _check_members(team: Any, facilitator: Any, participants: Iterable[Any]) -> list[Any]:
    people = list(participants)
    for member in [facilitator, *people]:
        if member is not None and member.team_id != team.pk:
            raise ApplicationError(
                _("Facilitator and participants must be members of the team."),
                field="participants" if member is not facilitator else "facilitator",
            )
    return people


def _check_session(reflection: Reflection) -> None:
    reflection.title = (reflection.title or "").strip()
    if not reflection.title:
        raise ApplicationError(_("Give the session a short title."), field="title")
    if not isinstance(reflection.planned_on, dt.date):
        raise ApplicationError(_("Choose the date of the session."), field="planned_on")
    for name in RECORD_FIELDS:
        setattr(reflection, name, (getattr(reflection, name) or "").strip())
    _full_clean(reflection, exclude=["team", "facilitator", "participants"])


def _record_change(
    *, reflection: Reflection, user: Any, kind: str, fields: Iterable[str] = (), note: str = ""
) -> ReflectionChange:
    change = ReflectionChange(
        reflection=reflection,
        kind=kind,
        changed_by=_by(user),
        changed_fields=list(fields),
        note=(note or "").strip(),
    )
    change.full_clean(exclude=["reflection", "changed_by"])
    change.save()
    return change


@transaction.atomic
def reflection_plan(
    *,
    user: Any,
    team: Any,
    title: str,
    planned_on: dt.date,
    facilitator: Any = None,
    participants: Iterable[Any] = (),
    note: str = "",
) -> Reflection:
    """Plan a session of ``team`` (its team lead): title, date, facilitator, participants."""
    if not may_keep(user=user, team=team):
        raise PermissionDenied
    people = _check_members(team, facilitator, participants)
    reflection = Reflection(
        team=team,
        title=title,
        planned_on=planned_on,
        facilitator=facilitator,
        created_by=_by(user),
    )
    _check_session(reflection)
    reflection.save()
    reflection.participants.set(people)
    _record_change(reflection=reflection, user=user, kind=ChangeKind.PLANNED, note=note)
    return reflection


def _has_answer(reflection: Reflection) -> bool:
    return any((getattr(reflection, name) or "").strip() for name in RECORD_FIELDS)


def _check_held_on(held_on: Any) -> dt.date:
    if not isinstance(held_on, dt.date):
        raise ApplicationError(_("Fill in the day the session was held."), field="held_on")
    if held_on > timezone.localdate():
        raise ApplicationError(
            _("A session is recorded on or after the day it was held, not before."),
            field="held_on",
        )
    return held_on


@transaction.atomic
def reflection_record(
    *,
    user: Any,
    reflection: Reflection,
    held_on: dt.date,
    participants: Iterable[Any] | None = None,
    note: str = "",
    **answers: str,
) -> Reflection:
    """Record a planned session as held: the day, who took part, the answers to the five
    and the two core questions and a summary. The current indicators and open risks of
    the team are stored with it, as they were on the table."""
    _require(user, Action.CHANGE, reflection)
    unknown = set(answers) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unknown record fields: {sorted(unknown)}")
    if reflection.is_held:
        raise ApplicationError(
            _("This session has been recorded already. Change the record instead.")
        )
    reflection.held_on = _check_held_on(held_on)
    for name, value in answers.items():
        setattr(reflection, name, value)
    if not _has_answer(reflection):
        raise ApplicationError(
            _("Write down at least one answer or a summary of the session."), field="keep"
        )
    people = None
    if participants is not None:
        people = _check_members(reflection.team, None, participants)
    reflection.status = ReflectionStatus.HELD
    reflection.recorded_at = timezone.now()
    _check_session(reflection)
    reflection.snapshot = snapshot_of(on_the_table(user=user, reflection=reflection))
    reflection.save()
    if people is not None:
        reflection.participants.set(people)
    _record_change(reflection=reflection, user=user, kind=ChangeKind.RECORDED, note=note)
    return reflection


def _values(reflection: Reflection) -> dict[str, Any]:
    values = {name: getattr(reflection, name) for name in EDIT_FIELDS if name != "facilitator"}
    values["facilitator"] = reflection.facilitator_id
    return values


@transaction.atomic
def reflection_update(
    *,
    user: Any,
    reflection: Reflection,
    participants: Iterable[Any] | None = None,
    note: str = "",
    **fields: Any,
) -> Reflection:
    """Change a session: its planning, or (once held) its record. A change to a held
    session is marked as an update after the session, with who and when, in its history;
    what was on the table stays as it was recorded."""
    _require(user, Action.CHANGE, reflection)
    unknown = set(fields) - set(EDIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    if "held_on" in fields and not reflection.is_held:
        raise ApplicationError(_("Record the session to give the day it was held."))
    before = _values(reflection)
    before_people = set(reflection.participants.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(reflection, name, value)
    if reflection.is_held:
        _check_held_on(reflection.held_on)
        if not _has_answer(reflection):
            raise ApplicationError(
                _("Write down at least one answer or a summary of the session."), field="keep"
            )
    people = _check_members(
        reflection.team, reflection.facilitator, participants if participants is not None else []
    )
    _check_session(reflection)
    after = _values(reflection)
    changed = [name for name in EDIT_FIELDS if before[name] != after[name]]
    if participants is not None and {p.pk for p in people} != before_people:
        changed.append("participants")
    if not changed and not (note or "").strip():
        return reflection  # nothing changed: no line of history
    kind = ChangeKind.CHANGED
    if reflection.is_held:
        kind = ChangeKind.UPDATED
        reflection.amended_at = timezone.now()
    reflection.save()
    if participants is not None:
        reflection.participants.set(people)
    _record_change(reflection=reflection, user=user, kind=kind, fields=changed, note=note)
    return reflection


# --- follow-up actions ---------------------------------------------------------------------


def _check_owner(owner: Any, team: Any) -> None:
    if owner is None:
        raise ApplicationError(_("Choose the team member who sees to this action."), field="owner")
    if (
        not owner.is_active
        or owner.role not in TEAM_ROLES
        or not owner.teams.filter(pk=team.pk).exists()
    ):
        raise ApplicationError(
            _("The owner must be an active member of the team with an account."), field="owner"
        )


@transaction.atomic
def action_add(
    *, user: Any, reflection: Reflection, decision: str, owner: Any, due_date: dt.date
) -> FollowUpAction:
    """Record a decision of the session as a follow-up action with an owner and a due date
    (not before the session)."""
    _require(user, Action.CHANGE, reflection)
    decision = (decision or "").strip()
    if not decision:
        raise ApplicationError(_("Write down what the team decided."), field="decision")
    _check_owner(owner, reflection.team)
    if not isinstance(due_date, dt.date):
        raise ApplicationError(_("Choose the date the action is due."), field="due_date")
    if due_date < (reflection.held_on or reflection.planned_on):
        raise ApplicationError(_("The due date cannot be before the session."), field="due_date")
    action = FollowUpAction(
        reflection=reflection,
        decision=decision,
        owner=owner,
        due_date=due_date,
        created_by=_by(user),
    )
    _full_clean(action, exclude=["reflection", "owner", "created_by", "reviewed_in"])
    action.save()
    return action


def _review(
    *, action: FollowUpAction, user: Any, reflection: Reflection | None, outcome: str, note: str
) -> FollowUpAction:
    now = timezone.now()
    action.status = OUTCOME_STATUS[ReviewOutcome(outcome)]
    action.review_note = note
    action.reviewed_at = now
    if reflection is not None:
        action.reviewed_in = reflection
    action.save()
    review = ActionReview(
        action=action, reflection=reflection, outcome=outcome, note=note, reviewed_by=_by(user)
    )
    review.full_clean(exclude=["action", "reflection", "reviewed_by"])
    review.save()
    return action


@transaction.atomic
def action_review(
    *,
    user: Any,
    action: FollowUpAction,
    reflection: Reflection,
    outcome: str,
    note: str = "",
) -> FollowUpAction:
    """Look at an open action again in a later session of its team: done, continued (it
    stays open for the next session) or dropped, with a note (required unless done)."""
    _require(user, Action.CHANGE, action)
    _require(user, Action.CHANGE, reflection)
    origin = action.reflection
    if reflection.team_id != origin.team_id:
        raise ApplicationError(_("Choose a session of the action's own team."), field="reflection")
    if reflection.pk == origin.pk or reflection.day < origin.day:
        raise ApplicationError(
            _("An action is reviewed in a later session than the one that decided it."),
            field="reflection",
        )
    if not action.is_open:
        raise ApplicationError(_("This action is closed already; it is not reviewed again."))
    if outcome not in ReviewOutcome.values:
        raise ApplicationError(_("Choose done, continued or dropped."), field="outcome")
    note = (note or "").strip()
    if outcome != ReviewOutcome.DONE and not note:
        raise ApplicationError(
            _("Write down briefly why the action continues or is dropped."), field="note"
        )
    return _review(action=action, user=user, reflection=reflection, outcome=outcome, note=note)


@transaction.atomic
def action_complete(*, user: Any, action: FollowUpAction, note: str = "") -> FollowUpAction:
    """The owner (or the team lead) marks an open action done between two sessions; the
    next session still sees it in its history."""
    if not may_complete_action(user=user, action=action):
        _require(user, Action.VIEW, action)  # 404 out of scope
        raise PermissionDenied
    if not action.is_open:
        raise ApplicationError(_("This action is closed already; it is not reviewed again."))
    return _review(
        action=action,
        user=user,
        reflection=None,
        outcome=ReviewOutcome.DONE,
        note=(note or "").strip(),
    )
