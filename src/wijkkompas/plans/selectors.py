"""Reads of the plans domain: plans, reviews, closed case discussions and the worklist.

Every read goes through the permission layer (``visible_to``/``get_in_scope``): a plan is
visible to team roles of its team under the household's consent for the plan, to the
resident through the owner rule ("Mijn plan"); a case discussion only to its participants
who hold the household's consent for case discussions. Every read of personal data for a
page writes one access-log entry (one per page or list, never one per row) with its purpose
and the ids of the residents whose data it is (the data subjects).

The exception is :func:`export_for_household`: it is called by the rights service, which
checks the request and logs the export itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import active_consents, can, get_in_scope, restrict, scope_key
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access, log_batch
from wijkkompas.conversations.constants import WMO_WARNING_DAYS
from wijkkompas.conversations.selectors import wmo_terms
from wijkkompas.core import compiled
from wijkkompas.core.compiled import values_rows
from wijkkompas.instruments.selectors import Comparison, assessment_list, compare
from wijkkompas.organisations.selectors import organisations_of
from wijkkompas.residents.constants import CASE_TEAM_ROLES, ConsentPart, Urgency
from wijkkompas.residents.selectors import has_consent, household_residents, open_risk_signals

from .constants import (
    COORDINATOR_ROLES,
    DISCUSSION_HORIZON,
    PLANS_PER_PAGE,
    REVIEW_WARNING,
    WORKLIST_LIMIT,
    Baseline,
    DiscussionStatus,
    DueState,
    GoalStatus,
    PlanStatus,
    WorkKind,
)
from .models import (
    Appointment,
    CaseDiscussion,
    Decision,
    Goal,
    Participant,
    Plan,
    PlanAction,
    PlanComment,
    Review,
)

# --- helpers ------------------------------------------------------------------------------


def _household_model() -> Any:
    """The household model, reached through the plan's foreign key (no import of residents)."""
    return Plan._meta.get_field("household").related_model


def resident_ids_of(household_ids: Any) -> list[int]:
    """Ids of the residents of these households: the data subjects of a log entry.

    One query. Only ids leave the database; they go into the access log, never on a page.
    """
    ids = {pk for pk in household_ids if pk is not None}
    if not ids:
        return []
    rows = compiled.values_once(
        _household_model()
        ._default_manager.filter(pk__in=sorted(ids), residents__isnull=False)
        .order_by()
        .values("residents__id")
    )
    return sorted({row["residents__id"] for row in rows})


def household_resident_ids(household_id: int) -> list[int]:
    """:func:`resident_ids_of` for one household, compiled once (the pages that show one
    household's plan ask it on every request)."""
    rows = values_rows(
        ("plans.household_resident_ids",),
        lambda household_id: (
            _household_model()
            ._default_manager.filter(pk=household_id, residents__isnull=False)
            .order_by()
            .values("residents__id")
        ),
        args={"household_id": household_id},
    )
    return sorted({row["residents__id"] for row in rows})


def _log_read(
    *,
    user: Any,
    purpose: str,
    request: Any,
    household_ids: Any,
    obj: Any = None,
    objects: Any = None,
    model: Any = None,
    extra_subjects: Any = (),
) -> None:
    log_access(
        user=user,
        action=Event.READ,
        purpose=purpose,
        obj=obj,
        objects=objects,
        model=model,
        request=request,
        subjects=[*resident_ids_of(household_ids), *extra_subjects],
    )


def household_label_annotation(user: Any) -> Case:
    """The household's name, only when the user may see the household itself, else "".

    A plan is visible under the consent for the plan; the household's name under the consent
    for personal details. The check is an ``EXISTS`` in the same query.
    """
    visible = restrict(_household_model()._default_manager.all(), user, Action.VIEW).filter(
        pk=OuterRef("household_id")
    )
    return Case(
        When(Exists(visible), then=F("household__label")),
        default=Value(""),
        output_field=CharField(),
    )


def due_state(due_on: dt.date | None, *, today: dt.date, warning: dt.timedelta) -> str:
    """Overdue, due soon (within ``warning``), planned, or no date."""
    if due_on is None:
        return DueState.NO_DATE
    if due_on < today:
        return DueState.OVERDUE
    if due_on <= today + warning:
        return DueState.DUE_SOON
    return DueState.PLANNED


# --- plans --------------------------------------------------------------------------------


def may_use_plans(*, user: Any) -> bool:
    """Whether the user's role works with plans at all (team roles of a municipality)."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in CASE_TEAM_ROLES


def plan_get(
    *,
    user: Any,
    pk: int,
    action: str = Action.VIEW,
    request: Any = None,
    purpose: str = Purpose.CASE_COORDINATION,
) -> Plan:
    """One plan in the user's scope for ``action`` (logged read), or 404 (refusal logged).

    ``plan.household_label``: the household's name when the user may see it, else ""."""
    plan = get_in_scope(
        Plan.objects.select_related("household", "coordinator", "team").annotate(
            household_label=household_label_annotation(user)
        ),
        user,
        action,
        request=request,
        pk=pk,
    )
    _log_read(
        user=user, purpose=purpose, request=request, obj=plan, household_ids=[plan.household_id]
    )
    return cast(Plan, plan)


def active_plan_exists(*, household: Any) -> bool:
    """Whether the household has an active plan (no data of the plan leaves the database)."""
    return Plan.objects.filter(household_id=household.pk, status=PlanStatus.ACTIVE).exists()


def _children(user: Any) -> list[Prefetch]:
    """The parts of a plan, each limited by the permission layer, for a prefetch."""
    return [
        Prefetch("goals", queryset=Goal.objects.visible_to(user).order_by("created_at", "pk")),
        Prefetch(
            "actions",
            queryset=PlanAction.objects.visible_to(user)
            .select_related("owner_organisation", "goal", "decision")
            .order_by(F("done_on").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "pk"),
        ),
        Prefetch(
            "appointments",
            queryset=Appointment.objects.visible_to(user).order_by("starts_at", "pk"),
        ),
        Prefetch(
            "comments",
            queryset=PlanComment.objects.visible_to(user)
            .select_related("author")
            .order_by("created_at", "pk"),
        ),
        Prefetch(
            "reviews",
            queryset=Review.objects.visible_to(user)
            .select_related("held_by")
            .order_by("planned_on", "pk"),
        ),
    ]


@dataclass
class PlanPage:
    """Everything the plan page shows, read in a fixed number of queries."""

    plan: Plan
    household_label: str
    goals: list[Goal]
    actions: list[PlanAction]
    appointments: list[Appointment]
    comments: list[PlanComment]
    reviews: list[Review]
    partners: list[Any]
    discussions: list[CaseDiscussion]
    may_change: bool
    today: dt.date

    @property
    def open_reviews(self) -> list[Review]:
        return [review for review in self.reviews if review.held_on is None]

    @property
    def held_reviews(self) -> list[Review]:
        return [review for review in self.reviews if review.held_on is not None]

    @property
    def review_state(self) -> str:
        return due_state(self.plan.next_review_on, today=self.today, warning=REVIEW_WARNING)

    @property
    def days_to_review(self) -> int | None:
        next_review = self.plan.next_review_on
        return (next_review - self.today).days if next_review is not None else None

    @property
    def title(self) -> str:
        return plan_title(self.plan.pk, self.household_label)


def plan_title(pk: int, household_label: str) -> str:
    """ "Plan of <household>" when the user may see the household's name, else "Plan <id>"."""
    if household_label:
        return _("Plan of %(name)s") % {"name": household_label}
    return _("Plan %(number)s") % {"number": pk}


def plan_page(*, user: Any, pk: int, request: Any = None, today: dt.date | None = None) -> PlanPage:
    """The plan page: the plan with its goals, actions, appointments, comments, reviews,
    the partners involved (organisations of the actions) and the case discussions of the
    household the user takes part in. One logged read."""
    today = today or timezone.localdate()
    plan = get_in_scope(
        Plan.objects.select_related("household", "coordinator", "team")
        .annotate(household_label=household_label_annotation(user))
        .prefetch_related(*_children(user)),
        user,
        Action.VIEW,
        request=request,
        pk=pk,
    )
    actions = list(plan.actions.all())
    partners: dict[int, Any] = {}
    for item in actions:
        if item.owner_organisation is not None:
            partners[item.owner_organisation.pk] = item.owner_organisation
    discussions = list(
        CaseDiscussion.objects.visible_to(user)
        .filter(household_id=plan.household_id)
        .order_by("-scheduled_at", "-pk")[:WORKLIST_LIMIT]
    )
    _log_read(
        user=user,
        purpose=Purpose.CASE_COORDINATION,
        request=request,
        obj=plan,
        household_ids=[plan.household_id],
    )
    return PlanPage(
        plan=plan,
        household_label=plan.household_label,
        goals=list(plan.goals.all()),
        actions=actions,
        appointments=list(plan.appointments.all()),
        comments=list(plan.comments.all()),
        reviews=list(plan.reviews.all()),
        partners=sorted(partners.values(), key=lambda org: (org.name.lower(), org.pk)),
        discussions=discussions,
        may_change=plan.status == PlanStatus.ACTIVE and can(user, Action.CHANGE, plan),
        today=today,
    )


def goal_get(
    *, user: Any, plan: Plan, pk: int, action: str = Action.VIEW, request: Any = None
) -> Goal:
    """One goal of ``plan`` in the user's scope for ``action``, or 404 (refusal logged).

    Read for an edit form of a plan whose read :func:`plan_get` logged already."""
    return cast(
        Goal,
        get_in_scope(Goal.objects.filter(plan=plan), user, action, request=request, pk=pk),
    )


def action_get(
    *, user: Any, plan: Plan, pk: int, action: str = Action.VIEW, request: Any = None
) -> PlanAction:
    """One action of ``plan`` in the user's scope for ``action``, or 404 (refusal logged).

    Read for an edit form of a plan whose read :func:`plan_get` logged already."""
    return cast(
        PlanAction,
        get_in_scope(
            PlanAction.objects.filter(plan=plan).select_related("owner_organisation"),
            user,
            action,
            request=request,
            pk=pk,
        ),
    )


def review_get(
    *, user: Any, plan: Plan, pk: int, action: str = Action.VIEW, request: Any = None
) -> Review:
    """One review of ``plan`` in the user's scope for ``action``, or 404 (refusal logged)."""
    return cast(
        Review,
        get_in_scope(
            Review.objects.filter(plan=plan).select_related("held_by"),
            user,
            action,
            request=request,
            pk=pk,
        ),
    )


def coordinator_choices(*, team_id: int) -> QuerySet[Any]:
    """Accounts that can coordinate a plan of the team: active professionals and
    coordinators of that team. (Names of colleagues, not of residents: not logged, like
    the account choices of the team pages.)"""
    return (
        get_user_model()
        .objects.filter(teams=team_id, role__in=COORDINATOR_ROLES, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def owner_account_choices(*, team_id: int) -> QuerySet[Any]:
    """Accounts that can own an action (so that it shows in their worklist): active team
    roles of the plan's team."""
    return (
        get_user_model()
        .objects.filter(teams=team_id, role__in=CASE_TEAM_ROLES, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def organisation_choices(*, municipality_id: int) -> QuerySet[Any]:
    """Organisations of the plan's municipality, for the owner of an action or decision."""
    return organisations_of(municipality_ids=[municipality_id])


# --- reviews: scores before and after -------------------------------------------------------


@dataclass(frozen=True)
class ReviewComparison:
    """The scores of one resident at a review, next to the scores they are compared with."""

    resident_name: str
    instrument: str
    comparison: Comparison | None
    baseline: str = ""

    @property
    def baseline_label(self) -> str:
        return str(Baseline(self.baseline).label) if self.baseline else ""


@dataclass
class ReviewPage:
    plan: Plan
    review: Review
    comparisons: list[ReviewComparison]
    may_change: bool

    @property
    def title(self) -> str:
        return plan_title(self.plan.pk, getattr(self.plan, "household_label", ""))


def _baseline(
    *, after: Any, earlier: list[Any], previous_reviews: set[int], started_on: dt.date
) -> tuple[Any, str]:
    """The assessment to compare ``after`` with, and why that one (see :func:`review_page`)."""
    at_previous = [a for a in earlier if a.review_id in previous_reviews]
    if at_previous:
        return at_previous[-1], Baseline.PREVIOUS_REVIEW
    before_start = [a for a in earlier if a.assessed_on <= started_on]
    if before_start:
        return before_start[-1], Baseline.BEFORE_START
    if earlier:
        return earlier[0], Baseline.FIRST_IN_PLAN
    return None, ""


def review_page(*, user: Any, plan_pk: int, pk: int, request: Any = None) -> ReviewPage:
    """A review with, per resident scored at it and per instrument, the scores before and
    after (``instruments.selectors.compare``).

    "Before" is, for the same resident and instrument: the latest scores recorded at an
    earlier review of this plan; without those, the last scores on or before the start of
    the plan; without those, the first scores since the start. One logged read of the plan;
    ``instruments.selectors.assessment_list`` logs the scores it reads (one entry per
    resident scored at this review, usually one).
    """
    plan = get_in_scope(
        Plan.objects.select_related("household", "coordinator", "team").annotate(
            household_label=household_label_annotation(user)
        ),
        user,
        Action.VIEW,
        request=request,
        pk=plan_pk,
    )
    review = get_in_scope(
        Review.objects.filter(plan=plan).select_related("held_by"),
        user,
        Action.VIEW,
        request=request,
        pk=pk,
    )
    comparisons: list[ReviewComparison] = []
    if review.held_on is not None:
        scored = set(
            restrict(review.assessments.all(), user, Action.VIEW).values_list(
                "resident_id", flat=True
            )
        )
        previous_reviews = {
            other_pk
            for other_pk, held_on in Review.objects.filter(
                plan=plan, held_on__isnull=False
            ).values_list("pk", "held_on")
            if other_pk != review.pk and (held_on, other_pk) < (review.held_on, review.pk)
        }
        residents = [
            r for r in household_residents(user=user, household=plan.household) if r.pk in scored
        ]
        for resident in residents:
            items = assessment_list(
                user=user, resident=resident, request=request, purpose=Purpose.CASE_COORDINATION
            )
            for after in (a for a in items if a.review_id == review.pk):
                earlier = [
                    a
                    for a in items
                    if a.version.instrument_id == after.version.instrument_id
                    and (a.assessed_on, a.pk) < (after.assessed_on, after.pk)
                    and a.review_id != review.pk
                ]
                before, basis = _baseline(
                    after=after,
                    earlier=earlier,
                    previous_reviews=previous_reviews,
                    started_on=plan.started_on,
                )
                comparisons.append(
                    ReviewComparison(
                        resident_name=resident.name,
                        instrument=f"{after.version.instrument.name} {after.version.label}",
                        comparison=compare(before=before, after=after) if before else None,
                        baseline=basis,
                    )
                )
    _log_read(
        user=user,
        purpose=Purpose.CASE_COORDINATION,
        request=request,
        obj=review,
        household_ids=[plan.household_id],
    )
    return ReviewPage(
        plan=plan,
        review=review,
        comparisons=comparisons,
        may_change=plan.status == PlanStatus.ACTIVE and can(user, Action.CHANGE, review),
    )


# --- "Mijn plannen": the coordinator's overview -------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """One plan in the coordinator's overview."""

    pk: int
    url: str
    household_label: str
    started_on: dt.date
    next_review_on: dt.date | None
    state: str
    days_left: int | None
    open_goals: int
    open_actions: int

    @property
    def state_label(self) -> str:
        return str(DueState(self.state).label)

    @property
    def days_overdue(self) -> int | None:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else None


@dataclass
class MyPlans:
    page: Page
    rows: list[PlanRow]
    overdue: int
    due_soon: int
    today: dt.date


def my_plans(
    *, user: Any, page: Any = 1, today: dt.date | None = None, request: Any = None
) -> MyPlans:
    """The active plans the user coordinates, next review first (paginated; one logged read
    per page of plans).

    Review states: overdue (the review date has passed), due soon (within
    ``constants.REVIEW_WARNING``), planned, or no review planned.
    """
    today = today or timezone.localdate()
    base = Plan.objects.visible_to(user).filter(coordinator_id=user.pk, status=PlanStatus.ACTIVE)
    counts = base.aggregate(
        overdue=Count("pk", filter=Q(next_review_on__lt=today)),
        due_soon=Count(
            "pk",
            filter=Q(next_review_on__gte=today, next_review_on__lte=today + REVIEW_WARNING),
        ),
        total=Count("pk"),
    )
    rows_qs = (
        base.annotate(
            label=household_label_annotation(user),
            open_goals=Count("goals", filter=Q(goals__status=GoalStatus.OPEN), distinct=True),
            open_actions=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True),
        )
        .order_by(F("next_review_on").asc(nulls_last=True), "pk")
        .values(
            "pk",
            "household_id",
            "label",
            "started_on",
            "next_review_on",
            "open_goals",
            "open_actions",
        )
    )
    paginator = Paginator(rows_qs, PLANS_PER_PAGE)
    paginator.count = counts["total"]  # already counted above: no second COUNT query
    current = paginator.get_page(page)
    base_url = reverse("plans:mine")
    rows = []
    for row in current.object_list:
        next_review = row["next_review_on"]
        rows.append(
            PlanRow(
                pk=row["pk"],
                url=f"{base_url}{row['pk']}/",
                household_label=row["label"],
                started_on=row["started_on"],
                next_review_on=next_review,
                state=due_state(next_review, today=today, warning=REVIEW_WARNING),
                days_left=(next_review - today).days if next_review else None,
                open_goals=row["open_goals"],
                open_actions=row["open_actions"],
            )
        )
    if rows:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.CASE_COORDINATION,
            objects=[Plan(pk=row.pk) for row in rows],
            model=Plan,
            request=request,
            subjects=resident_ids_of(row["household_id"] for row in current.object_list),
        )
    return MyPlans(
        page=current, rows=rows, overdue=counts["overdue"], due_soon=counts["due_soon"], today=today
    )


@dataclass(frozen=True)
class _Ref:
    """An object reference for the access log (``log_access`` reads only ``pk``)."""

    pk: Any


# --- the plan on the household and resident pages (sections) -------------------------------


@dataclass(frozen=True)
class PlanSummary:
    """The active plan of a household in a few figures, for a section of another page."""

    pk: int
    coordinator: str
    started_on: dt.date
    next_review_on: dt.date | None
    state: str
    days_left: int | None
    open_goals: int
    open_actions: int


@dataclass
class HouseholdPlans:
    """What the household page shows of the plans app."""

    plan: PlanSummary | None
    discussions: list[DiscussionRow]
    may_create_plan: bool
    may_organise_discussion: bool


def plan_summary(
    *, user: Any, household: Any, request: Any = None, today: dt.date | None = None
) -> PlanSummary | None:
    """The active plan of ``household`` the user may see, in figures (one query), or None.
    Logged when found (purpose: coordinating the household plan)."""
    today = today or timezone.localdate()
    rows = values_rows(
        ("plans.plan_summary", *scope_key(user)),
        lambda household_id: (
            Plan.objects.visible_to(user)
            .filter(household_id=household_id, status=PlanStatus.ACTIVE)
            .annotate(
                open_goals=Count("goals", filter=Q(goals__status=GoalStatus.OPEN), distinct=True),
                open_actions=Count(
                    "actions", filter=Q(actions__done_on__isnull=True), distinct=True
                ),
            )
            .order_by("pk")
            .values(
                "pk",
                "household_id",
                "started_on",
                "next_review_on",
                "open_goals",
                "open_actions",
                "coordinator__first_name",
                "coordinator__last_name",
                "coordinator__username",
            )[:1]
        ),
        args={"household_id": household.pk},
    )
    row = rows[0] if rows else None
    if row is None:
        return None
    log_access(
        user=user,
        action=Event.READ,
        purpose=Purpose.CASE_COORDINATION,
        obj=Plan(pk=row["pk"]),
        request=request,
        subjects=household_resident_ids(row["household_id"]),
    )
    next_review = row["next_review_on"]
    name = f"{row['coordinator__first_name']} {row['coordinator__last_name']}".strip()
    return PlanSummary(
        pk=row["pk"],
        coordinator=name or row["coordinator__username"],
        started_on=row["started_on"],
        next_review_on=next_review,
        state=due_state(next_review, today=today, warning=REVIEW_WARNING),
        days_left=(next_review - today).days if next_review else None,
        open_goals=row["open_goals"],
        open_actions=row["open_actions"],
    )


def household_plans(*, user: Any, household: Any, request: Any = None) -> HouseholdPlans:
    """The plan and the case discussions of a household, for the household page: the plan
    in figures (:func:`plan_summary`, logged), the case discussions the user takes part in
    (logged when any), and whether the user may start a plan or organise a discussion (the
    household's consent for those parts). A fixed number of queries.

    A plan the user may not see is not mentioned: whoever may start a plan (consent for the
    plan to their team) sees the active plan, if there is one."""
    summary = plan_summary(user=user, household=household, request=request)
    rows = _discussion_rows(
        user, CaseDiscussion.objects.visible_to(user).filter(household_id=household.pk)
    )
    if rows:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.CASE_DISCUSSION,
            objects=[CaseDiscussion(pk=row.pk) for row in rows],
            model=CaseDiscussion,
            request=request,
            subjects=resident_ids_of([household.pk]),
        )
    may_change = can(user, Action.CHANGE, household)
    return HouseholdPlans(
        plan=summary,
        discussions=rows,
        may_create_plan=may_change
        and has_consent(user=user, household=household, part=ConsentPart.PLAN),
        may_organise_discussion=may_change
        and has_consent(user=user, household=household, part=ConsentPart.CASE_DISCUSSION),
    )


# --- Mijn plan and the resident's rights (interfaces for portal and rights) --------------


def plan_of_household(*, user: Any, household: Any, request: Any = None) -> Plan | None:
    """The active plan of ``household`` that the user may see, with its parts prefetched
    (goals, actions, appointments, comments, reviews), or None. Logged when found
    (purpose: coordinating the household plan)."""
    plan = (
        Plan.objects.visible_to(user)
        .filter(household_id=household.pk, status=PlanStatus.ACTIVE)
        .select_related("coordinator", "team")
        .prefetch_related(*_children(user))
        .first()
    )
    if plan is not None:
        _log_read(
            user=user,
            purpose=Purpose.CASE_COORDINATION,
            request=request,
            obj=plan,
            household_ids=[plan.household_id],
        )
    return plan


def plan_for_resident(*, user: Any, request: Any = None) -> Plan | None:
    """ "Mijn plan": the active plan of the household of a resident-role user, through the
    owner rule of the permission layer, with goals, actions, appointments, comments and
    reviews prefetched; None when there is none (or the user is not a resident).
    Logged with the purpose "the resident viewing their own data"."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.RESIDENT:
        return None
    plan = (
        Plan.objects.visible_to(user)
        .filter(status=PlanStatus.ACTIVE)
        .select_related("coordinator", "team")
        .prefetch_related(*_children(user))
        .order_by("-started_on", "-pk")
        .first()
    )
    if plan is not None:
        _log_read(
            user=user,
            purpose=Purpose.OWN_DATA,
            request=request,
            obj=plan,
            household_ids=[plan.household_id],
        )
    return plan


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def export_for_household(*, household: Any) -> dict[str, Any]:
    """Plain data of the household's plans and case discussions, for an access request
    (AVG art. 15): plans with goals, actions, appointments, reviews and comments; case
    discussions with question, minutes, participants and decisions.

    No access check and no log entry inside: the caller (the rights service) checks that
    the request is allowed and logs the export with purpose DATA_REQUEST. Names of
    professionals are included (they are recipients of the data); the account names of
    residents who wrote a goal or comment are not: those show as "resident".
    """
    plan_parts: list[Any] = [
        "goals",
        Prefetch("actions", queryset=PlanAction.objects.select_related("owner_organisation")),
        "appointments",
        Prefetch("reviews", queryset=Review.objects.select_related("held_by")),
        Prefetch("comments", queryset=PlanComment.objects.select_related("author")),
    ]
    plans = (
        Plan.objects.filter(household_id=household.pk)
        .select_related("coordinator", "team")
        .prefetch_related(*plan_parts)
        .order_by("started_on", "pk")
    )
    discussion_parts: list[Any] = [
        Prefetch("participants", queryset=Participant.objects.select_related("user")),
        Prefetch("decisions", queryset=Decision.objects.select_related("owner_organisation")),
    ]
    discussions = (
        CaseDiscussion.objects.filter(household_id=household.pk)
        .select_related("created_by")
        .prefetch_related(*discussion_parts)
        .order_by("scheduled_at", "pk")
    )
    resident_label = _("resident")
    return {
        "plans": [
            {
                "id": plan.pk,
                "team": plan.team.name,
                "coordinator": _person(plan.coordinator),
                "status": plan.status,
                "summary": plan.summary,
                "started_on": _iso(plan.started_on),
                "next_review_on": _iso(plan.next_review_on),
                "closed_on": _iso(plan.closed_on),
                "goals": [
                    {
                        "id": goal.pk,
                        "text": goal.text,
                        "life_domain": goal.life_domain,
                        "status": goal.status,
                        "target_on": _iso(goal.target_on),
                        "added_by_resident": goal.added_by_resident,
                        "created_at": _iso(goal.created_at),
                    }
                    for goal in plan.goals.all()
                ],
                "actions": [
                    {
                        "id": item.pk,
                        "goal_id": item.goal_id,
                        "description": item.description,
                        "organisation": (
                            item.owner_organisation.name if item.owner_organisation else ""
                        ),
                        "who": item.owner_name,
                        "due_on": _iso(item.due_on),
                        "done_on": _iso(item.done_on),
                        "from_case_discussion": item.decision_id is not None,
                    }
                    for item in plan.actions.all()
                ],
                "appointments": [
                    {
                        "id": appointment.pk,
                        "starts_at": _iso(appointment.starts_at),
                        "place": appointment.place,
                        "with": appointment.with_whom,
                        "note": appointment.note,
                    }
                    for appointment in plan.appointments.all()
                ],
                "reviews": [
                    {
                        "id": review.pk,
                        "planned_on": _iso(review.planned_on),
                        "held_on": _iso(review.held_on),
                        "held_by": _person(review.held_by),
                        "conclusion": review.conclusion,
                    }
                    for review in plan.reviews.all()
                ],
                "comments": [
                    {
                        "id": comment.pk,
                        "by": resident_label if comment.by_resident else _person(comment.author),
                        "text": comment.text,
                        "created_at": _iso(comment.created_at),
                    }
                    for comment in plan.comments.all()
                ],
            }
            for plan in plans
        ],
        "case_discussions": [
            {
                "id": discussion.pk,
                "scheduled_at": _iso(discussion.scheduled_at),
                "place": discussion.place,
                "question": discussion.question,
                "status": discussion.status,
                "minutes": discussion.minutes,
                "organised_by": _person(discussion.created_by),
                "participants": [_person(p.user) for p in discussion.participants.all()],
                "decisions": [
                    {
                        "id": decision.pk,
                        "text": decision.text,
                        "organisation": (
                            decision.owner_organisation.name if decision.owner_organisation else ""
                        ),
                        "who": decision.owner_name,
                        "due_on": _iso(decision.due_on),
                    }
                    for decision in discussion.decisions.all()
                ],
            }
            for discussion in discussions
        ],
    }


# --- closed case discussions --------------------------------------------------------------


def discussion_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> CaseDiscussion:
    """One case discussion the user takes part in (logged read), or 404 (refusal logged).

    Only participants who hold the household's consent for case discussions see it; for
    everyone else it does not exist, whatever their team."""
    discussion = get_in_scope(
        CaseDiscussion.objects.select_related("household", "team", "created_by", "plan"),
        user,
        action,
        request=request,
        pk=pk,
    )
    _log_read(
        user=user,
        purpose=Purpose.CASE_DISCUSSION,
        request=request,
        obj=discussion,
        household_ids=[discussion.household_id],
    )
    return cast(CaseDiscussion, discussion)


@dataclass
class DiscussionPage:
    discussion: CaseDiscussion
    household_label: str
    participants: list[Participant]
    decisions: list[Decision]
    active_plan_id: int | None
    may_change: bool


def discussion_page(*, user: Any, pk: int, request: Any = None) -> DiscussionPage:
    """The case discussion page: question, participants, minutes and decisions (with the
    plan action each became). One logged read."""
    parts: list[Any] = [
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("user").order_by(
                "user__last_name", "user__first_name", "pk"
            ),
        ),
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("owner_organisation").order_by("pk"),
        ),
    ]
    discussion = get_in_scope(
        CaseDiscussion.objects.select_related("created_by", "plan")
        .annotate(household_label=household_label_annotation(user))
        .prefetch_related(*parts),
        user,
        Action.VIEW,
        request=request,
        pk=pk,
    )
    active_plan = (
        Plan.objects.visible_to(user)
        .filter(household_id=discussion.household_id, status=PlanStatus.ACTIVE)
        .values_list("pk", flat=True)
        .first()
    )
    _log_read(
        user=user,
        purpose=Purpose.CASE_DISCUSSION,
        request=request,
        obj=discussion,
        household_ids=[discussion.household_id],
    )
    return DiscussionPage(
        discussion=discussion,
        household_label=discussion.household_label,
        participants=list(discussion.participants.all()),
        decisions=list(discussion.decisions.all()),
        active_plan_id=active_plan,
        may_change=can(user, Action.CHANGE, discussion),
    )


@dataclass(frozen=True)
class DiscussionRow:
    pk: int
    url: str
    scheduled_at: dt.datetime
    place: str
    household_id: int
    household_label: str
    status: str
    status_label: str
    decisions: int


def _discussion_rows(user: Any, queryset: Any) -> list[DiscussionRow]:
    rows = list(
        queryset.annotate(
            label=household_label_annotation(user),
            decision_count=Count("decisions", distinct=True),
        )
        .order_by("-scheduled_at", "-pk")
        .values("pk", "household_id", "scheduled_at", "place", "label", "status", "decision_count")[
            :WORKLIST_LIMIT
        ]
    )
    labels = dict(DiscussionStatus.choices)
    return [
        DiscussionRow(
            pk=row["pk"],
            url=reverse("plans:discussion_detail", args=[row["pk"]]),
            scheduled_at=row["scheduled_at"],
            place=row["place"],
            household_id=row["household_id"],
            household_label=row["label"],
            status=row["status"],
            status_label=str(labels.get(row["status"], row["status"])),
            decisions=row["decision_count"],
        )
        for row in rows
    ]


def my_discussions(*, user: Any, request: Any = None) -> list[DiscussionRow]:
    """The case discussions the user takes part in, the latest first (at most
    ``WORKLIST_LIMIT``). One logged read."""
    result = _discussion_rows(
        user, CaseDiscussion.objects.visible_to(user).filter(participants__user_id=user.pk)
    )
    if result:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.CASE_DISCUSSION,
            objects=[CaseDiscussion(pk=row.pk) for row in result],
            model=CaseDiscussion,
            request=request,
            subjects=resident_ids_of(row.household_id for row in result),
        )
    return result


def invitable_users(*, discussion: CaseDiscussion) -> QuerySet[Any]:
    """Colleagues who may be invited to ``discussion``: active team roles of its team in
    its municipality who hold the household's consent for case discussions (given to the
    team, or to an organisation they work for), not yet invited.

    Names of colleagues, no resident data: not logged (like the account choices of the team
    pages)."""
    user_model = get_user_model()
    candidates = user_model.objects.filter(
        municipality_id=discussion.municipality_id,
        teams=discussion.team_id,
        role__in=CASE_TEAM_ROLES,
        is_active=True,
    ).exclude(case_discussion_invitations__discussion_id=discussion.pk)
    consents = active_consents(
        part=ConsentPart.CASE_DISCUSSION,
        team_ids=[discussion.team_id],
        organisation_ids=organisations_of(municipality_ids=[discussion.municipality_id]).values(
            "pk"
        ),
    ).filter(household_id=discussion.household_id)
    pairs = list(consents.values_list("team_id", "organisation_id"))
    if not pairs:
        return user_model.objects.none()
    if any(team_id == discussion.team_id for team_id, _org in pairs):
        chosen = candidates
    else:
        organisation_ids = {org for _team, org in pairs if org is not None}
        chosen = candidates.filter(memberships__organisation_id__in=organisation_ids)
    return chosen.distinct().order_by("last_name", "first_name", "username")


def colleague_choices(*, municipality_id: int) -> QuerySet[Any]:
    """Every active account of a team role in the municipality: what an invitation form
    accepts, so that the service can refuse a colleague without consent with a clear
    message (the form offers only :func:`invitable_users`)."""
    return (
        get_user_model()
        .objects.filter(municipality_id=municipality_id, role__in=CASE_TEAM_ROLES, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


# --- the personal worklist (werkvoorraad) -------------------------------------------------

#: Order of the kinds when everything else is equal.
KIND_ORDER = {
    WorkKind.RISK: 0,
    WorkKind.WMO: 1,
    WorkKind.REVIEW: 2,
    WorkKind.ACTION: 3,
    WorkKind.DISCUSSION: 4,
}

#: Warning period per kind: within it an item is "due soon".
_WARNINGS = {
    WorkKind.RISK: dt.timedelta(days=7),
    WorkKind.WMO: dt.timedelta(days=7),
    WorkKind.REVIEW: REVIEW_WARNING,
    WorkKind.ACTION: dt.timedelta(days=7),
    WorkKind.DISCUSSION: DISCUSSION_HORIZON,
}


@dataclass(frozen=True)
class WorkItem:
    """One thing to do. ``label`` is a short label, never free text from the file."""

    kind: str
    label: str
    due_on: dt.date | None
    today: dt.date
    object_id: int
    url: str = ""
    urgency: int = 0
    detail: str = ""

    @property
    def kind_label(self) -> str:
        return str(WorkKind(self.kind).label)

    @property
    def acute(self) -> bool:
        return self.kind == WorkKind.RISK and self.urgency >= Urgency.ACUTE

    @property
    def high(self) -> bool:
        return self.kind == WorkKind.RISK and self.urgency >= Urgency.HIGH

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < self.today

    @property
    def days_left(self) -> int | None:
        return (self.due_on - self.today).days if self.due_on is not None else None

    @property
    def days_overdue(self) -> int | None:
        days = self.days_left
        return -days if days is not None and days < 0 else None

    @property
    def state(self) -> str:
        return due_state(self.due_on, today=self.today, warning=_WARNINGS[WorkKind(self.kind)])

    @property
    def state_label(self) -> str:
        return str(DueState(self.state).label)

    @property
    def urgency_label(self) -> str:
        return str(Urgency(self.urgency).label) if self.urgency else ""


def work_item_key(item: WorkItem) -> tuple[Any, ...]:
    """The sorting rule of the worklist (documented in docs/gebruikers/werkvoorraad.md):

    1. acute risk signals first;
    2. then everything overdue, the longest overdue first;
    3. then high-urgency risk signals;
    4. then everything else by date, the earliest first; items without a date last.

    Ties: the higher urgency first, then the kind (risk signal, Wmo term, review, action,
    case discussion), then the id, so the order is the same on every request.
    """
    if item.acute:
        tier = 0
    elif item.overdue:
        tier = 1
    elif item.high:
        tier = 2
    else:
        tier = 3
    return (
        tier,
        item.due_on or dt.date.max,
        -item.urgency,
        KIND_ORDER[WorkKind(item.kind)],
        item.object_id,
    )


def sort_work_items(items: list[WorkItem]) -> list[WorkItem]:
    return sorted(items, key=work_item_key)


@dataclass
class Worklist:
    """The personal worklist: one list sorted by urgency (see :func:`work_item_key`)."""

    items: list[WorkItem]
    today: dt.date
    truncated: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)

    @property
    def acute(self) -> int:
        return sum(1 for item in self.items if item.acute)


def _url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


def worklist(*, user: Any, today: dt.date | None = None, request: Any = None) -> Worklist:
    """The user's worklist, across:

    * open risk signals (``residents.selectors.open_risk_signals``: acute and high first);
    * Wmo legal terms overdue or due within 7 days (``conversations.selectors.wmo_terms``);
    * reviews of plans the user coordinates, overdue or due within ``REVIEW_WARNING``;
    * actions the user owns (``PlanAction.owner_user``) that are overdue or due today;
    * case discussions the user takes part in within ``DISCUSSION_HORIZON``.

    A constant number of queries whatever the caseload: every source is read with a LIMIT
    of ``WORKLIST_LIMIT`` on an index (plans: ``plan_coordinator_due``; actions:
    ``plan_action_owner_due``). The sub-selectors of residents and conversations log
    their own reads; this one logs one entry (purpose WORKLIST) with every data subject.
    """
    today = today or timezone.localdate()
    # The sub-selectors log their own reads: all entries are written together at the end.
    with log_batch():
        items: list[WorkItem] = []
        household_ids: set[int] = set()
        resident_ids: set[int] = set()
        truncated = False

        signals = open_risk_signals(user=user, limit=WORKLIST_LIMIT, request=request)
        truncated |= len(signals) >= WORKLIST_LIMIT
        for signal in signals:
            household_ids.add(signal.household_id)
            if signal.resident_id:
                resident_ids.add(signal.resident_id)
            items.append(
                WorkItem(
                    kind=WorkKind.RISK,
                    label=signal.kind_label,
                    due_on=signal.review_on,
                    today=today,
                    object_id=signal.pk,
                    url=risk_signal_url(signal),
                    urgency=int(signal.urgency),
                )
            )

        terms = wmo_terms(user=user, today=today, limit=WORKLIST_LIMIT, request=request)
        truncated |= len(terms) >= WORKLIST_LIMIT
        for term in terms:
            if term.due_on is None or term.due_on > today + dt.timedelta(days=WMO_WARNING_DAYS):
                continue
            resident_ids.add(term.resident_id)
            items.append(
                WorkItem(
                    kind=WorkKind.WMO,
                    label=term.kind_label,
                    detail=term.resident_name,
                    due_on=term.due_on,
                    today=today,
                    object_id=term.conversation_id,
                    url=term.url,
                )
            )

        key = (WORKLIST_LIMIT, today, *scope_key(user))
        reviews = values_rows(
            ("plans.worklist.reviews", *key),
            lambda: (
                Plan.objects.visible_to(user)
                .filter(
                    coordinator_id=user.pk,
                    status=PlanStatus.ACTIVE,
                    next_review_on__lte=today + REVIEW_WARNING,
                )
                .annotate(label=household_label_annotation(user))
                .order_by("next_review_on", "pk")
                .values("pk", "household_id", "label", "next_review_on")[:WORKLIST_LIMIT]
            ),
        )
        truncated |= len(reviews) >= WORKLIST_LIMIT
        for row in reviews:
            household_ids.add(row["household_id"])
            items.append(
                WorkItem(
                    kind=WorkKind.REVIEW,
                    label=_("Review of the plan"),
                    detail=row["label"],
                    due_on=row["next_review_on"],
                    today=today,
                    object_id=row["pk"],
                    url=_url("plans:detail", row["pk"]),
                )
            )

        actions = values_rows(
            ("plans.worklist.actions", *key),
            lambda: (
                PlanAction.objects.visible_to(user)
                .filter(
                    owner_user_id=user.pk,
                    done_on__isnull=True,
                    due_on__lte=today,
                    plan__status=PlanStatus.ACTIVE,
                )
                .annotate(
                    household_id=F("plan__household_id"),
                    label=Case(
                        When(
                            Exists(
                                restrict(_household_model()._default_manager.all(), user).filter(
                                    pk=OuterRef("plan__household_id")
                                )
                            ),
                            then=F("plan__household__label"),
                        ),
                        default=Value(""),
                        output_field=CharField(),
                    ),
                )
                .order_by("due_on", "pk")
                .values("pk", "plan_id", "household_id", "label", "due_on")[:WORKLIST_LIMIT]
            ),
        )
        truncated |= len(actions) >= WORKLIST_LIMIT
        for row in actions:
            household_ids.add(row["household_id"])
            items.append(
                WorkItem(
                    kind=WorkKind.ACTION,
                    label=_("Action in a plan"),
                    detail=row["label"],
                    due_on=row["due_on"],
                    today=today,
                    object_id=row["pk"],
                    url=_url("plans:detail", row["plan_id"]) + f"#action-{row['pk']}",
                )
            )

        start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
        discussions = values_rows(
            ("plans.worklist.discussions", *key),
            lambda: (
                CaseDiscussion.objects.visible_to(user)
                .filter(
                    participants__user_id=user.pk,
                    status=DiscussionStatus.PLANNED,
                    scheduled_at__gte=start,
                    scheduled_at__lt=start + DISCUSSION_HORIZON + dt.timedelta(days=1),
                )
                .annotate(label=household_label_annotation(user))
                .order_by("scheduled_at", "pk")
                .values("pk", "household_id", "label", "scheduled_at")[:WORKLIST_LIMIT]
            ),
        )
        truncated |= len(discussions) >= WORKLIST_LIMIT
        for row in discussions:
            household_ids.add(row["household_id"])
            items.append(
                WorkItem(
                    kind=WorkKind.DISCUSSION,
                    label=_("Case discussion"),
                    detail=row["label"],
                    due_on=timezone.localtime(row["scheduled_at"]).date(),
                    today=today,
                    object_id=row["pk"],
                    url=_url("plans:discussion_detail", row["pk"]),
                )
            )

        items = sort_work_items(items)
        counts = {kind: sum(1 for item in items if item.kind == kind) for kind in WorkKind.values}
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.WORKLIST,
            objects=cast(Any, [_Ref(f"{item.kind}:{item.object_id}") for item in items]),
            request=request,
            subjects=[*resident_ids_of(household_ids), *resident_ids],
        )
        return Worklist(items=items, today=today, truncated=truncated, counts=counts)


def risk_signal_url(signal: Any) -> str:
    """Where a risk signal is handled: the household's page in the residents app."""
    return reverse("residents:household_detail", args=[signal.household_id])
