"""Pages of plans, reviews, closed case discussions and the personal worklist.

Views are thin: they look objects up through selectors (404 outside the user's scope, the
refusal logged), call services for every change and turn a service's refusal into a form
error. Roles that do not work with cases get 403 on every page (``RoleRequiredMixin``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.access import can
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.kept import KeptPageMixin
from wijkkompas.audit.services import log_event
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.components.sections import render_sections
from wijkkompas.instruments.selectors import (
    active_versions,
    scores_from_cleaned_data,
    scoring_fields,
)
from wijkkompas.residents.selectors import household_get, household_residents

from . import selectors, services
from .constants import COORDINATOR_ROLES, FIRST_REVIEW_AFTER, PlanStatus
from .forms import (
    ActionForm,
    AppointmentForm,
    CommentForm,
    DecisionForm,
    DiscussionForm,
    GoalForm,
    InviteForm,
    MinutesForm,
    PlanCloseForm,
    PlanCreateForm,
    PlanForm,
    ReviewHoldForm,
    ReviewScheduleForm,
)
from .models import CaseDiscussion, Plan

# --- the coordinator's overview and the worklist ------------------------------------------


class MyPlansView(RoleRequiredMixin, TemplateView):
    """ "Mijn plannen": the plans the user coordinates, next review first (plans:mine)."""

    access_model = Plan
    template_name = "plans/plan_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["overview"] = selectors.my_plans(
            user=self.request.user, page=self.request.GET.get("pagina", 1), request=self.request
        )
        return context


class WorklistView(KeptPageMixin, RoleRequiredMixin, TemplateView):
    """ "Werkvoorraad": one list sorted by urgency (plans:worklist). Kept between two
    changes of what it shows (``audit.kept``)."""

    access_model = Plan
    template_name = "plans/worklist.html"
    kept_name = "plans.worklist"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["worklist"] = selectors.worklist(user=self.request.user, request=self.request)
        # What higher apps add (e.g. the weekly time prompt of ``timeuse``): static cards
        # that read nothing, so the kept page stays right.
        context["sections"] = render_sections("worklist", request=self.request, obj=None)
        return context


# --- plan lookups ------------------------------------------------------------------------


class _PlanLookup:
    """Runs after the role check of :class:`RoleRequiredMixin` (see :class:`PlanMixin`)."""

    plan_action: str = Action.VIEW
    plan: Plan
    request: Any
    kwargs: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.load_plan(request, kwargs)
            if self.plan_action == Action.CHANGE:
                if not can(request.user, Action.CHANGE, self.plan):
                    log_event(
                        event=Event.REFUSED, user=request.user, request=request, obj=self.plan
                    )
                    raise PermissionDenied
                if self.plan.status != PlanStatus.ACTIVE:
                    messages.error(
                        request, _("This plan has been closed: it can no longer be changed.")
                    )
                    return HttpResponseRedirect(self.plan_url())
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def load_plan(self, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        self.plan = selectors.plan_get(user=request.user, pk=kwargs["plan"], request=request)

    def plan_url(self) -> str:
        return reverse("plans:detail", args=[self.plan.pk])


class PlanMixin(RoleRequiredMixin, _PlanLookup):
    """Looks the plan of the URL up within the user's scope (404 outside it, logged read).

    The role check comes first (403 for a role that does not work with plans); with
    ``plan_action = Action.CHANGE`` a user who may see but not change the plan gets 403, and
    a closed plan sends the user back to the plan page."""

    access_model = Plan

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["plan"] = self.plan
        context["plan_url"] = self.plan_url()
        context["plan_title"] = selectors.plan_title(
            self.plan.pk, getattr(self.plan, "household_label", "")
        )
        return context


class PlanDetailView(RoleRequiredMixin, TemplateView):
    """The plan: summary, goals, actions, partners, appointments, reviews, comments."""

    access_model = Plan
    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = selectors.plan_page(
            user=self.request.user, pk=self.kwargs["plan"], request=self.request
        )
        context.update(page=page, plan=page.plan, comment_form=CommentForm())
        return context


class PlanFormPage(PlanMixin, ServiceFormMixin, FormView):
    """A form that changes a plan; it carries the plan's version."""

    plan_action = Action.CHANGE
    access_action = Action.CHANGE
    template_name = "plans/form.html"
    page_title: Any = ""
    intro: Any = ""
    submit_label: Any = gettext_lazy("Save")

    def get_initial(self) -> dict[str, Any]:
        return {"version": self.plan.version}

    def get_success_url(self) -> str:
        return self.plan_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            intro=self.intro,
            submit_label=self.submit_label,
            cancel_url=self.plan_url(),
        )
        return context


class _HouseholdLookup:
    """Looks the household of the URL up for a change (404 outside the user's scope, the
    read logged with ``household_purpose``); runs after the role check of
    :class:`RoleRequiredMixin`, which comes first in the view's bases."""

    household_purpose: str = Purpose.SUPPORT
    household: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.household = household_get(
                user=request.user,
                pk=kwargs["household"],
                action=Action.CHANGE,
                purpose=self.household_purpose,
                request=request,
            )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PlanCreateView(RoleRequiredMixin, _HouseholdLookup, ServiceFormMixin, FormView):
    """Start the plan of a household (plans:create); refused when it already has one."""

    access_model = Plan
    access_action = Action.CHANGE
    form_class = PlanCreateForm
    template_name = "plans/plan_create.html"
    success_message = gettext_lazy("The plan has been created.")

    household_purpose = Purpose.CASE_COORDINATION

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["team_id"] = self.household.team_id
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        initial: dict[str, Any] = {
            "started_on": today,
            "first_review_on": today + FIRST_REVIEW_AFTER,
        }
        if getattr(self.request.user, "role", "") in COORDINATOR_ROLES:
            initial["coordinator"] = self.request.user.pk
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            household=self.household,
            has_plan=selectors.active_plan_exists(household=self.household),
        )
        return context

    def perform(self, form: PlanCreateForm) -> Plan:
        data = form.cleaned_data
        return services.plan_create(
            user=self.request.user,
            household=self.household,
            coordinator=data["coordinator"],
            summary=data["summary"],
            started_on=data["started_on"],
            first_review_on=data["first_review_on"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return reverse("plans:detail", args=[self.result.pk])


class PlanEditView(PlanFormPage):
    form_class = PlanForm
    page_title = gettext_lazy("Edit the plan")
    success_message = gettext_lazy("The plan has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.plan, team_id=self.plan.team_id)
        return kwargs

    def perform(self, form: PlanForm) -> Plan:
        data = form.cleaned_data
        return services.plan_update(
            user=self.request.user,
            plan=self.plan,
            version=data["version"],
            summary=data["summary"],
            coordinator=data["coordinator"],
            request=self.request,
        )


class PlanCloseView(PlanFormPage):
    form_class = PlanCloseForm
    page_title = gettext_lazy("Close the plan")
    intro = gettext_lazy(
        "A closed plan stays readable but can no longer be changed, and no longer appears in "
        "the review overview. The household can then get a new plan."
    )
    submit_label = gettext_lazy("Close the plan")
    success_message = gettext_lazy("The plan has been closed.")

    def get_initial(self) -> dict[str, Any]:
        return {"version": self.plan.version, "closed_on": timezone.localdate()}

    def perform(self, form: PlanCloseForm) -> Plan:
        return services.plan_close(
            user=self.request.user,
            plan=self.plan,
            version=form.cleaned_data["version"],
            closed_on=form.cleaned_data["closed_on"],
            request=self.request,
        )


# --- goals, actions, appointments, comments ---------------------------------------------


class GoalAddView(PlanFormPage):
    form_class = GoalForm
    page_title = gettext_lazy("Add a goal")
    submit_label = gettext_lazy("Add goal")
    success_message = gettext_lazy("The goal has been added.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["adding"] = True
        return kwargs

    def perform(self, form: GoalForm) -> Any:
        data = form.cleaned_data
        return services.goal_add(
            user=self.request.user,
            plan=self.plan,
            version=data["version"],
            text=data["text"],
            life_domain=data["life_domain"],
            target_on=data["target_on"],
            request=self.request,
        )


class GoalEditView(PlanFormPage):
    form_class = GoalForm
    page_title = gettext_lazy("Edit goal")
    success_message = gettext_lazy("The goal has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.goal = selectors.goal_get(
            user=self.request.user,
            plan=self.plan,
            pk=self.kwargs["goal"],
            action=Action.CHANGE,
            request=self.request,
        )
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.goal
        return kwargs

    def perform(self, form: GoalForm) -> Any:
        data = form.cleaned_data
        return services.goal_update(
            user=self.request.user,
            goal=self.goal,
            version=data["version"],
            text=data["text"],
            life_domain=data["life_domain"],
            target_on=data["target_on"],
            status=data["status"],
            request=self.request,
        )


class _ActionFormPage(PlanFormPage):
    form_class = ActionForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(plan=self.plan, goals=self.plan.goals.order_by("created_at", "pk"))
        return kwargs


class ActionAddView(_ActionFormPage):
    page_title = gettext_lazy("Add an action")
    submit_label = gettext_lazy("Add action")
    success_message = gettext_lazy("The action has been added.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["adding"] = True
        return kwargs

    def perform(self, form: ActionForm) -> Any:
        data = form.cleaned_data
        return services.action_add(
            user=self.request.user,
            plan=self.plan,
            version=data["version"],
            description=data["description"],
            goal=data["goal"],
            owner_organisation=data["owner_organisation"],
            owner_name=data["owner_name"],
            owner_user=data["owner_user"],
            due_on=data["due_on"],
            request=self.request,
        )


class ActionEditView(_ActionFormPage):
    page_title = gettext_lazy("Edit action")
    success_message = gettext_lazy("The action has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.item = selectors.action_get(
            user=self.request.user,
            plan=self.plan,
            pk=self.kwargs["plan_action"],
            action=Action.CHANGE,
            request=self.request,
        )
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.item
        return kwargs

    def perform(self, form: ActionForm) -> Any:
        data = form.cleaned_data
        return services.action_update(
            user=self.request.user,
            item=self.item,
            version=data["version"],
            description=data["description"],
            goal=data["goal"],
            owner_organisation=data["owner_organisation"],
            owner_name=data["owner_name"],
            owner_user=data["owner_user"],
            due_on=data["due_on"],
            done_on=data["done_on"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return f"{self.plan_url()}#action-{self.item.pk}"


class AppointmentAddView(PlanFormPage):
    form_class = AppointmentForm
    page_title = gettext_lazy("Add an appointment")
    submit_label = gettext_lazy("Add appointment")
    success_message = gettext_lazy("The appointment has been added.")

    def perform(self, form: AppointmentForm) -> Any:
        data = form.cleaned_data
        return services.appointment_add(
            user=self.request.user,
            plan=self.plan,
            version=data["version"],
            starts_at=data["starts_at"],
            place=data["place"],
            with_whom=data["with_whom"],
            note=data["note"],
            request=self.request,
        )


class CommentAddView(PlanFormPage):
    form_class = CommentForm
    page_title = gettext_lazy("Add a comment")
    submit_label = gettext_lazy("Add comment")
    success_message = gettext_lazy("The comment has been added.")

    def get_initial(self) -> dict[str, Any]:
        return {}

    def perform(self, form: CommentForm) -> Any:
        return services.comment_add(
            user=self.request.user,
            plan=self.plan,
            text=form.cleaned_data["text"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return f"{self.plan_url()}#comments"


# --- reviews -----------------------------------------------------------------------------


class ReviewScheduleView(PlanFormPage):
    form_class = ReviewScheduleForm
    page_title = gettext_lazy("Plan a review")
    submit_label = gettext_lazy("Plan review")
    success_message = gettext_lazy("The review has been planned.")

    def perform(self, form: ReviewScheduleForm) -> Any:
        return services.review_schedule(
            user=self.request.user,
            plan=self.plan,
            version=form.cleaned_data["version"],
            planned_on=form.cleaned_data["planned_on"],
            request=self.request,
        )


class ReviewDetailView(RoleRequiredMixin, TemplateView):
    """A review: when, the conclusion, and the scores before and after (plans:review_detail)."""

    access_model = Plan
    template_name = "plans/review_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = selectors.review_page(
            user=self.request.user,
            plan_pk=self.kwargs["plan"],
            pk=self.kwargs["review"],
            request=self.request,
        )
        context.update(page=page, plan=page.plan, review=page.review)
        return context


class ReviewHoldView(PlanFormPage):
    """Hold a review: conclusion, optionally ZRM and ladder scores, the next review."""

    form_class = ReviewHoldForm
    template_name = "plans/review_hold.html"
    page_title = gettext_lazy("Hold the review")
    submit_label = gettext_lazy("Save the review")
    success_message = gettext_lazy("The review has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        if not hasattr(self, "review"):
            self.review = selectors.review_get(
                user=self.request.user,
                plan=self.plan,
                pk=self.kwargs["review"],
                action=Action.CHANGE,
                request=self.request,
            )
            self.residents = household_residents(
                user=self.request.user, household=self.plan.household
            )
            self.versions = active_versions(user=self.request.user)
        kwargs = super().get_form_kwargs()
        kwargs.update(
            residents=self.residents,
            scoring_fields=scoring_fields(versions=self.versions) if self.versions else [],
        )
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"version": self.plan.version, "held_on": timezone.localdate()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            review=self.review,
            main_fields=[form[name] for name in ("held_on", "conclusion", "next_review_on")],
            resident_field=form["resident"],
            score_groups=[
                {"legend": legend, "fields": [form[name] for name in names]}
                for legend, names in form.scoring_groups
            ],
        )
        return context

    def perform(self, form: ReviewHoldForm) -> Any:
        data = form.cleaned_data
        resident = None
        if data["resident"] is not None:
            resident = next((r for r in self.residents if r.pk == data["resident"]), None)
        by_id = {version.pk: version for version in self.versions}
        scores = scores_from_cleaned_data(versions=self.versions, cleaned_data=data)
        return services.review_hold(
            user=self.request.user,
            review=self.review,
            version=data["version"],
            held_on=data["held_on"],
            conclusion=data["conclusion"],
            resident=resident,
            assessments=[(by_id[pk], values) for pk, values in scores.items()],
            next_review_on=data["next_review_on"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return reverse("plans:review_detail", args=[self.plan.pk, self.review.pk])


# --- closed case discussions ---------------------------------------------------------------


class DiscussionListView(RoleRequiredMixin, TemplateView):
    """The case discussions the user takes part in (plans:discussions)."""

    access_model = CaseDiscussion
    template_name = "plans/discussion_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.my_discussions(user=self.request.user, request=self.request)
        return context


class DiscussionCreateView(RoleRequiredMixin, _HouseholdLookup, ServiceFormMixin, FormView):
    """Organise a closed case discussion about a household (plans:discussion_create)."""

    access_model = CaseDiscussion
    access_action = Action.CHANGE
    form_class = DiscussionForm
    template_name = "plans/discussion_create.html"
    success_message = gettext_lazy("The case discussion has been created. Now invite colleagues.")

    household_purpose = Purpose.CASE_DISCUSSION

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["household"] = self.household
        return context

    def perform(self, form: DiscussionForm) -> Any:
        data = form.cleaned_data
        return services.discussion_create(
            user=self.request.user,
            household=self.household,
            scheduled_at=data["scheduled_at"],
            question=data["question"],
            place=data["place"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return reverse("plans:discussion_invite", args=[self.result.pk])


class _DiscussionLookup:
    discussion_action: str = Action.VIEW
    discussion: CaseDiscussion

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.discussion = selectors.discussion_get(
                user=request.user, pk=kwargs["discussion"], request=request
            )
            if self.discussion_action == Action.CHANGE and not can(
                request.user, Action.CHANGE, self.discussion
            ):
                log_event(
                    event=Event.REFUSED, user=request.user, request=request, obj=self.discussion
                )
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def discussion_url(self) -> str:
        return reverse("plans:discussion_detail", args=[self.discussion.pk])


class DiscussionMixin(RoleRequiredMixin, _DiscussionLookup):
    access_model = CaseDiscussion

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["discussion"] = self.discussion
        context["discussion_url"] = self.discussion_url()
        return context


class DiscussionDetailView(RoleRequiredMixin, TemplateView):
    """A closed case discussion, for its participants only (plans:discussion_detail)."""

    access_model = CaseDiscussion
    template_name = "plans/discussion_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = selectors.discussion_page(
            user=self.request.user, pk=self.kwargs["discussion"], request=self.request
        )
        context.update(page=page, discussion=page.discussion)
        return context


class DiscussionFormPage(DiscussionMixin, ServiceFormMixin, FormView):
    discussion_action = Action.CHANGE
    access_action = Action.CHANGE
    template_name = "plans/discussion_form.html"
    page_title: Any = ""
    intro: Any = ""
    submit_label: Any = gettext_lazy("Save")

    def get_success_url(self) -> str:
        return self.discussion_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            intro=self.intro,
            submit_label=self.submit_label,
            cancel_url=self.discussion_url(),
        )
        return context


class DiscussionInviteView(DiscussionFormPage):
    form_class = InviteForm
    page_title = gettext_lazy("Invite a colleague")
    intro = gettext_lazy(
        "A case discussion is closed: only the colleagues invited here can open it, and only "
        "while the household's consent for case discussions covers their team or organisation."
    )
    submit_label = gettext_lazy("Invite")
    success_message = gettext_lazy("The colleague has been invited.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            accepted=selectors.colleague_choices(municipality_id=self.discussion.municipality_id),
            offered=selectors.invitable_users(discussion=self.discussion),
        )
        return kwargs

    def perform(self, form: InviteForm) -> Any:
        return services.participant_invite(
            user=self.request.user,
            discussion=self.discussion,
            invitee=form.cleaned_data["invitee"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return reverse("plans:discussion_invite", args=[self.discussion.pk])


class DiscussionMinutesView(DiscussionFormPage):
    form_class = MinutesForm
    page_title = gettext_lazy("Minutes")
    success_message = gettext_lazy("The minutes have been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.discussion
        return kwargs

    def perform(self, form: MinutesForm) -> Any:
        return services.discussion_record(
            user=self.request.user,
            discussion=self.discussion,
            minutes=form.cleaned_data["minutes"],
            status=form.cleaned_data["status"],
            request=self.request,
        )


class DecisionAddView(DiscussionFormPage):
    form_class = DecisionForm
    page_title = gettext_lazy("Record a decision")
    intro = gettext_lazy("Every decision becomes an action in the household's plan.")
    submit_label = gettext_lazy("Record decision")
    success_message = gettext_lazy("The decision has been recorded and added to the plan.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["municipality_id"] = self.discussion.municipality_id
        return kwargs

    def perform(self, form: DecisionForm) -> Any:
        data = form.cleaned_data
        return services.decision_add(
            user=self.request.user,
            discussion=self.discussion,
            text=data["text"],
            owner_organisation=data["owner_organisation"],
            owner_name=data["owner_name"],
            due_on=data["due_on"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return f"{self.discussion_url()}#decisions"
