"""Writes of working groups: form, change, people, agenda, actions, close.

Rules (with the message the user sees):

* the team lead or a coordinator of a team forms a group in that team and closes it, with
  the lesson (what we learned) required; the other team roles of the team change its
  details, people, agenda and actions;
* a closed group changes no more;
* the signals (collective opportunities) a group works on are its team's; initiatives and
  residents' ideas are of the team's municipality;
* team members in a group are members of its team, each once; someone from the outer ring
  is a resident or a partner with a short name or role, nothing more;
* an action's owner is one of the group.

Every function checks permission itself (404 outside the user's scope, 403 for a user who
may see but not change), validates fully before saving and runs in one transaction. Writes
of the people of a group (personal data) are logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import can, require
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from . import selectors
from .constants import OuterKind
from .models import AgendaItem, WorkGroup, WorkGroupAction, WorkGroupLead, WorkGroupMember


def _check_open(group: WorkGroup) -> None:
    """Refuse a change of a closed group (read from the database, locked: the page the
    change came from may be older than the closing)."""
    closed = (
        WorkGroup.objects.select_for_update()
        .filter(pk=group.pk)
        .values_list("closed_on", flat=True)
        .first()
    )
    if closed is not None:
        raise ApplicationError(_("This working group is closed: it does not change any more."))


def _check_links(
    *,
    team: Any,
    opportunities: Iterable[Any],
    initiatives: Iterable[Any],
    idea: Any,
) -> None:
    for opportunity in opportunities:
        if opportunity.team_id != team.pk:
            raise ApplicationError(
                _("Choose signals and opportunities of the group's team."), field="opportunities"
            )
    for initiative in initiatives:
        if initiative.municipality_id != team.municipality_id:
            raise ApplicationError(
                _("Choose initiatives of the team's municipality."), field="initiatives"
            )
    if idea is not None and idea.neighbourhood.district.municipality_id != team.municipality_id:
        raise ApplicationError(_("Choose an idea of the team's municipality."), field="idea")


def _check_name(*, team: Any, name: str, exclude: int | None = None) -> None:
    others = WorkGroup.objects.filter(team=team, name__iexact=name.strip())
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise ApplicationError(
            _("The team already has a working group with this name."), field="name"
        )


def _log_people(*, user: Any, action: str, members: list[WorkGroupMember]) -> None:
    log_access(
        user=user,
        action=action,
        purpose=Purpose.TEAM_MANAGEMENT,
        objects=members,
        model=WorkGroupMember,
    )


@transaction.atomic
def workgroup_form(
    *,
    user: Any,
    team: Any,
    name: str,
    focus_kind: str,
    focus: str,
    purpose: str = "",
    started_on: dt.date | None = None,
    opportunities: Iterable[Any] = (),
    initiatives: Iterable[Any] = (),
    idea: Any = None,
    memberships: Iterable[Any] = (),
) -> WorkGroup:
    """Form a working group in ``team`` (its team lead or a coordinator), with the team
    members who start in it."""
    if team is None or not can(user, Action.VIEW, team):
        raise ApplicationError(_("Choose one of the teams you lead or coordinate."), field="team")
    if not selectors.may_form_in(user=user, team=team):
        raise ApplicationError(_("Choose one of the teams you lead or coordinate."), field="team")
    opportunities, initiatives = list(opportunities), list(initiatives)
    _check_links(team=team, opportunities=opportunities, initiatives=initiatives, idea=idea)
    _check_name(team=team, name=name)
    group = WorkGroup(
        team=team,
        name=name.strip(),
        focus_kind=focus_kind,
        focus=focus.strip(),
        purpose=purpose.strip(),
        started_on=started_on or timezone.localdate(),
        idea=idea,
        created_by=user if getattr(user, "pk", None) else None,
    )
    _full_clean(group)
    group.save()
    group.opportunities.set(opportunities)
    group.initiatives.set(initiatives)
    members = [_add_team_member(group=group, membership=m) for m in memberships]
    if members:
        _log_people(user=user, action=Event.CREATE, members=members)
    return group


@transaction.atomic
def workgroup_update(
    *,
    user: Any,
    group: WorkGroup,
    name: str,
    focus_kind: str,
    focus: str,
    purpose: str = "",
    started_on: dt.date | None = None,
    opportunities: Iterable[Any] = (),
    initiatives: Iterable[Any] = (),
    idea: Any = None,
) -> WorkGroup:
    """Change what the group is about and what it is linked to (team roles of its team)."""
    require(user, Action.CHANGE, group)
    group = WorkGroup.objects.select_for_update().get(pk=group.pk)
    _check_open(group)
    opportunities, initiatives = list(opportunities), list(initiatives)
    _check_links(team=group.team, opportunities=opportunities, initiatives=initiatives, idea=idea)
    _check_name(team=group.team, name=name, exclude=group.pk)
    group.name = name.strip()
    group.focus_kind = focus_kind
    group.focus = focus.strip()
    group.purpose = purpose.strip()
    group.started_on = started_on or group.started_on
    group.idea = idea
    _full_clean(group)
    group.save()
    group.opportunities.set(opportunities)
    group.initiatives.set(initiatives)
    return group


def _add_team_member(*, group: WorkGroup, membership: Any) -> WorkGroupMember:
    if membership is None or membership.team_id != group.team_id:
        raise ApplicationError(_("Choose a member of the group's team."), field="membership")
    if group.members.filter(membership=membership).exists():
        raise ApplicationError(_("This team member is already in the group."), field="membership")
    member = WorkGroupMember(group=group, membership=membership)
    _full_clean(member)
    member.save()
    return member


@transaction.atomic
def member_add_team(*, user: Any, group: WorkGroup, membership: Any) -> WorkGroupMember:
    """Add a member of the group's team to the group."""
    require(user, Action.CHANGE, group)
    _check_open(group)
    member = _add_team_member(group=group, membership=membership)
    _log_people(user=user, action=Event.CREATE, members=[member])
    return member


@transaction.atomic
def member_add_outer(
    *, user: Any, group: WorkGroup, outer_kind: str, label: str
) -> WorkGroupMember:
    """Add a resident or a partner from the outer ring, by a short name or role."""
    require(user, Action.CHANGE, group)
    _check_open(group)
    if outer_kind not in OuterKind.values:
        raise ApplicationError(_("Choose resident or partner."), field="outer_kind")
    label = (label or "").strip()
    if not label:
        raise ApplicationError(
            _("Write a first name or a role, as the person agrees."), field="label"
        )
    member = WorkGroupMember(group=group, outer_kind=outer_kind, label=label)
    _full_clean(member)
    member.save()
    _log_people(user=user, action=Event.CREATE, members=[member])
    return member


@transaction.atomic
def member_remove(*, user: Any, member: WorkGroupMember) -> None:
    """Take someone out of the group (their actions keep no owner)."""
    require(user, Action.CHANGE, member)
    _check_open(member.group)
    _log_people(user=user, action=Event.DELETE, members=[member])
    member.delete()


@transaction.atomic
def agenda_add(
    *, user: Any, group: WorkGroup, day: dt.date, topic: str, notes: str = ""
) -> AgendaItem:
    """Add a point to the group's agenda."""
    require(user, Action.CHANGE, group)
    _check_open(group)
    item = AgendaItem(
        group=group, day=day, topic=(topic or "").strip(), notes=(notes or "").strip()
    )
    _full_clean(item)
    item.save()
    return item


@transaction.atomic
def action_add(
    *,
    user: Any,
    group: WorkGroup,
    what: str,
    owner: WorkGroupMember | None = None,
    due_on: dt.date | None = None,
) -> WorkGroupAction:
    """Add an action of the group, owned by one of the group."""
    require(user, Action.CHANGE, group)
    _check_open(group)
    if owner is not None and owner.group_id != group.pk:
        raise ApplicationError(_("Choose someone of the group."), field="owner")
    action = WorkGroupAction(group=group, what=(what or "").strip(), owner=owner, due_on=due_on)
    _full_clean(action)
    action.save()
    return action


@transaction.atomic
def action_done(
    *, user: Any, action: WorkGroupAction, done_on: dt.date | None = None
) -> WorkGroupAction:
    """Mark an action done (today, unless a day is given)."""
    require(user, Action.CHANGE, action)
    action = WorkGroupAction.objects.select_for_update().select_related("group").get(pk=action.pk)
    _check_open(action.group)
    if action.done_on is not None:
        raise ApplicationError(_("This action is already done."))
    action.done_on = done_on or timezone.localdate()
    _full_clean(action)
    action.save(update_fields=["done_on"])
    return action


@transaction.atomic
def workgroup_close(
    *,
    user: Any,
    group: WorkGroup,
    lesson: str,
    keep: str = "",
    stop: str = "",
    closed_on: dt.date | None = None,
) -> WorkGroup:
    """Close the group with its lesson (the team lead or a coordinator of its team). The
    lesson is on the table at the team's next reflection session."""
    if not can(user, Action.VIEW, group):
        raise Http404
    if not can(user, Action.CHANGE, WorkGroupLead(pk=group.pk)):
        raise PermissionDenied
    group = WorkGroup.objects.select_for_update().get(pk=group.pk)
    _check_open(group)
    lesson = (lesson or "").strip()
    if not lesson:
        raise ApplicationError(_("Write what the group learned before closing it."), field="lesson")
    closed_on = closed_on or timezone.localdate()
    if closed_on > timezone.localdate():
        raise ApplicationError(_("A group cannot close in the future."), field="closed_on")
    if closed_on < group.started_on:
        raise ApplicationError(_("A group cannot close before it started."), field="closed_on")
    group.closed_on = closed_on
    group.lesson = lesson
    group.keep = (keep or "").strip()
    group.stop = (stop or "").strip()
    _full_clean(group)
    group.save()
    return group
