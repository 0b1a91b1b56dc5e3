"""Writes of time for the collective.

Rules (with the message the user sees):

* a member records their own week, in a team they are a member of, with a team role;
* a week is this week or one of the ``WEEKS_BACK`` weeks before it, never a future week;
* the four shares are whole percentages from 0 to 100 that add up to 100;
* recording a week again replaces it (one row per member, team and week);
* the team lead sets the team's ambition: the target share of time for the collective.

Every function checks permission, validates fully, runs in one transaction and logs the
write of personal data with its purpose. A write changes the team's figures: the
municipality's area data version is bumped, so the indicator figures kept in the cache
(``indicators.cache``) are computed again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import can, require
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event
from wijkkompas.audit.services import log_access
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from . import selectors, weeks
from .constants import NOTE_MAX, WORK_KINDS
from .models import TeamTimeAmbition, TimeSplit


def _check_team(user: Any, team: Any) -> None:
    """404 for a team the user may not see; 403 for one they may see but not record in."""
    if not can(user, Action.VIEW, team):
        raise Http404
    if not selectors.may_record(user=user, team=team):
        raise PermissionDenied


def _check_shares(shares: dict[str, Any]) -> dict[str, int]:
    clean: dict[str, int] = {}
    for kind in WORK_KINDS:
        value = shares.get(kind)
        if isinstance(value, bool) or value is None:
            raise ApplicationError(_("Fill in a share for each kind of work."), field=kind)
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ApplicationError(
                _("A share is a whole number from 0 to 100."), field=kind
            ) from None
        if number != value and str(number) != str(value).strip():
            raise ApplicationError(_("A share is a whole number from 0 to 100."), field=kind)
        if not 0 <= number <= 100:
            raise ApplicationError(_("A share is a whole number from 0 to 100."), field=kind)
        clean[kind] = number
    total = sum(clean.values())
    if total != 100:
        raise ApplicationError(
            _("The four shares must add up to 100%% (now %(total)s%%).") % {"total": total}
        )
    return clean


def _check_week(week: Any) -> dt.date:
    if not isinstance(week, dt.date) or isinstance(week, dt.datetime):
        raise ApplicationError(_("Choose a week."), field="week")
    monday = weeks.monday_of(week)
    if monday > weeks.this_week():
        raise ApplicationError(_("You cannot record a week that has not started."), field="week")
    if monday not in weeks.recordable_weeks():
        raise ApplicationError(
            _("This week is too long ago to record; choose one of the recent weeks."),
            field="week",
        )
    return monday


@transaction.atomic
def time_split_record(
    *,
    user: Any,
    team: Any,
    week: dt.date,
    casework: Any,
    collective: Any,
    network: Any,
    overhead: Any,
    note: str = "",
    request: Any = None,
) -> TimeSplit:
    """Record (or replace) the user's own split of ``week`` in ``team``."""
    _check_team(user, team)
    monday = _check_week(week)
    shares = _check_shares(
        {"casework": casework, "collective": collective, "network": network, "overhead": overhead}
    )
    note = (note or "").strip().replace("\r", " ").replace("\n", " ")
    if len(note) > NOTE_MAX:
        raise ApplicationError(
            _("Keep the note to %(limit_value)s characters.") % {"limit_value": NOTE_MAX},
            field="note",
        )
    existing = (
        TimeSplit.objects.select_for_update().filter(team=team, user=user, week=monday).first()
    )
    if existing is not None:
        require(user, Action.CHANGE, existing)
        row = existing
        event = Event.UPDATE
    else:
        row = TimeSplit(team=team, user=user, week=monday)
        event = Event.CREATE
    for kind, value in shares.items():
        setattr(row, kind, value)
    row.note = note
    _full_clean(row, exclude=["team", "user"])
    row.save()
    log_access(user=user, action=event, purpose=selectors.PURPOSE, obj=row, request=request)
    return row


@transaction.atomic
def time_ambition_set(
    *, user: Any, team: Any, collective_target: Any, note: str = "", request: Any = None
) -> TeamTimeAmbition:
    """Set the team's target share of time for the collective (the team lead)."""
    if not can(user, Action.VIEW, team):
        raise Http404
    if not selectors.may_set_ambition(user=user, team=team):
        raise PermissionDenied
    try:
        target = int(collective_target)
    except (TypeError, ValueError):
        raise ApplicationError(
            _("A share is a whole number from 0 to 100."), field="collective_target"
        ) from None
    if isinstance(collective_target, bool) or not 0 <= target <= 100:
        raise ApplicationError(
            _("A share is a whole number from 0 to 100."), field="collective_target"
        )
    ambition = TeamTimeAmbition.objects.select_for_update().filter(team=team).first()
    if ambition is None:
        ambition = TeamTimeAmbition(team=team)
    elif not can(user, Action.CHANGE, ambition):
        raise PermissionDenied
    if ambition.pk is None or ambition.collective_target != target:
        ambition.set_on = timezone.localdate()
    ambition.collective_target = target
    ambition.note = (note or "").strip()
    ambition.set_by = user
    _full_clean(ambition, exclude=["team", "set_by"])
    ambition.save()
    return ambition
