"""Pages of the team risk register (/teamrisicos/).

* the index: the teams whose register the user sees, with how many risks need attention,
  how many are high and how many are due for review;
* a team's register (sorted by score, overdue reviews flagged, filtered by status,
  category and overdue) and its 5×5 risk matrix, with a table next to the chart;
* a risk's page with its history, and the forms to register, change, review, close and
  reopen a risk (team lead and coordinator of the team).

Out of the user's scope a team or risk answers 404; roles without the register (policy
officers, administrators, researchers, residents) get 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exports import export_format, export_response

from . import selectors, services
from .constants import RISKS_PER_PAGE
from .exports import register_sheet
from .forms import ReviewForm, RiskFilterForm, RiskForm, StatusForm
from .models import TeamRisk


class RiskIndexView(RoleRequiredMixin, TemplateView):
    """The teams whose register the user sees, with their counts (risks:index)."""

    access_model = TeamRisk
    template_name = "risks/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        teams = list(selectors.register_teams(user=user))
        summaries = selectors.register_summaries(user=user, teams=teams)
        empty = selectors.RegisterSummary(0, 0, 0)
        context.update(
            rows=[(team, summaries.get(team.pk, empty)) for team in teams],
            may_create=selectors.may_create_risk(user=user),
        )
        return context


class _TeamLookup:
    team: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.team = selectors.register_team_get(
                user=request.user, pk=kwargs["team"], request=request
            )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class TeamRegisterMixin(RoleRequiredMixin, _TeamLookup):
    """A page about one team's register; the team is looked up in the user's scope."""

    access_model = TeamRisk

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            team=self.team,
            may_keep=selectors.may_keep_register(user=self.request.user, team=self.team),  # type: ignore[attr-defined]
        )
        return context


class RiskListView(TeamRegisterMixin, TemplateView):
    """The register of one team (risks:list); with ``?formaat=csv|xlsx`` the filtered
    register as a download (every risk, not one page)."""

    template_name = "risks/risk_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "formaat" not in request.GET:
            return super().get(request, *args, **kwargs)
        try:
            fmt = export_format(request.GET.get("formaat"))
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return HttpResponseRedirect(reverse("risks:list", args=[self.team.pk]))
        _form, risks = self.filtered()
        return export_response(
            filename=f"risicoregister-team-{self.team.pk}",
            fmt=fmt,
            sheets=[register_sheet(risks)],
        )

    def filtered(self) -> tuple[RiskFilterForm, Any]:
        """The filter form and the risks it selects."""
        user: Any = self.request.user
        form = RiskFilterForm(self.request.GET or None)
        status = category = ""
        overdue = False
        if form.is_bound and form.is_valid():
            status = form.cleaned_data["status"]
            category = form.cleaned_data["categorie"]
            overdue = form.cleaned_data["te_laat"]
        risks = selectors.risk_list(
            user=user, team=self.team, status=status, category=category, overdue=overdue
        )
        return form, risks

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        form, risks = self.filtered()
        query = self.request.GET.copy()
        query.pop("pagina", None)
        query.pop("formaat", None)
        context["export_query"] = query.urlencode()
        page = Paginator(risks, RISKS_PER_PAGE).get_page(self.request.GET.get("pagina"))
        context.update(
            form=form,
            page_obj=page,
            risks=page.object_list,
            summary=selectors.register_summary(user=user, team=self.team),
        )
        return context


class RiskMatrixView(TeamRegisterMixin, TemplateView):
    """The 5×5 matrix of one team's risks that need attention, and its table (risks:matrix)."""

    template_name = "risks/risk_matrix.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        matrix = selectors.risk_matrix(user=self.request.user, team=self.team)
        context.update(matrix=matrix, chart=selectors.matrix_chart(matrix))
        return context


class RiskCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Register a risk in one of the teams the user keeps (risks:create)."""

    access_model = TeamRisk
    access_action = Action.CHANGE
    template_name = "risks/risk_form.html"
    form_class = RiskForm
    success_message = _("The risk has been registered.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.team_choices = selectors.register_teams(user=request.user, action=Action.CHANGE)
            self.teams = list(self.team_choices)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        wanted = self.request.GET.get("team", "")
        if wanted.isdigit() and any(team.pk == int(wanted) for team in self.teams):
            initial["team"] = int(wanted)
        elif len(self.teams) == 1:
            initial["team"] = self.teams[0].pk
        initial["review_date"] = timezone.localdate() + dt.timedelta(days=90)
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            teams=self.team_choices,
            owners=selectors.owner_choices(teams=[t.pk for t in self.teams]),
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title=_("Register a risk"), cancel_url=reverse("risks:index"))
        return context

    def perform(self, form: RiskForm) -> TeamRisk:
        data = dict(form.cleaned_data)
        return services.team_risk_create(user=self.request.user, **data)

    def get_success_url(self) -> str:
        return reverse("risks:detail", args=[self.result.pk])


class _RiskLookup:
    risk_action: str = Action.VIEW
    risk: TeamRisk

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.risk = selectors.risk_get(
                user=request.user, pk=kwargs["pk"], action=self.risk_action, request=request
            )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class RiskMixin(RoleRequiredMixin, _RiskLookup):
    """Looks the risk of the URL up in the user's scope (404 outside it)."""

    access_model = TeamRisk

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(risk=self.risk, team=self.risk.team)
        return context


class RiskDetailView(RiskMixin, TemplateView):
    """One risk with its history (risks:detail)."""

    template_name = "risks/risk_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        context.update(
            may_change=selectors.may_change_risk(user=user, risk=self.risk),
            history=selectors.risk_history(user=user, risk=self.risk),
        )
        return context


class _RiskChangeView(RiskMixin, ServiceFormMixin, FormView):
    access_action = Action.CHANGE
    risk_action = Action.CHANGE

    def get_success_url(self) -> str:
        return reverse("risks:detail", args=[self.risk.pk])


class RiskEditView(_RiskChangeView):
    """Change a risk (risks:edit)."""

    template_name = "risks/risk_form.html"
    form_class = RiskForm
    success_message = _("The risk has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.risk, owners=selectors.owner_choices(teams=[self.risk.team_id]))
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Change risk"),
            cancel_url=reverse("risks:detail", args=[self.risk.pk]),
        )
        return context

    def perform(self, form: RiskForm) -> TeamRisk:
        return services.team_risk_update(
            user=self.request.user, risk=self.risk, **form.cleaned_data
        )


class RiskReviewView(_RiskChangeView):
    """Record a review of a risk: new scores, a conclusion, the next date (risks:review)."""

    template_name = "risks/risk_review.html"
    form_class = ReviewForm
    success_message = _("The review has been recorded.")

    def get_initial(self) -> dict[str, Any]:
        return {
            "likelihood": self.risk.likelihood,
            "impact": self.risk.impact,
            "review_date": timezone.localdate() + dt.timedelta(days=90),
        }

    def perform(self, form: ReviewForm) -> TeamRisk:
        return services.team_risk_review(
            user=self.request.user, risk=self.risk, **form.cleaned_data
        )


class RiskStatusView(_RiskChangeView):
    """Close an open risk or reopen a closed one, with the reason (risks:status)."""

    template_name = "risks/risk_status.html"
    form_class = StatusForm

    def get_success_message(self) -> Any:
        if self.risk.is_closed:
            return _("The risk has been closed.")
        return _("The risk has been reopened.")

    def perform(self, form: StatusForm) -> TeamRisk:
        if self.risk.is_closed:
            risk = services.team_risk_reopen(
                user=self.request.user, risk=self.risk, note=form.cleaned_data["note"]
            )
        else:
            risk = services.team_risk_close(
                user=self.request.user, risk=self.risk, note=form.cleaned_data["note"]
            )
        self.success_message = self.get_success_message()
        return risk
