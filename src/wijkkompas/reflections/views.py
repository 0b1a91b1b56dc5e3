"""Pages of reflection sessions (/reflecties/).

* the index: the teams whose sessions the user sees, with planned and held sessions and
  open actions;
* a team's sessions (planned and held) with its open follow-up actions, and the list of
  all its actions (filtered by status, exported to CSV or Excel);
* a session's page: what is on the table (the team's current key indicators and open
  risks; once held, as they were), the questions and answers, the decisions (follow-up
  actions), the open actions of earlier sessions to review, and the history;
* forms to plan, change and record a session, to add a decision, and to review an action
  (team lead), and to mark one's own action done (its owner).

Out of the user's scope a team, session or action answers 404; roles without reflection
sessions (policy officers, administrators, researchers, residents) get 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exports import Sheet, export_format, export_response

from . import selectors, services
from .constants import FIVE_QUESTIONS, ActionStatus
from .forms import ActionFilterForm, ActionForm, CompleteForm, PlanForm, RecordForm, ReviewForm
from .models import FollowUpAction, Reflection, field_label


class IndexView(RoleRequiredMixin, TemplateView):
    """The teams whose sessions the user sees, with their counts (reflections:index)."""

    access_model = Reflection
    template_name = "reflections/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        teams = list(selectors.reflection_teams(user=user))
        summaries = selectors.team_summaries(user=user, teams=teams)
        context.update(
            rows=[(team, summaries[team.pk]) for team in teams],
            may_plan=selectors.may_plan(user=user),
        )
        return context


class _TeamLookup:
    team: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.team = selectors.team_get(user=request.user, pk=kwargs["team"], request=request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class TeamMixin(RoleRequiredMixin, _TeamLookup):
    """A page about one team's sessions; the team is looked up in the user's scope."""

    access_model = Reflection

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            team=self.team,
            may_keep=selectors.may_keep(user=self.request.user, team=self.team),  # type: ignore[attr-defined]
        )
        return context


class TeamView(TeamMixin, TemplateView):
    """The sessions of one team and its open actions (reflections:list)."""

    template_name = "reflections/team.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        planned, held = selectors.split_sessions(
            selectors.reflection_list(user=user, team=self.team)
        )
        context.update(
            planned=planned,
            held=held,
            actions=list(selectors.action_list(user=user, team=self.team)),
            today=timezone.localdate(),
        )
        return context


def action_sheet(actions: Any) -> Sheet:
    """The follow-up actions as a table for an export (no names of residents: none are
    recorded; owners are staff accounts)."""
    header = [
        _("Decision"),
        _("Owner"),
        _("Due date"),
        _("Status"),
        _("Decided in"),
        _("Session date"),
        _("Last reviewed in"),
        _("Review note"),
    ]
    rows = [
        [
            action.decision,
            (action.owner.get_full_name() or action.owner.get_username()) if action.owner else "",
            action.due_date,
            action.get_status_display(),
            action.reflection.title,
            action.reflection.held_on or action.reflection.planned_on,
            action.reviewed_in.title if action.reviewed_in else "",
            action.review_note,
        ]
        for action in actions
    ]
    return Sheet(_("Follow-up actions"), header, rows)


class ActionListView(TeamMixin, TemplateView):
    """All follow-up actions of one team, by status, with CSV and Excel export
    (reflections:actions; ``?formaat=csv`` or ``xlsx``)."""

    template_name = "reflections/actions.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ActionFilterForm(request.GET or None)
        status = ActionStatus.OPEN
        if form.is_bound and form.is_valid() and form.cleaned_data["status"]:
            status = form.cleaned_data["status"]
        self.form, self.status = form, status
        fmt = request.GET.get("formaat")
        if fmt is not None:
            try:
                fmt = export_format(fmt)
            except ApplicationError as error:
                messages.error(request, str(error.message))
            else:
                actions = selectors.action_list(user=request.user, team=self.team, status=status)
                return export_response(
                    filename=f"vervolgacties-{self.team.name}",
                    fmt=fmt,
                    sheets=[action_sheet(actions)],
                )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("formaat", None)
        context.update(
            form=self.form,
            actions=list(
                selectors.action_list(user=self.request.user, team=self.team, status=self.status)
            ),
            export_query=query.urlencode(),
        )
        return context


class CreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Plan a session of one of the teams the user leads (reflections:create)."""

    access_model = Reflection
    access_action = Action.CHANGE
    template_name = "reflections/plan_form.html"
    form_class = PlanForm
    success_message = _("The session has been planned.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.team_choices = selectors.reflection_teams(user=request.user, action=Action.CHANGE)
            self.teams = list(self.team_choices)
        return super().dispatch(request, *args, **kwargs)

    def _chosen_team(self) -> Any:
        wanted = (self.request.POST or self.request.GET).get("team", "")
        for team in self.teams:
            if str(team.pk) == wanted:
                return team
        return self.teams[0] if len(self.teams) == 1 else None

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        team = self._chosen_team()
        if team is not None:
            initial["team"] = team.pk
        initial["planned_on"] = timezone.localdate() + dt.timedelta(days=14)
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        team = self._chosen_team()
        if team is not None:
            members = selectors.member_choices(
                user=self.request.user, team=team, request=self.request
            )
        else:
            members = selectors.no_members()
        kwargs.update(teams=self.team_choices, members=members)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Plan a reflection session"),
            cancel_url=reverse("reflections:index"),
            chosen_team=self._chosen_team(),
            several_teams=len(self.teams) > 1,
        )
        return context

    def perform(self, form: PlanForm) -> Reflection:
        return services.reflection_plan(user=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("reflections:detail", args=[self.result.pk])


class _ReflectionLookup:
    reflection_action: str = Action.VIEW
    reflection: Reflection

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.reflection = selectors.reflection_get(
                user=request.user, pk=kwargs["pk"], action=self.reflection_action, request=request
            )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ReflectionMixin(RoleRequiredMixin, _ReflectionLookup):
    """Looks the session of the URL up in the user's scope (404 outside it)."""

    access_model = Reflection

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(reflection=self.reflection, team=self.reflection.team)
        return context


class DetailView(ReflectionMixin, TemplateView):
    """One session (reflections:detail): on the table, questions and answers, decisions,
    actions of earlier sessions to review, history."""

    template_name = "reflections/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        reflection = self.reflection
        table = None
        if not reflection.is_held:
            table = selectors.on_the_table(user=user, reflection=reflection)
        previous = selectors.previous_session(user=user, reflection=reflection)
        context.update(
            may_keep=selectors.may_keep(user=user, team=reflection.team),
            table=table,
            snapshot=reflection.snapshot if reflection.is_held else None,
            questions=[(field_label(name), getattr(reflection, name)) for name in FIVE_QUESTIONS],
            core_questions=[
                (field_label(name), getattr(reflection, name))
                for name in ("right_things", "things_right")
            ],
            facilitator=selectors.facilitator_name(
                user=user, reflection=reflection, request=self.request
            ),
            participants=selectors.participant_list(
                user=user, reflection=reflection, request=self.request
            ),
            decided=list(selectors.actions_decided(user=user, reflection=reflection)),
            to_review=list(selectors.actions_to_review(user=user, reflection=reflection)),
            previous=previous,
            history=list(selectors.reflection_history(user=user, reflection=reflection)),
            user_id=user.pk,
            time_split=selectors.time_split_since_previous(
                user=user, reflection=reflection, previous=previous
            ),
        )
        return context


class _ReflectionChangeView(ReflectionMixin, ServiceFormMixin, FormView):
    access_action = Action.CHANGE
    reflection_action = Action.CHANGE

    def get_success_url(self) -> str:
        return reverse("reflections:detail", args=[self.reflection.pk])

    def members(self) -> Any:
        return selectors.member_choices(
            user=self.request.user, team=self.reflection.team, request=self.request
        )


class EditView(_ReflectionChangeView):
    """Change the planning of a session (reflections:edit)."""

    template_name = "reflections/plan_form.html"
    form_class = PlanForm
    success_message = _("The session has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.reflection, members=self.members())
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Change the planning"),
            cancel_url=reverse("reflections:detail", args=[self.reflection.pk]),
        )
        return context

    def perform(self, form: PlanForm) -> Reflection:
        data = dict(form.cleaned_data)
        participants = data.pop("participants")
        return services.reflection_update(
            user=self.request.user, reflection=self.reflection, participants=participants, **data
        )


class RecordView(_ReflectionChangeView):
    """Record a session as held, or change its record afterwards (reflections:record)."""

    template_name = "reflections/record_form.html"
    form_class = RecordForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if not self.reflection.is_held:
            initial["held_on"] = min(self.reflection.planned_on, timezone.localdate())
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            instance=self.reflection, members=self.members(), amend=self.reflection.is_held
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = (
            _("Change the record") if self.reflection.is_held else _("Record the session")
        )
        return context

    def perform(self, form: RecordForm) -> Reflection:
        data = dict(form.cleaned_data)
        if self.reflection.is_held:
            self.success_message = _("The record has been updated.")
            return services.reflection_update(
                user=self.request.user, reflection=self.reflection, **data
            )
        self.success_message = _("The session has been recorded.")
        return services.reflection_record(
            user=self.request.user, reflection=self.reflection, **data
        )


class ActionCreateView(_ReflectionChangeView):
    """Record a decision of the session as a follow-up action (reflections:action_create)."""

    template_name = "reflections/action_form.html"
    form_class = ActionForm
    success_message = _("The decision has been recorded as a follow-up action.")

    def get_initial(self) -> dict[str, Any]:
        day = self.reflection.held_on or self.reflection.planned_on
        return {"due_date": max(day, timezone.localdate()) + dt.timedelta(days=42)}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["owners"] = selectors.owner_choices(team=self.reflection.team)
        return kwargs

    def perform(self, form: ActionForm) -> FollowUpAction:
        return services.action_add(
            user=self.request.user, reflection=self.reflection, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        if "another" in self.request.POST:
            return reverse("reflections:action_create", args=[self.reflection.pk])
        return reverse("reflections:detail", args=[self.reflection.pk]) + "#besluiten"


class _ActionLookup:
    lookup_action: str = Action.VIEW
    action: FollowUpAction

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.action = selectors.action_get(
                user=request.user, pk=kwargs["action"], action=self.lookup_action, request=request
            )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ActionMixin(RoleRequiredMixin, _ActionLookup):
    access_model = FollowUpAction

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        user: Any = self.request.user  # type: ignore[attr-defined]
        context.update(
            item=self.action,
            origin=self.action.reflection,
            team=self.action.reflection.team,
            reviews=list(selectors.action_reviews(user=user, action=self.action)),
        )
        return context

    def get_success_url(self) -> str:
        session = getattr(self, "session", None) or self.action.reflection
        return reverse("reflections:detail", args=[session.pk])


class ActionReviewView(ActionMixin, ServiceFormMixin, FormView):
    """Review an action in a later session: done, continued or dropped
    (reflections:action_review; ``?sessie=<id>`` chooses the session)."""

    access_action = Action.CHANGE
    lookup_action = Action.CHANGE
    template_name = "reflections/action_review.html"
    form_class = ReviewForm
    success_message = _("The review of the action has been recorded.")
    session: Reflection | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["sessions"] = selectors.review_sessions(user=self.request.user, action=self.action)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        wanted = self.request.GET.get("sessie", "")
        return {"reflection": int(wanted)} if wanted.isdigit() else {}

    def perform(self, form: ReviewForm) -> FollowUpAction:
        self.session = form.cleaned_data["reflection"]
        return services.action_review(
            user=self.request.user,
            action=self.action,
            reflection=form.cleaned_data["reflection"],
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )


class ActionCompleteView(ActionMixin, ServiceFormMixin, FormView):
    """The owner (or the team lead) marks an open action done (reflections:action_done)."""

    object_action = Action.CHANGE  # changes the action: only its owner or the team lead
    template_name = "reflections/action_done.html"
    form_class = CompleteForm
    success_message = _("The action has been marked done.")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._check()
        return super().post(request, *args, **kwargs)

    def _check(self) -> None:
        if not selectors.may_complete_action(user=self.request.user, action=self.action):
            raise PermissionDenied

    def perform(self, form: CompleteForm) -> FollowUpAction:
        return services.action_complete(
            user=self.request.user, action=self.action, note=form.cleaned_data["note"]
        )

    def get_success_url(self) -> str:
        return reverse("reflections:list", args=[self.action.reflection.team_id])
