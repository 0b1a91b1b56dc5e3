"""Reads of reflection sessions and follow-up actions, scoped to the user
(``accounts.access``).

Sessions and actions hold no data of residents, so their reads are not logged; the names
of the team members who took part (memberships) are personal data, and every read of them
for display goes through :func:`member_choices` or :func:`participant_list`, which log it.
Every list is computed in a fixed number of queries, whatever the number of sessions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.access import acts_in_team, get_in_scope, may_use, restrict, team_ids
from wijkkompas.accounts.constants import TEAM_ROLES, Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.indicators.catalogue import Period, Scope
from wijkkompas.indicators.selectors import indicator_results
from wijkkompas.risks.selectors import open_team_risks
from wijkkompas.teams.selectors import team_list
from wijkkompas.timeuse import selectors as timeuse_selectors
from wijkkompas.workgroups.selectors import lesson_snapshot, lessons_closed_between

from .constants import (
    INDICATOR_PERIOD_KIND,
    REFLECTION_CHANGE_TEAM_ROLES,
    REFLECTION_VIEW_TEAM_ROLES,
    ActionStatus,
    ReflectionStatus,
)
from .models import ActionReview, FollowUpAction, Reflection, ReflectionChange

#: ``status`` filter of the action list besides the statuses themselves.
STATUS_ALL = "all"


# --- who may do what -------------------------------------------------------------------


def may_view_team(*, user: Any, team: Any) -> bool:
    """Whether ``user`` may see the reflection sessions of ``team`` (its members)."""
    return acts_in_team(user, team, REFLECTION_VIEW_TEAM_ROLES)


def may_keep(*, user: Any, team: Any) -> bool:
    """Whether ``user`` may plan, record and edit the sessions of ``team`` (its team lead)."""
    return acts_in_team(user, team, REFLECTION_CHANGE_TEAM_ROLES)


def may_plan(*, user: Any) -> bool:
    """Whether the user's role may plan sessions at all (in the teams they lead)."""
    return may_use(user, Reflection, Action.CHANGE)


def may_complete_action(*, user: Any, action: FollowUpAction) -> bool:
    """Whether ``user`` may mark ``action`` done: the team lead of its team, or its owner
    while they are still a member of the team with a team role."""
    team = action.reflection.team
    if may_keep(user=user, team=team):
        return True
    return (
        action.owner_id is not None
        and getattr(user, "pk", None) == action.owner_id
        and may_view_team(user=user, team=team)
    )


# --- teams -------------------------------------------------------------------------------


def reflection_teams(*, user: Any, action: str = Action.VIEW) -> QuerySet[Any]:
    """The teams whose sessions ``user`` may see (``view``) or keep (``change``)."""
    roles = REFLECTION_VIEW_TEAM_ROLES if action == Action.VIEW else REFLECTION_CHANGE_TEAM_ROLES
    teams = team_list(user=user).prefetch_related(None)
    if getattr(user, "is_superuser", False):
        return teams
    if getattr(user, "role", None) not in roles:
        return teams.none()
    return teams.filter(pk__in=team_ids(user))


def team_get(*, user: Any, pk: int, request: Any = None) -> Any:
    """The team of a page: a team the user may see whose sessions they may see, or 404
    (the refusal is logged)."""
    team = get_in_scope(team_list(user=user).prefetch_related(None), user, request=request, pk=pk)
    if not may_view_team(user=user, team=team):
        raise Http404
    return team


@dataclass(frozen=True)
class TeamSummary:
    """Counts of one team's sessions and actions."""

    planned: int = 0
    held: int = 0
    open_actions: int = 0
    overdue_actions: int = 0
    next_session: dt.date | None = None


def team_summaries(*, user: Any, teams: Any) -> dict[int, TeamSummary]:
    """Per team id: planned and held sessions, the next planned date, open and overdue
    actions. Two queries, whatever the number of teams or sessions."""
    ids = [team.pk for team in teams]
    today = timezone.localdate()
    sessions = {
        row["team_id"]: row
        for row in restrict(Reflection.objects.filter(team_id__in=ids), user, Action.VIEW)
        .order_by()
        .values("team_id")
        .annotate(
            planned=Count("pk", filter=Q(status=ReflectionStatus.PLANNED)),
            held=Count("pk", filter=Q(status=ReflectionStatus.HELD)),
        )
    }
    next_dates: dict[int, dt.date] = {}
    for team_id, day in (
        restrict(Reflection.objects.filter(team_id__in=ids), user, Action.VIEW)
        .filter(status=ReflectionStatus.PLANNED, planned_on__gte=today)
        .order_by("team_id", "planned_on")
        .values_list("team_id", "planned_on")
    ):
        next_dates.setdefault(team_id, day)
    actions = {
        row["reflection__team_id"]: row
        for row in restrict(
            FollowUpAction.objects.filter(reflection__team_id__in=ids), user, Action.VIEW
        )
        .filter(status=ActionStatus.OPEN)
        .order_by()
        .values("reflection__team_id")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    }
    result = {}
    for team_id in ids:
        s = sessions.get(team_id, {})
        a = actions.get(team_id, {})
        result[team_id] = TeamSummary(
            planned=s.get("planned", 0),
            held=s.get("held", 0),
            open_actions=a.get("n", 0),
            overdue_actions=a.get("overdue", 0),
            next_session=next_dates.get(team_id),
        )
    return result


# --- sessions ------------------------------------------------------------------------------


def _sessions(user: Any) -> QuerySet[Reflection]:
    return restrict(Reflection.objects.all(), user, Action.VIEW).annotate(
        session_day=Coalesce("held_on", "planned_on")
    )


def reflection_list(*, user: Any, team: Any) -> QuerySet[Reflection]:
    """The sessions of ``team``: planned ones first (soonest first), then held ones (most
    recent first); each carries ``decided`` (its actions) and ``still_open`` (of those,
    still open). One query."""
    return (
        _sessions(user)
        .filter(team=team)
        .annotate(
            decided=Count("actions", distinct=True),
            still_open=Count("actions", filter=Q(actions__status=ActionStatus.OPEN), distinct=True),
        )
        .order_by("-status", "session_day", "pk")
    )


def split_sessions(sessions: Any) -> tuple[list[Reflection], list[Reflection]]:
    """(planned soonest first, held most recent first) of a :func:`reflection_list`."""
    planned = [s for s in sessions if s.status == ReflectionStatus.PLANNED]
    held = [s for s in sessions if s.status == ReflectionStatus.HELD]
    held.sort(key=lambda s: (s.session_day, s.pk), reverse=True)
    return planned, held


def reflection_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> Reflection:
    """One session within the user's scope for ``action``, or 404 (the refusal is logged)."""
    return get_in_scope(
        _sessions(user).select_related("team", "team__municipality", "facilitator"),
        user,
        action,
        request=request,
        pk=pk,
    )


def reflection_history(*, user: Any, reflection: Reflection) -> QuerySet[ReflectionChange]:
    """The history of a session as the user may see it, newest first."""
    return (
        restrict(ReflectionChange.objects.filter(reflection=reflection), user, Action.VIEW)
        .select_related("changed_by")
        .order_by("-changed_at", "-pk")
    )


def previous_session(*, user: Any, reflection: Reflection) -> Reflection | None:
    """The team's held session before this one, if any."""
    day = reflection.held_on or reflection.planned_on
    return (
        _sessions(user)
        .filter(team_id=reflection.team_id, status=ReflectionStatus.HELD, session_day__lte=day)  # type: ignore[misc]
        .exclude(pk=reflection.pk)
        .order_by("-session_day", "-pk")
        .first()
    )


# --- team members (personal data: reads are logged) -----------------------------------


def _membership_model() -> Any:
    """The team's membership model (teams app), reached through the relation."""
    return Reflection._meta.get_field("participants").related_model


def _log_member_read(*, user: Any, members: list[Any], request: Any) -> None:
    if members:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.TEAM_MANAGEMENT,
            objects=members,
            model=_membership_model(),
            request=request,
        )


def no_members() -> QuerySet[Any]:
    """An empty choice of members (no team chosen yet)."""
    return _membership_model().objects.none()


def member_choices(*, user: Any, team: Any, request: Any = None) -> QuerySet[Any]:
    """The members of ``team`` that can take part in or facilitate a session. The read of
    their names is logged (purpose: managing the team)."""
    members = restrict(_membership_model().objects.filter(team=team), user, Action.VIEW).order_by(
        "person_name", "pk"
    )
    _log_member_read(user=user, members=list(members), request=request)
    return members


def participant_list(*, user: Any, reflection: Reflection, request: Any = None) -> list[Any]:
    """Who took part in the session, as far as the user may see the team's members; the
    read is logged (purpose: managing the team)."""
    members = list(
        restrict(
            _membership_model().objects.filter(reflections=reflection), user, Action.VIEW
        ).order_by("person_name", "pk")
    )
    _log_member_read(user=user, members=members, request=request)
    return members


def facilitator_name(*, user: Any, reflection: Reflection, request: Any = None) -> str:
    """The facilitator's name when the user may see it (logged), else an empty string."""
    facilitator = reflection.facilitator
    if facilitator is None or not may_view_team(user=user, team=reflection.team):
        return ""
    _log_member_read(user=user, members=[facilitator], request=request)
    return str(facilitator.person_name)


def owner_choices(*, team: Any) -> QuerySet[Any]:
    """Accounts that can own an action of ``team``: its active members with a team role."""
    return (
        get_user_model()
        .objects.filter(teams=team, role__in=TEAM_ROLES, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# --- on the table: indicators and open risks -------------------------------------------


@dataclass
class OnTheTable:
    """What a session pulls in: the team's key indicators of the period and its open
    risks (both as the user may see them)."""

    period: Period
    indicators: list[Any] = field(default_factory=list)
    risks: list[Any] = field(default_factory=list)
    #: Working groups of the team closed since the previous session, with their lessons.
    lessons: list[Any] = field(default_factory=list)


def indicator_period(day: dt.date) -> Period:
    """The period whose indicators a session on ``day`` discusses."""
    return Period.containing(INDICATOR_PERIOD_KIND, day)


def on_the_table(*, user: Any, reflection: Reflection) -> OnTheTable:
    """The current key indicators of the session's team (through the indicator catalogue,
    so the numbers are the ones every other page shows) and its open risks."""
    team = reflection.team
    period = indicator_period(reflection.held_on or reflection.planned_on)
    results = indicator_results(
        user=user,
        scope=Scope(municipality_id=team.municipality_id, team_id=team.pk),
        period=period,
        key_only=True,
    )
    return OnTheTable(
        period=period,
        indicators=list(results),
        risks=list(open_team_risks(user=user, team=team)),
        lessons=work_group_lessons(user=user, reflection=reflection),
    )


def work_group_lessons(*, user: Any, reflection: Reflection) -> list[Any]:
    """The team's working groups closed since its previous held session, up to this
    session's day (a planned session: up to today if that is later), with their lessons."""
    previous = previous_session(user=user, reflection=reflection)
    until = reflection.held_on or max(reflection.planned_on, timezone.localdate())
    return lessons_closed_between(
        user=user,
        team=reflection.team,
        after=previous.held_on if previous is not None else None,
        until=until,
    )


def snapshot_of(table: OnTheTable) -> dict[str, Any]:
    """What is stored with a recorded session: codes, names and headline figures of the
    indicators, and id, title, score and level of the open risks (no names of people)."""
    return {
        "taken_at": timezone.now().isoformat(timespec="seconds"),
        "period": {"kind": table.period.kind, "start": table.period.start.isoformat()},
        "indicators": [
            {
                "code": result.definition.code,
                "name": str(result.definition.name),
                "lens": str(result.lens_label),
                "unit": str(result.unit_label),
                "headline": str(result.headline.display),
                "hidden": bool(result.headline.is_hidden),
            }
            for result in table.indicators
        ],
        "risks": [
            {
                "id": risk.pk,
                "title": risk.title,
                "category": str(risk.get_category_display()),
                "score": int(risk.likelihood) * int(risk.impact),
                "level": str(risk.level),
            }
            for risk in table.risks
        ],
        "lessons": lesson_snapshot(table.lessons),
    }


# --- follow-up actions -------------------------------------------------------------------


def _actions(user: Any) -> QuerySet[FollowUpAction]:
    today = timezone.localdate()
    return (
        restrict(FollowUpAction.objects.all(), user, Action.VIEW)
        .select_related("owner", "reflection", "reviewed_in")
        .annotate(
            is_overdue=ExpressionWrapper(
                Q(status=ActionStatus.OPEN, due_date__lt=today), output_field=BooleanField()
            ),
        )
    )


def action_list(
    *, user: Any, team: Any, status: str = ActionStatus.OPEN
) -> QuerySet[FollowUpAction]:
    """The follow-up actions of ``team``: ``status`` one status or ``"all"``; soonest due
    first. Each carries ``is_overdue``. One query."""
    actions = _actions(user).filter(reflection__team=team)
    if status != STATUS_ALL:
        actions = actions.filter(status=status)
    return actions.order_by("due_date", "pk")


def actions_decided(*, user: Any, reflection: Reflection) -> QuerySet[FollowUpAction]:
    """The actions decided in this session."""
    return _actions(user).filter(reflection=reflection).order_by("due_date", "pk")


def actions_to_review(*, user: Any, reflection: Reflection) -> QuerySet[FollowUpAction]:
    """The actions of earlier sessions of the team that this session looks at: those still
    open, and those already reviewed in this session (whatever their outcome). Each carries
    ``reviewed_here``. Oldest due first; one query."""
    day = reflection.held_on or reflection.planned_on
    return (
        _actions(user)
        .filter(reflection__team_id=reflection.team_id)
        .exclude(reflection=reflection)
        .annotate(origin_day=Coalesce("reflection__held_on", "reflection__planned_on"))
        .filter(origin_day__lte=day)
        .filter(Q(status=ActionStatus.OPEN) | Q(reviewed_in=reflection))
        .annotate(
            reviewed_here=ExpressionWrapper(Q(reviewed_in=reflection), output_field=BooleanField())
        )
        .order_by("due_date", "pk")
    )


def action_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> FollowUpAction:
    """One action within the user's scope for ``action``, or 404 (the refusal is logged)."""
    return get_in_scope(
        _actions(user).select_related("reflection__team", "reflection__team__municipality"),
        user,
        action,
        request=request,
        pk=pk,
    )


def action_reviews(*, user: Any, action: FollowUpAction) -> QuerySet[ActionReview]:
    """The reviews of an action, newest first."""
    return (
        restrict(ActionReview.objects.filter(action=action), user, Action.VIEW)
        .select_related("reviewed_by", "reflection")
        .order_by("-reviewed_at", "-pk")
    )


def review_sessions(*, user: Any, action: FollowUpAction) -> QuerySet[Reflection]:
    """The sessions of the action's team in which it can be reviewed: every session after
    the one that decided it (planned ones included: the review is done on the day)."""
    origin = action.reflection
    day = origin.held_on or origin.planned_on
    return (
        _sessions(user)
        .filter(team_id=origin.team_id, session_day__gte=day)  # type: ignore[misc]
        .exclude(pk=origin.pk)
        .order_by("-status", "session_day", "pk")
    )


# --- time for the collective (issue 8) ----------------------------------------------------

#: "The caller did not look the previous session up" (None: there is none).
_UNKNOWN: Any = object()


def time_split_since_previous(
    *, user: Any, reflection: Reflection, previous: Any = _UNKNOWN
) -> dict[str, Any] | None:
    """The team's time split from the week of its previous held session (else the last
    quarter) up to the week of this session, with its ambition, for the session's prompt
    "What did we stop, so that there is time for the collective?". None for a held session
    (the questions have been answered) or a user who is not in the team. ``previous``: the
    previous held session, when the caller has it."""
    if reflection.is_held:
        return None
    team = reflection.team
    # The team roles of the team see its split (the page of a session is theirs alone).
    if not timeuse_selectors.sees_exact_split(user=user, team=team):
        return None
    day = max(reflection.planned_on, timezone.localdate())
    if previous is _UNKNOWN:
        previous = previous_session(user=user, reflection=reflection)
    since = previous.held_on if previous is not None and previous.held_on else None
    end = timeuse_selectors.monday_of(day) + dt.timedelta(weeks=1)
    start = timeuse_selectors.monday_of(since) if since else end - dt.timedelta(weeks=13)
    context = timeuse_selectors.dashboard_context(user=user, team=team, start=start, end=end)
    context["since"] = since
    return context
