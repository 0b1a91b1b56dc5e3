"""Writes of the plans domain: plans and their parts, reviews, closed case discussions.

Rules (with the message the user sees):

* one household, one active plan, one coordinator: a second active plan is refused; the
  coordinator is a professional or coordinator of the household's team who holds the
  household's consent for the plan;
* a plan is written under the household's consent for the plan (the permission layer);
  a closed plan is no longer changed;
* optimistic concurrency: every change of a plan or of its goals, actions, appointments and
  reviews raises ``Plan.version``; a form sends the version it was shown with and the
  change is refused when someone else saved the plan in between. (Comments are only ever
  added, so they overwrite nothing and do not raise the version.);
* ``Plan.next_review_on`` is the earliest review not yet held; kept here;
* a case discussion is created by a user who holds the household's consent for case
  discussions and is its first participant; only colleagues of the same municipality who
  hold that consent (and can open the discussion) may be invited;
* every decision of a case discussion becomes an action in the household's active plan, in
  the same transaction; without an active plan the decision is refused.

Every function checks permission itself (404 when the object is out of scope, 403 when the
user may see but not change it), validates fully before saving, runs in one transaction
(a refusal leaves nothing half-saved) and logs the write with its purpose and the residents
concerned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Min
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import can
from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.conversations.constants import LifeDomain
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean
from wijkkompas.instruments.services import assessment_record
from wijkkompas.residents.constants import CASE_TEAM_ROLES, ConsentPart
from wijkkompas.residents.selectors import has_consent
from wijkkompas.webhooks.constants import EventType
from wijkkompas.webhooks.services import event_emit

from .constants import COORDINATOR_ROLES, DiscussionStatus, GoalStatus, PlanStatus
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
from .selectors import resident_ids_of

# --- helpers -----------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _log(
    *, user: Any, action: str, purpose: str, obj: Any, household_id: int, request: Any
) -> None:
    log_access(
        user=user,
        action=action,
        purpose=purpose,
        obj=obj,
        request=request,
        subjects=resident_ids_of([household_id]),
    )


def _stale_message() -> str:
    return _(
        "Someone else saved a change to this plan while you were working on it. Nothing has "
        "been saved: reload the page to see the latest version, then make your change again."
    )


def _closed_message() -> str:
    return _("This plan has been closed: it can no longer be changed.")


def _plan_changed(plan: Plan) -> None:
    """Tell the systems that subscribed (webhooks), once the change commits."""
    event_emit(
        event=EventType.PLAN_CHANGED,
        municipality_id=plan.municipality_id,
        object_id=plan.pk,
        path=f"/api/v1/plans/{plan.pk}/",
    )


def _bump(plan: Plan, *, version: int | None) -> None:
    """Raise the plan's version by one, if it is still active and, when ``version`` is
    given, nobody saved it since that version (optimistic concurrency). One UPDATE: the
    check and the change cannot be separated by another request."""
    rows = Plan.objects.filter(pk=plan.pk, status=PlanStatus.ACTIVE)
    if version is not None:
        rows = rows.filter(version=version)
    if rows.update(version=F("version") + 1, updated_at=timezone.now()) == 1:
        plan.version = Plan.objects.values_list("version", flat=True).get(pk=plan.pk)
        _plan_changed(plan)
        return
    if Plan.objects.filter(pk=plan.pk, status=PlanStatus.ACTIVE).exists():
        raise ApplicationError(_stale_message())
    raise ApplicationError(_closed_message())


def _refresh_next_review(plan: Plan) -> None:
    """``next_review_on``: the earliest review not yet held (none for a closed plan)."""
    next_review = None
    if plan.status == PlanStatus.ACTIVE:
        next_review = Review.objects.filter(plan_id=plan.pk, held_on__isnull=True).aggregate(
            first=Min("planned_on")
        )["first"]
    Plan.objects.filter(pk=plan.pk).update(next_review_on=next_review)
    plan.next_review_on = next_review


def _is_resident(user: Any) -> bool:
    return getattr(user, "role", "") == Role.RESIDENT


def _may_write(user: Any, plan: Plan, *, by_resident: bool, resident_allowed: bool) -> bool:
    """Check that ``user`` may add to ``plan``; True when the writer is the resident.

    A team role needs change rights on the plan (consent for the plan). The resident (role
    resident) may add goals and comments to the plan of their own household: they see it
    through the owner rule of the permission layer.
    """
    if _is_resident(user):
        if not resident_allowed:
            raise PermissionDenied
        if not can(user, Action.VIEW, plan):
            raise Http404
        return True
    if by_resident:
        # Only the resident writes as the resident.
        raise PermissionDenied
    _require(user, Action.CHANGE, plan)
    return False


def _check_text(text: str, *, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    return text


def _check_life_domain(life_domain: str) -> str:
    life_domain = (life_domain or "").strip()
    if life_domain and life_domain not in LifeDomain.values:
        raise ApplicationError(_("Choose a life domain from the list."), field="life_domain")
    return life_domain


def _check_organisation(organisation: Any, *, municipality_id: int) -> None:
    if organisation is not None and organisation.municipality_id != municipality_id:
        raise ApplicationError(
            _("Choose an organisation that works in the municipality of the plan."),
            field="owner_organisation",
        )


def _check_coordinator(coordinator: Any, *, household: Any) -> None:
    if coordinator is None:
        raise ApplicationError(_("Choose the coordinator of the plan."), field="coordinator")
    if (
        not coordinator.is_active
        or coordinator.role not in COORDINATOR_ROLES
        or coordinator.municipality_id != household.municipality_id
        or household.team_id not in coordinator.team_ids()
    ):
        raise ApplicationError(
            _("The coordinator must be a professional or coordinator of the household's team."),
            field="coordinator",
        )
    if not has_consent(user=coordinator, household=household, part=ConsentPart.PLAN):
        raise ApplicationError(
            _(
                "The chosen coordinator cannot see this plan: the household's consent for the "
                "plan does not cover their team or organisation."
            ),
            field="coordinator",
        )


def _one_plan_message() -> str:
    return _(
        "This household already has an active plan: one household, one plan, one "
        "coordinator. Open that plan, or close it before starting a new one."
    )


# --- plans --------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    user: Any,
    household: Any,
    coordinator: Any = None,
    summary: str = "",
    started_on: dt.date | None = None,
    first_review_on: dt.date | None = None,
    request: Any = None,
) -> Plan:
    """Start the plan of a household, with its coordinator and (optionally) a first review.

    The coordinator defaults to the user when the user is a professional or coordinator.
    """
    _require(user, Action.CHANGE, household)
    if not has_consent(user=user, household=household, part=ConsentPart.PLAN):
        raise ApplicationError(
            _(
                "The household has not given consent for a plan to your team or organisation. "
                "Record that consent first."
            )
        )
    if household.closed_on is not None:
        raise ApplicationError(_("The case of this household is closed: reopen it first."))
    if coordinator is None and user.role in COORDINATOR_ROLES:
        coordinator = user
    _check_coordinator(coordinator, household=household)
    if Plan.objects.filter(household_id=household.pk, status=PlanStatus.ACTIVE).exists():
        raise ApplicationError(_one_plan_message())
    started_on = started_on or _today()
    if first_review_on is not None and first_review_on < started_on:
        raise ApplicationError(
            _("The first review cannot be before the start of the plan."), field="first_review_on"
        )
    plan = Plan(
        municipality_id=household.municipality_id,
        team_id=household.team_id,
        household=household,
        coordinator=coordinator,
        summary=(summary or "").strip(),
        started_on=started_on,
    )
    _full_clean(plan, exclude=["household", "municipality", "team", "coordinator"])
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        # Another request started a plan for the household at the same moment.
        raise ApplicationError(_one_plan_message()) from None
    if first_review_on is not None:
        review = Review(plan=plan, planned_on=first_review_on)
        _full_clean(review, exclude=["plan"])
        review.save()
    _refresh_next_review(plan)
    _log(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.CASE_COORDINATION,
        obj=plan,
        household_id=plan.household_id,
        request=request,
    )
    _plan_changed(plan)
    return plan


@transaction.atomic
def plan_update(
    *,
    user: Any,
    plan: Plan,
    version: int | None,
    summary: str,
    coordinator: Any,
    request: Any = None,
) -> Plan:
    """Change the plan's summary and coordinator (refused when someone saved in between)."""
    _require(user, Action.CHANGE, plan)
    _bump(plan, version=version)
    _check_coordinator(coordinator, household=plan.household)
    plan.summary = (summary or "").strip()
    plan.coordinator = coordinator
    _full_clean(plan, exclude=["household", "municipality", "team", "coordinator"])
    plan.save(update_fields=["summary", "coordinator", "updated_at"])
    _log(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.CASE_COORDINATION,
        obj=plan,
        household_id=plan.household_id,
        request=request,
    )
    return plan


@transaction.atomic
def plan_close(
    *,
    user: Any,
    plan: Plan,
    version: int | None,
    closed_on: dt.date | None = None,
    request: Any = None,
) -> Plan:
    """Close the plan: it stays readable, is no longer changed and leaves the review lists.
    The household may then get a new plan."""
    _require(user, Action.CHANGE, plan)
    _bump(plan, version=version)
    closed_on = closed_on or _today()
    if closed_on < plan.started_on:
        raise ApplicationError(_("A plan cannot be closed before it started."), field="closed_on")
    if closed_on > _today():
        raise ApplicationError(_("A plan cannot be closed in the future."), field="closed_on")
    plan.status = PlanStatus.CLOSED
    plan.closed_on = closed_on
    plan.next_review_on = None
    plan.save(update_fields=["status", "closed_on", "next_review_on", "updated_at"])
    _log(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.CASE_COORDINATION,
        obj=plan,
        household_id=plan.household_id,
        request=request,
    )
    return plan


# --- goals --------------------------------------------------------------------------------


@transaction.atomic
def goal_add(
    *,
    user: Any,
    plan: Plan,
    text: str,
    life_domain: str = "",
    target_on: dt.date | None = None,
    version: int | None = None,
    by_resident: bool = False,
    request: Any = None,
) -> Goal:
    """Add a goal to the plan, in the household's words.

    Team roles with change rights on the plan, and the resident of the household in "Mijn
    plan" (the goal is then marked as added by the resident, whatever ``by_resident``
    says). Raises the plan's version (checked against ``version`` when given).
    """
    resident = _may_write(user, plan, by_resident=by_resident, resident_allowed=True)
    _bump(plan, version=version)
    text = _check_text(text, field="text", message=_("Describe the goal."))
    goal = Goal(
        plan=plan,
        text=text,
        life_domain=_check_life_domain(life_domain),
        target_on=target_on,
        status=GoalStatus.OPEN,
        added_by_resident=resident,
        author=user,
    )
    _full_clean(goal, exclude=["plan", "author"])
    goal.save()
    _log(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.OWN_DATA if resident else Purpose.CASE_COORDINATION,
        obj=goal,
        household_id=plan.household_id,
        request=request,
    )
    return goal


@transaction.atomic
def goal_update(
    *,
    user: Any,
    goal: Goal,
    version: int | None,
    text: str,
    life_domain: str = "",
    target_on: dt.date | None = None,
    status: str = GoalStatus.OPEN,
    request: Any = None,
) -> Goal:
    """Change a goal (refused when someone saved the plan in between). The resident may
    change the goals they added themselves."""
    plan = goal.plan
    if _is_resident(user):
        _may_write(user, plan, by_resident=True, resident_allowed=True)
        if not goal.added_by_resident:
            raise PermissionDenied
    else:
        _require(user, Action.CHANGE, goal)
    _bump(plan, version=version)
    goal.text = _check_text(text, field="text", message=_("Describe the goal."))
    goal.life_domain = _check_life_domain(life_domain)
    goal.target_on = target_on
    if status not in GoalStatus.values:
        raise ApplicationError(_("Choose the status of the goal."), field="status")
    goal.status = status
    _full_clean(goal, exclude=["plan", "author"])
    goal.save()
    _log(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.OWN_DATA if _is_resident(user) else Purpose.CASE_COORDINATION,
        obj=goal,
        household_id=plan.household_id,
        request=request,
    )
    return goal


# --- actions ------------------------------------------------------------------------------


def _check_action(
    *,
    plan: Plan,
    description: str,
    owner_name: str,
    owner_organisation: Any,
    owner_user: Any,
    goal: Any,
) -> tuple[str, str]:
    description = _check_text(description, field="description", message=_("Describe the action."))
    _check_organisation(owner_organisation, municipality_id=plan.municipality_id)
    if owner_user is not None:
        if (
            not owner_user.is_active
            or owner_user.role not in CASE_TEAM_ROLES
            or owner_user.municipality_id != plan.municipality_id
            or not can(owner_user, Action.VIEW, plan)
        ):
            raise ApplicationError(
                _(
                    "The chosen account cannot see this plan: choose a colleague of the team "
                    "whose team or organisation the household consented to, or leave it empty."
                ),
                field="owner_user",
            )
    owner_name = " ".join((owner_name or "").split())
    if not owner_name and owner_user is not None:
        owner_name = str(owner_user.get_full_name() or owner_user.get_username())
    if not owner_name:
        raise ApplicationError(
            _("Say who does it: a professional, the resident or someone of their network."),
            field="owner_name",
        )
    if goal is not None and goal.plan_id != plan.pk:
        raise ApplicationError(_("Choose a goal of this plan."), field="goal")
    return description, owner_name


@transaction.atomic
def action_add(
    *,
    user: Any,
    plan: Plan,
    description: str,
    owner_name: str = "",
    owner_organisation: Any = None,
    owner_user: Any = None,
    goal: Any = None,
    due_on: dt.date | None = None,
    version: int | None = None,
    request: Any = None,
) -> PlanAction:
    """Add an action, owned by someone of any organisation (or the resident or their
    network). With ``owner_user`` (a colleague's account) an overdue action shows in their
    worklist. Raises the plan's version (checked against ``version`` when given)."""
    _require(user, Action.CHANGE, plan)
    _bump(plan, version=version)
    description, owner_name = _check_action(
        plan=plan,
        description=description,
        owner_name=owner_name,
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        goal=goal,
    )
    item = PlanAction(
        plan=plan,
        goal=goal,
        description=description,
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        owner_name=owner_name,
        due_on=due_on,
    )
    _full_clean(item, exclude=["plan", "goal", "owner_organisation", "owner_user", "decision"])
    item.save()
    _log(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.CASE_COORDINATION,
        obj=item,
        household_id=plan.household_id,
        request=request,
    )
    return item


@transaction.atomic
def action_update(
    *,
    user: Any,
    item: PlanAction,
    version: int | None,
    description: str,
    owner_name: str = "",
    owner_organisation: Any = None,
    owner_user: Any = None,
    goal: Any = None,
    due_on: dt.date | None = None,
    done_on: dt.date | None = None,
    request: Any = None,
) -> PlanAction:
    """Change an action or mark it done (refused when someone saved the plan in between)."""
    _require(user, Action.CHANGE, item)
    plan = item.plan
    _bump(plan, version=version)
    description, owner_name = _check_action(
        plan=plan,
        description=description,
        owner_name=owner_name,
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        goal=goal,
    )
    if done_on is not None and done_on > _today():
        raise ApplicationError(_("An action cannot be done in the future."), field="done_on")
    item.description = description
    item.owner_name = owner_name
    item.owner_organisation = owner_organisation
    item.owner_user = owner_user
    item.goal = goal
    item.due_on = due_on
    item.done_on = done_on
    _full_clean(item, exclude=["plan", "goal", "owner_organisation", "owner_user", "decision"])
    item.save()
    _log(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.CASE_COORDINATION,
        obj=item,
        household_id=plan.household_id,
        request=request,
    )
    return item


# --- appointments and comments -----------------------------------------------------------


@transaction.atomic
def appointment_add(
    *,
    user: Any,
    plan: Plan,
    starts_at: dt.datetime,
    place: str = "",
    with_whom: str = "",
    note: str = "",
    version: int | None = None,
    request: Any = None,
) -> Appointment:
    """Add an appointment with the household (shown in Mijn plan)."""
    _require(user, Action.CHANGE, plan)
    _bump(plan, version=version)
    if starts_at is None:
        raise ApplicationError(_("Give the date and time."), field="starts_at")
    appointment = Appointment(
        plan=plan,
        starts_at=starts_at,
        place=(place or "").strip(),
        with_whom=(with_whom or "").strip(),
        note=(note or "").strip(),
    )
    _full_clean(appointment, exclude=["plan"])
    appointment.save()
    _log(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.CASE_COORDINATION,
        obj=appointment,
        household_id=plan.household_id,
        request=request,
    )
    return appointment


@transaction.atomic
def comment_add(
    *,
    user: Any,
    plan: Plan,
    text: str,
    by_resident: bool = False,
    request: Any = None,
) -> PlanComment:
    """Add a comment to the plan: by a team role with change rights, or by the resident in
    "Mijn plan" (then marked as by the resident). Comments are only ever added, so they do
    not raise the plan's version; a closed plan takes no comments."""
    resident = _may_write(user, plan, by_resident=by_resident, resident_allowed=True)
    if not Plan.objects.filter(pk=plan.pk, status=PlanStatus.ACTIVE).exists():
        raise ApplicationError(_closed_message())
    comment = PlanComment(
        plan=plan,
        author=user,
        by_resident=resident,
        text=_check_text(text, field="text", message=_("Write the comment.")),
    )
    _full_clean(comment, exclude=["plan", "author"])
    comment.save()
    _log(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.OWN_DATA if resident else Purpose.CASE_COORDINATION,
        obj=comment,
        household_id=plan.household_id,
        request=request,
    )
    return comment


# --- reviews (evaluatie) -----------------------------------------------------------------


@transaction.atomic
def review_schedule(
    *,
    user: Any,
    plan: Plan,
    planned_on: dt.date,
    version: int | None = None,
    request: Any = None,
) -> Review:
    """Plan a review date; ``Plan.next_review_on`` follows."""
    _require(user, Action.CHANGE, plan)
    _bump(plan, version=version)
    if planned_on is None:
        raise ApplicationError(_("Give the date of the review."), field="planned_on")
    if planned_on < plan.started_on:
        raise ApplicationError(
            _("A review cannot be before the start of the plan."), field="planned_on"
        )
    if Review.objects.filter(plan=plan, planned_on=planned_on, held_on__isnull=True).exists():
        raise ApplicationError(_("A review is already planned on that date."), field="planned_on")
    review = Review(plan=plan, planned_on=planned_on)
    _full_clean(review, exclude=["plan"])
    review.save()
    _refresh_next_review(plan)
    _log(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.CASE_COORDINATION,
        obj=review,
        household_id=plan.household_id,
        request=request,
    )
    return review


@transaction.atomic
def review_hold(
    *,
    user: Any,
    review: Review,
    version: int | None,
    held_on: dt.date,
    conclusion: str,
    resident: Any = None,
    assessments: Iterable[tuple[Any, Any]] = (),
    next_review_on: dt.date | None = None,
    request: Any = None,
) -> Review:
    """Hold a review: record its conclusion and, optionally, new scores (ZRM, participation
    ladder) of one resident of the household, through ``instruments.services``, linked to
    the review so the review page can compare them with the scores before. Optionally plan
    the next review. ``assessments``: (instrument version, scores) pairs as returned by
    ``instruments.selectors.scores_from_cleaned_data``."""
    _require(user, Action.CHANGE, review)
    plan = review.plan
    _bump(plan, version=version)
    if Review.objects.filter(pk=review.pk, held_on__isnull=False).exists():
        raise ApplicationError(_("This review has already been held."))
    if held_on is None:
        raise ApplicationError(_("Give the date of the review."), field="held_on")
    if held_on > _today():
        raise ApplicationError(_("A review cannot be held in the future."), field="held_on")
    if held_on < plan.started_on:
        raise ApplicationError(
            _("A review cannot be before the start of the plan."), field="held_on"
        )
    conclusion = _check_text(
        conclusion,
        field="conclusion",
        message=_("Write the conclusion of the review: what went well, what changes."),
    )
    assessments = [(v, scores) for v, scores in assessments if scores]
    if assessments:
        if resident is None:
            raise ApplicationError(
                _("Choose the resident whose scores you recorded."), field="resident"
            )
        if resident.household_id != plan.household_id:
            raise ApplicationError(_("Choose a resident of this household."), field="resident")
    if next_review_on is not None and next_review_on <= held_on:
        raise ApplicationError(_("The next review must be after this one."), field="next_review_on")
    review.held_on = held_on
    review.conclusion = conclusion
    review.held_by = user
    _full_clean(review, exclude=["plan", "held_by"])
    review.save()
    for instrument_version, scores in assessments:
        assessment_record(
            user=user,
            resident=resident,
            version=instrument_version,
            scores=scores,
            assessed_on=held_on,
            review=review,
            request=request,
            purpose=Purpose.CASE_COORDINATION,
        )
    if next_review_on is not None:
        following = Review(plan=plan, planned_on=next_review_on)
        _full_clean(following, exclude=["plan"])
        following.save()
    _refresh_next_review(plan)
    _log(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.CASE_COORDINATION,
        obj=review,
        household_id=plan.household_id,
        request=request,
    )
    return review


# --- closed case discussions --------------------------------------------------------------


def _no_consent_for_discussion() -> str:
    return _(
        "The household has not given consent to discuss their situation in a case discussion "
        "with your team or organisation."
    )


@transaction.atomic
def discussion_create(
    *,
    user: Any,
    household: Any,
    scheduled_at: dt.datetime,
    question: str,
    place: str = "",
    request: Any = None,
) -> CaseDiscussion:
    """Organise a closed case discussion about a household; the organiser is its first
    participant."""
    _require(user, Action.CHANGE, household)
    if not has_consent(user=user, household=household, part=ConsentPart.CASE_DISCUSSION):
        raise ApplicationError(_no_consent_for_discussion())
    if scheduled_at is None:
        raise ApplicationError(_("Give the date and time."), field="scheduled_at")
    discussion = CaseDiscussion(
        municipality_id=household.municipality_id,
        team_id=household.team_id,
        household=household,
        plan=Plan.objects.filter(household_id=household.pk, status=PlanStatus.ACTIVE).first(),
        scheduled_at=scheduled_at,
        place=(place or "").strip(),
        question=_check_text(
            question,
            field="question",
            message=_("Write the question for the case discussion."),
        ),
        created_by=user,
    )
    _full_clean(discussion, exclude=["municipality", "team", "household", "plan", "created_by"])
    discussion.save()
    Participant.objects.create(discussion=discussion, user=user, invited_by=user)
    if not can(user, Action.VIEW, discussion):
        raise ApplicationError(_no_consent_for_discussion())
    _log(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.CASE_DISCUSSION,
        obj=discussion,
        household_id=discussion.household_id,
        request=request,
    )
    return discussion


@transaction.atomic
def participant_invite(
    *, user: Any, discussion: CaseDiscussion, invitee: Any, request: Any = None
) -> Participant:
    """Invite a colleague: only users of the same municipality who work with cases and
    hold the household's consent for case discussions (and so can open it)."""
    _require(user, Action.CHANGE, discussion)
    if invitee is None:
        raise ApplicationError(_("Choose the colleague to invite."), field="invitee")
    if (
        not invitee.is_active
        or invitee.municipality_id != discussion.municipality_id
        or invitee.role not in CASE_TEAM_ROLES
    ):
        raise ApplicationError(
            _("Only colleagues of the same municipality who work with cases can be invited."),
            field="invitee",
        )
    if Participant.objects.filter(discussion=discussion, user=invitee).exists():
        raise ApplicationError(_("This colleague has already been invited."), field="invitee")
    if not has_consent(
        user=invitee, household=discussion.household, part=ConsentPart.CASE_DISCUSSION
    ):
        raise ApplicationError(
            _(
                "This colleague cannot be invited: the household has not given consent for "
                "case discussions to their team or organisation."
            ),
            field="invitee",
        )
    participant = Participant(discussion=discussion, user=invitee, invited_by=user)
    _full_clean(participant, exclude=["discussion", "user", "invited_by"])
    participant.save()
    if not can(invitee, Action.VIEW, discussion):
        raise ApplicationError(
            _(
                "This colleague cannot be invited: they are not a member of the team that "
                "holds the case."
            ),
            field="invitee",
        )
    _log(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.CASE_DISCUSSION,
        obj=participant,
        household_id=discussion.household_id,
        request=request,
    )
    return participant


@transaction.atomic
def discussion_record(
    *,
    user: Any,
    discussion: CaseDiscussion,
    minutes: str,
    status: str,
    request: Any = None,
) -> CaseDiscussion:
    """Record the minutes and the status (planned, held, cancelled) of a case discussion."""
    _require(user, Action.CHANGE, discussion)
    if status not in DiscussionStatus.values:
        raise ApplicationError(_("Choose the status of the case discussion."), field="status")
    minutes = (minutes or "").strip()
    if status == DiscussionStatus.HELD and not minutes:
        raise ApplicationError(
            _("Write the minutes of the case discussion that was held."), field="minutes"
        )
    discussion.minutes = minutes
    discussion.status = status
    _full_clean(discussion, exclude=["municipality", "team", "household", "plan", "created_by"])
    discussion.save(update_fields=["minutes", "status"])
    _log(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.CASE_DISCUSSION,
        obj=discussion,
        household_id=discussion.household_id,
        request=request,
    )
    return discussion


@transaction.atomic
def decision_add(
    *,
    user: Any,
    discussion: CaseDiscussion,
    text: str,
    owner_name: str,
    owner_organisation: Any = None,
    due_on: dt.date | None = None,
    request: Any = None,
) -> Decision:
    """Record a decision of the case discussion; it becomes an action in the household's
    active plan in the same transaction (both or neither are saved)."""
    _require(user, Action.CHANGE, discussion)
    text = _check_text(text, field="text", message=_("Write the decision."))
    owner_name = " ".join((owner_name or "").split())
    if not owner_name:
        raise ApplicationError(_("Say who carries out the decision."), field="owner_name")
    _check_organisation(owner_organisation, municipality_id=discussion.municipality_id)
    plan = Plan.objects.filter(
        household_id=discussion.household_id, status=PlanStatus.ACTIVE
    ).first()
    if plan is None:
        raise ApplicationError(
            _(
                "The household has no active plan, and every decision becomes an action in the "
                "plan. Create the plan for this household first, then record the decision."
            )
        )
    if not can(user, Action.CHANGE, plan):
        raise ApplicationError(
            _(
                "You may not change the household's plan: the consent for the plan does not "
                "cover your team or organisation. Ask the coordinator to record this decision."
            )
        )
    decision = Decision(
        discussion=discussion,
        text=text,
        owner_organisation=owner_organisation,
        owner_name=owner_name,
        due_on=due_on,
    )
    _full_clean(decision, exclude=["discussion", "owner_organisation"])
    decision.save()
    item = PlanAction(
        plan=plan,
        description=text,
        owner_organisation=owner_organisation,
        owner_name=owner_name,
        due_on=due_on,
        decision=decision,
    )
    _full_clean(item, exclude=["plan", "goal", "owner_organisation", "owner_user", "decision"])
    item.save()
    _bump(plan, version=None)
    if discussion.plan_id is None:
        discussion.plan = plan
        discussion.save(update_fields=["plan"])
    _log(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.CASE_DISCUSSION,
        obj=decision,
        household_id=discussion.household_id,
        request=request,
    )
    return decision
