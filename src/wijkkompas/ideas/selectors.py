"""Reads of residents' ideas.

* Ideas go through ``visible_to(user)``: team roles see the ideas of their teams, the
  policy officer and the administrator those of their municipality, and everyone (anonymous
  visitors too) the published ones (``AccessPolicy.public``).
* Supporters are personal data (names, contact details): only the team roles of the idea's
  team (the coach among them) read them, through :func:`idea_supporters`, which logs the
  read with its purpose.
* Public pages read published ideas and the *number* of supporters only; numbers below the
  small-cell threshold go through ``signals.suppression`` (:func:`public_supporter_count`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from wijkkompas.accounts.access import can, get_in_scope, may_use, restrict
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.signals.suppression import Cell, count_for, suppress_count

from .constants import COACH_ROLES, PUBLIC_IDEAS_LIMIT, PUBLIC_STATUSES, IdeaStatus
from .models import Idea, IdeaSupporter

#: The purpose of reading supporters' names and contact details.
SUPPORTER_PURPOSE = Purpose.SUPPORT


def _with_counts(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    return ideas.annotate(supporter_count=Count("supporters", distinct=True))


def idea_list(
    *, user: Any, neighbourhood: Any = None, status: str = "", coached_by_me: bool = False
) -> QuerySet[Idea]:
    """Ideas of the user's municipality that they may see, newest first, with the number of
    supporters (``supporter_count``); optionally of one neighbourhood or status."""
    ideas = Idea.objects.visible_to(user).select_related("neighbourhood", "team", "coach", "place")
    if not user.is_superuser:
        ideas = ideas.filter(neighbourhood__district__municipality_id=user.municipality_id)
    if neighbourhood is not None:
        ideas = ideas.filter(neighbourhood=neighbourhood)
    if status:
        ideas = ideas.filter(status=status)
    if coached_by_me:
        ideas = ideas.filter(coach=user)
    return _with_counts(ideas).order_by("-created_at", "-pk")


def idea_get(*, user: Any, pk: int, action: str = Action.VIEW, request: Any = None) -> Idea:
    """One idea in the user's scope for ``action`` (with ``supporter_count``), or 404."""
    return get_in_scope(
        _with_counts(
            Idea.objects.select_related(
                "neighbourhood",
                "neighbourhood__district",
                "neighbourhood__district__municipality",
                "team",
                "coach",
                "moderated_by",
                "place",
            )
        ),
        user,
        action,
        request=request,
        pk=pk,
    )


def may_change_idea(*, user: Any, idea: Idea) -> bool:
    """Whether the user may moderate and coach the idea (team roles of its team, admin)."""
    return can(user, Action.CHANGE, idea)


def changeable_idea_ids(*, user: Any, ids: Any) -> set[int]:
    """Which of these ideas the user may change (moderate, coach), in one query: only they
    see the coach's name (a team member's name is not for every role)."""
    return set(
        restrict(Idea.objects.filter(pk__in=list(ids)), user, Action.CHANGE).values_list(
            "pk", flat=True
        )
    )


def idea_related_names(*, user: Any, idea: Idea) -> dict[str, str]:
    """The names of the idea's neighbourhood and team that the user may see.

    A published idea is visible to everyone, but the areas and teams of another tenant (or
    another team) are not: the page shows only what the user may see of them.
    """
    names = {}
    if can(user, Action.VIEW, idea.neighbourhood):
        names["neighbourhood"] = f"{idea.neighbourhood.name} ({idea.neighbourhood.code})"
    if idea.team is not None and can(user, Action.VIEW, idea.team):
        names["team"] = idea.team.name
    return names


def may_view_supporters(*, user: Any, idea: Idea) -> bool:
    """Whether the user may see who joined the idea (team roles of the idea's team)."""
    if not may_use(user, IdeaSupporter):
        return False
    return restrict(IdeaSupporter.objects.filter(idea=idea), user).exists()


def idea_supporters(*, user: Any, idea: Idea, request: Any = None) -> list[IdeaSupporter]:
    """Who joined the idea, with their contact details: logged as a read of personal data.

    Empty for anyone but the team roles of the idea's team (nothing is logged then).
    """
    if not may_use(user, IdeaSupporter):
        return []
    supporters = list(
        restrict(IdeaSupporter.objects.filter(idea=idea), user).order_by("created_at", "pk")
    )
    if supporters:
        log_access(
            user=user,
            action=Event.READ,
            purpose=SUPPORTER_PURPOSE,
            objects=supporters,
            model=IdeaSupporter,
            request=request,
        )
    return supporters


def coach_choices(*, idea: Idea) -> QuerySet[Any]:
    """Accounts that may coach the idea: active team-role members of the idea's team."""
    from django.contrib.auth import get_user_model

    if idea.team_id is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(teams=idea.team_id, role__in=COACH_ROLES, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# --- public pages --------------------------------------------------------------------


@dataclass(frozen=True)
class PublicIdea:
    """What the public page shows of an idea: no personal data, a suppressed count."""

    pk: int
    title: str
    description: str
    status: str
    status_label: str
    supporters: Cell
    created_at: Any


def public_supporter_count(n: int) -> Cell:
    """The number of supporters as the public may see it (hidden below the threshold)."""
    return suppress_count(n)


def supporter_count_for(*, user: Any, n: int) -> Cell:
    """The number of supporters as ``user`` may see it: exact for team roles, suppressed
    below the threshold for every other role."""
    return count_for(user, n)


def public_ideas(*, neighbourhood: Any, limit: int = PUBLIC_IDEAS_LIMIT) -> list[PublicIdea]:
    """The published ideas (and those that grew into initiatives) of a neighbourhood."""
    rows = (
        _with_counts(Idea.objects.filter(neighbourhood=neighbourhood, public=True))
        .order_by("-published_at", "-pk")
        .values(  # type: ignore[misc]
            "pk", "title", "description", "status", "supporter_count", "created_at"
        )[:limit]
    )
    labels = dict(IdeaStatus.choices)
    return [
        PublicIdea(
            pk=row["pk"],
            title=row["title"],
            description=row["description"],
            status=row["status"],
            status_label=str(labels[row["status"]]),
            supporters=public_supporter_count(row["supporter_count"]),
            created_at=row["created_at"],
        )
        for row in rows
    ]


def public_idea_get(*, pk: int) -> Idea:
    """A published idea for the public "ik doe mee" page, or 404."""
    from django.http import Http404

    idea = (
        _with_counts(Idea.objects.filter(public=True, status__in=PUBLIC_STATUSES))
        .select_related("neighbourhood")
        .filter(pk=pk)
        .first()
    )
    if idea is None:
        raise Http404
    return idea


# --- for other apps (initiatives, neighbourhood pages) ---------------------------------


def ideas_to_grow(*, user: Any) -> QuerySet[Idea]:
    """Published ideas the user may change that have not grown yet: candidates to start an
    initiative from (initiatives.services.initiative_start_from_idea)."""
    return (
        restrict(Idea.objects.all(), user, Action.CHANGE)
        .filter(status=IdeaStatus.PUBLISHED)
        .select_related("neighbourhood")
        .order_by("-published_at", "-pk")
    )


def idea_counts_by_status(*, user: Any, neighbourhood: Any) -> dict[str, int]:
    """How many ideas of a neighbourhood the user may see, per status (exact: apply the
    suppression of ``signals`` before showing them to a non-case role)."""
    rows = (
        Idea.objects.visible_to(user)
        .filter(neighbourhood=neighbourhood)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {status: 0 for status in IdeaStatus.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def idea_titles(*, ids: Any) -> dict[int, str]:
    """Titles of ideas by id (for pages of other apps that hold an idea id)."""
    return dict(Idea.objects.filter(pk__in=list(ids)).values_list("pk", "title"))


def open_idea_count(*, user: Any) -> int:
    """Submitted ideas waiting for moderation by the user's teams."""
    return (
        restrict(Idea.objects.all(), user, Action.CHANGE)
        .filter(Q(status=IdeaStatus.SUBMITTED))
        .count()
    )
