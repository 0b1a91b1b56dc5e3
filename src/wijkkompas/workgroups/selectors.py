"""Reads of working groups, scoped to the user (``accounts.access``).

Groups, their agenda and actions hold no data of residents' cases; the names of the people
in a group (team members and the names or roles written for the outer ring) are personal
data: every read of them for display goes through :func:`member_list` or
:func:`membership_choices`, which log it (purpose: managing the team). The craft mix of a
group is counted in the database (:func:`with_mix`), so every list is a fixed number of
queries whatever the number of groups and members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from wijkkompas.accounts.access import (
    acts_in_team,
    can,
    get_in_scope,
    may_use,
    restrict,
    scope_key,
)
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core import compiled
from wijkkompas.organisations.constants import Craft
from wijkkompas.teams.selectors import team_list

from .constants import WORKGROUP_LEAD_ROLES, WORKGROUPS_PER_PAGE, MixLevel, OuterKind
from .models import AgendaItem, WorkGroup, WorkGroupAction, WorkGroupLead, WorkGroupMember


def related_model(model: Any, name: str) -> Any:
    """The model at the other end of ``model.name`` (another app's, without importing it)."""
    return model._meta.get_field(name).related_model


# --- who may do what -------------------------------------------------------------------


def may_use_workgroups(*, user: Any) -> bool:
    """Whether the user's role sees working groups at all."""
    return may_use(user, WorkGroup)


def may_form(*, user: Any) -> bool:
    """Whether the user's role forms groups (in the teams they lead or coordinate)."""
    return may_use(user, WorkGroupLead, Action.CHANGE)


def may_form_in(*, user: Any, team: Any) -> bool:
    """Whether the user forms groups in ``team``: its team lead or a coordinator of it."""
    return acts_in_team(user, team, WORKGROUP_LEAD_ROLES)


def may_change(*, user: Any, group: WorkGroup) -> bool:
    """Whether the user works in the group's team (members, agenda, actions)."""
    return can(user, Action.CHANGE, group)


def may_close(*, user: Any, group: WorkGroup) -> bool:
    """Whether the user closes the group (the team lead or a coordinator of its team)."""
    return can(user, Action.CHANGE, WorkGroupLead(pk=group.pk))


def may_view_people(*, user: Any) -> bool:
    """Whether the user's role sees who is in a group (names and roles)."""
    return may_use(user, WorkGroupMember)


# --- the craft mix ---------------------------------------------------------------------


@dataclass(frozen=True)
class CraftRow:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class CraftMix:
    """How many of a group's team members come from each craft, and how many residents
    and partners from the outer ring take part."""

    hulp: int = 0
    zorg: int = 0
    welzijn: int = 0
    residents: int = 0
    partners: int = 0

    @property
    def crafts(self) -> list[CraftRow]:
        return [
            CraftRow(craft.value, str(craft.label), getattr(self, craft.value)) for craft in Craft
        ]

    @property
    def team_members(self) -> int:
        return self.hulp + self.zorg + self.welzijn

    @property
    def outer_ring(self) -> int:
        return self.residents + self.partners

    @property
    def present(self) -> list[CraftRow]:
        return [row for row in self.crafts if row.count]

    @property
    def missing(self) -> list[CraftRow]:
        return [row for row in self.crafts if not row.count]

    @property
    def level(self) -> str:
        present = len(self.present)
        if present == 0:
            return MixLevel.NONE
        if present == 1:
            return MixLevel.SINGLE
        if present == 2:
            return MixLevel.PARTIAL
        return MixLevel.FULL

    @property
    def is_single_craft(self) -> bool:
        return self.level == MixLevel.SINGLE

    @property
    def level_label(self) -> str:
        return str(MixLevel(self.level).label)


def _craft_count(craft: str) -> Count:
    return Count("members", filter=Q(members__membership__organisation__craft=craft))


def with_mix(groups: QuerySet[Any]) -> QuerySet[Any]:
    """``groups`` with the counts of their craft mix (``mix_<craft>``, ``mix_residents``,
    ``mix_partners``), computed in the same query."""
    return groups.annotate(
        mix_hulp=_craft_count(Craft.HULP),
        mix_zorg=_craft_count(Craft.ZORG),
        mix_welzijn=_craft_count(Craft.WELZIJN),
        mix_residents=Count("members", filter=Q(members__outer_kind=OuterKind.RESIDENT)),
        mix_partners=Count("members", filter=Q(members__outer_kind=OuterKind.PARTNER)),
    )


def mix_of(group: Any) -> CraftMix:
    """The craft mix of a group read through :func:`with_mix`."""
    return CraftMix(
        hulp=group.mix_hulp,
        zorg=group.mix_zorg,
        welzijn=group.mix_welzijn,
        residents=group.mix_residents,
        partners=group.mix_partners,
    )


# --- groups ------------------------------------------------------------------------------


def _groups(user: Any, action: str = Action.VIEW) -> QuerySet[WorkGroup]:
    return restrict(WorkGroup.objects.all(), user, action).select_related(
        "team", "team__municipality"
    )


def group_teams(*, user: Any) -> QuerySet[Any]:
    """The teams whose groups the user may see (for the list's filter)."""
    teams = team_list(user=user).prefetch_related(None)
    if getattr(user, "is_superuser", False) or user.role in WorkGroup.access_policy.view:
        return teams
    return teams.filter(pk__in=user.team_ids())


def form_teams(*, user: Any) -> QuerySet[Any]:
    """The teams in which the user forms groups."""
    teams = team_list(user=user).prefetch_related(None)
    if getattr(user, "is_superuser", False):
        return teams
    if user.role not in WORKGROUP_LEAD_ROLES:
        return teams.none()
    return teams.filter(pk__in=user.team_ids())


def group_list(*, user: Any, team: Any = None, state: str = "", page: Any = 1) -> Page:
    """The groups the user may see (``team``: of one team; ``state``: ``open`` or
    ``closed``), open ones first, each with ``mix`` (its :class:`CraftMix`). Two queries
    per page."""
    groups = _groups(user)
    if team is not None:
        groups = groups.filter(team=team)
    if state == "open":
        groups = groups.filter(closed_on__isnull=True)
    elif state == "closed":
        groups = groups.filter(closed_on__isnull=False)
    groups = with_mix(groups).order_by("closed_on", "team__name", "name", "pk")
    page_obj = Paginator(groups, WORKGROUPS_PER_PAGE).get_page(page)
    for group in page_obj.object_list:
        group.mix = mix_of(group)
    return page_obj


def group_get(*, user: Any, pk: int, action: str = Action.VIEW, request: Any = None) -> WorkGroup:
    """One group within the user's scope for ``action`` with its craft mix, or 404."""
    group: WorkGroup = get_in_scope(
        with_mix(_groups(user).select_related("idea", "created_by")),
        user,
        action,
        request=request,
        pk=pk,
    )
    group.mix = mix_of(group)  # type: ignore[attr-defined]
    return group


def lead_get(*, user: Any, pk: int, request: Any = None) -> WorkGroup:
    """The group, for its team lead or a coordinator of its team (closing it), or 404."""
    get_in_scope(WorkGroupLead.objects.all(), user, Action.CHANGE, request=request, pk=pk)
    return group_get(user=user, pk=pk, request=request)


def linked_opportunities(*, user: Any, group: WorkGroup) -> list[Any]:
    """The collective opportunities (signals) the group works on that the user may see."""
    return list(restrict(group.opportunities.all(), user, Action.VIEW).order_by("title", "pk"))


def linked_initiatives(*, user: Any, group: WorkGroup) -> list[Any]:
    """The initiatives the group works on that the user may see."""
    return list(restrict(group.initiatives.all(), user, Action.VIEW).order_by("name", "pk"))


def linked_idea(*, user: Any, group: WorkGroup) -> Any:
    """The residents' idea or ambition of the group, if the user may see it."""
    idea = group.idea
    if idea is None or not can(user, Action.VIEW, idea):
        return None
    return idea


# --- choices of the forms (no personal data) -------------------------------------------


def opportunity_choices(*, user: Any, team: Any) -> QuerySet[Any]:
    """The team's collective opportunities (its judged signals)."""
    model = related_model(WorkGroup, "opportunities")
    return restrict(model.objects.filter(team=team), user, Action.VIEW).order_by("title", "pk")


def initiative_choices(*, user: Any, team: Any) -> QuerySet[Any]:
    """The initiatives of the team's municipality the user may see."""
    model = related_model(WorkGroup, "initiatives")
    return restrict(
        model.objects.filter(municipality_id=team.municipality_id), user, Action.VIEW
    ).order_by("name", "pk")


def idea_choices(*, user: Any, team: Any) -> QuerySet[Any]:
    """The residents' ideas of the team's municipality the user may see."""
    model = related_model(WorkGroup, "idea")
    return restrict(
        model.objects.filter(neighbourhood__district__municipality_id=team.municipality_id),
        user,
        Action.VIEW,
    ).order_by("title", "pk")


# --- people (personal data: reads are logged) -------------------------------------------


def _log_read(*, user: Any, objects: list[Any], model: Any, request: Any) -> None:
    if objects:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.TEAM_MANAGEMENT,
            objects=objects,
            model=model,
            request=request,
        )


def member_list(*, user: Any, group: WorkGroup, request: Any = None) -> list[WorkGroupMember]:
    """Who is in the group, as far as the user may see it: team members (with their
    organisation and craft) first, then the outer ring. The read is logged. One query."""
    if not may_view_people(user=user):
        return []
    members = list(
        restrict(WorkGroupMember.objects.filter(group=group), user, Action.VIEW)
        .select_related("membership", "membership__organisation")
        .order_by("membership__person_name", "outer_kind", "label", "pk")
    )
    members.sort(key=lambda m: (not m.is_team_member, m.pk if not m.is_team_member else 0))
    _log_read(user=user, objects=members, model=WorkGroupMember, request=request)
    return members


def member_name(member: WorkGroupMember) -> str:
    """How a member is named on the group's pages."""
    if member.membership is not None:
        return str(member.membership.person_name)
    return str(member.label)


def log_member_read(*, user: Any, members: list[WorkGroupMember], request: Any = None) -> None:
    """Log the read of the people of a group shown on a page."""
    _log_read(user=user, objects=members, model=WorkGroupMember, request=request)


def team_membership_choices(*, user: Any, team: Any, request: Any = None) -> QuerySet[Any]:
    """The members of ``team`` who can start in a new group (with organisation); the read
    of their names is logged."""
    model = related_model(WorkGroupMember, "membership")
    memberships = (
        restrict(model.objects.filter(team=team), user, Action.VIEW)
        .select_related("organisation")
        .order_by("person_name", "pk")
    )
    _log_read(user=user, objects=list(memberships), model=model, request=request)
    return memberships


def owner_choices(*, user: Any, group: WorkGroup, request: Any = None) -> QuerySet[Any]:
    """The people of the group who can own an action; the read is logged."""
    members = (
        restrict(WorkGroupMember.objects.filter(group=group), user, Action.VIEW)
        .select_related("membership")
        .order_by("membership__person_name", "label", "pk")
    )
    _log_read(user=user, objects=list(members), model=WorkGroupMember, request=request)
    return members


def membership_choices(*, user: Any, group: WorkGroup, request: Any = None) -> QuerySet[Any]:
    """The members of the group's team who are not in the group yet (with organisation);
    the read of their names is logged."""
    model = related_model(WorkGroupMember, "membership")
    memberships = (
        restrict(model.objects.filter(team_id=group.team_id), user, Action.VIEW)
        .exclude(work_group_places__group=group)
        .select_related("organisation")
        .order_by("person_name", "pk")
    )
    _log_read(user=user, objects=list(memberships), model=model, request=request)
    return memberships


def member_get(*, user: Any, pk: int, request: Any = None) -> WorkGroupMember:
    """One member of a group the user may change, or 404."""
    return get_in_scope(
        WorkGroupMember.objects.select_related("group", "group__team", "membership"),
        user,
        Action.CHANGE,
        request=request,
        pk=pk,
    )


# --- agenda and actions ------------------------------------------------------------------


def agenda_of(*, user: Any, group: WorkGroup) -> list[AgendaItem]:
    return list(
        restrict(AgendaItem.objects.filter(group=group), user, Action.VIEW).order_by("day", "pk")
    )


def actions_of(*, user: Any, group: WorkGroup) -> list[WorkGroupAction]:
    """The group's actions, open ones first (soonest due first), each with its owner."""
    return list(
        restrict(WorkGroupAction.objects.filter(group=group), user, Action.VIEW)
        .select_related("owner", "owner__membership")
        .order_by("done_on", "due_on", "pk")
    )


def action_get(*, user: Any, pk: int, request: Any = None) -> WorkGroupAction:
    """One action of a group the user may change, or 404."""
    return get_in_scope(
        WorkGroupAction.objects.select_related("group", "group__team"),
        user,
        Action.CHANGE,
        request=request,
        pk=pk,
    )


# --- groups on other apps' pages, and lessons for reflections ------------------------------


def groups_of_team(*, user: Any, team: Any) -> list[WorkGroup]:
    """The team's groups the user may see, open first, with their craft mix. One compiled
    query (``core.compiled``, the team bound per call): the team page is kept between two
    changes of what it read (``audit.kept``)."""
    groups: list[WorkGroup] = compiled.objects(
        ("workgroups.groups_of_team", *scope_key(user)),
        lambda team_id: with_mix(_groups(user).filter(team_id=team_id)).order_by(
            "closed_on", "name", "pk"
        ),
        args={"team_id": team.pk},
    )
    for group in groups:
        group.mix = mix_of(group)  # type: ignore[attr-defined]
    return groups


def groups_on(*, user: Any, opportunity: Any = None, initiative: Any = None) -> list[WorkGroup]:
    """The groups the user may see that work on an opportunity or an initiative."""
    groups = _groups(user)
    if opportunity is not None:
        groups = groups.filter(opportunities=opportunity)
    if initiative is not None:
        groups = groups.filter(initiatives=initiative)
    return list(groups.order_by("closed_on", "name", "pk"))


def lessons_closed_between(
    *, user: Any, team: Any, after: dt.date | None, until: dt.date
) -> list[WorkGroup]:
    """The groups of ``team`` the user may see that closed after ``after`` (exclusive;
    ``None``: ever) up to ``until`` (inclusive), with their lessons: what a reflection
    session discusses. Oldest first; one query."""
    groups = _groups(user).filter(team=team, closed_on__isnull=False, closed_on__lte=until)
    if after is not None:
        groups = groups.filter(closed_on__gt=after)
    return list(groups.order_by("closed_on", "pk"))


def lesson_snapshot(groups: list[WorkGroup]) -> list[dict[str, Any]]:
    """What a recorded reflection session keeps of the lessons (no names of people)."""
    return [
        {
            "id": group.pk,
            "name": group.name,
            "closed_on": group.closed_on.isoformat() if group.closed_on else "",
            "lesson": group.lesson,
            "keep": group.keep,
            "stop": group.stop,
        }
        for group in groups
    ]


def prefetch_members() -> Prefetch:
    """For the API: the members of each group with their organisation."""
    return Prefetch(
        "members",
        queryset=WorkGroupMember.objects.select_related(
            "membership", "membership__organisation"
        ).order_by("pk"),
    )


def mixes_of(ids: list[int]) -> dict[int, CraftMix]:
    """The craft mix of the groups ``ids`` (already in the user's scope), in one query."""
    if not ids:
        return {}
    return {group.pk: mix_of(group) for group in with_mix(WorkGroup.objects.filter(pk__in=ids))}
