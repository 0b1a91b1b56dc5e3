"""Self-assessment pages (/zelfevaluatie/): the rounds and the user's assessments, the
fill-in form, the results with the gap between reality and wish, the comparison across
municipalities and the change between rounds; and the operator's form for a new round.

Thin views: the services write, the selectors read and scope.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action, Role
from wijkkompas.components.forms import add_service_error
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exports import export_format, export_response
from wijkkompas.teams.selectors import team_list

from . import charts, selectors, services
from .constants import Side
from .exports import comparison_sheets, comparison_sheets_empty, trend_sheet
from .forms import AssessmentForm, RoundChoiceForm, RoundForm, StartForm
from .models import MeasurementRound, SelfAssessment


class SelfAssessmentMixin(RoleRequiredMixin):
    """The pages are about self-assessments: policy officer, team lead, researcher."""

    access_model = SelfAssessment


def _teams_for(user: Any) -> Any:
    """Teams whose assessment the user may start: all of the municipality for the policy
    officer, their own for the team lead."""
    teams = team_list(user=user).filter(municipality_id=user.municipality_id)
    if user.role != Role.POLICY_OFFICER:
        teams = teams.filter(pk__in=user.teams.values("pk"))
    return teams.order_by("name", "pk")


class IndexView(SelfAssessmentMixin, TemplateView):
    """The rounds and the assessments the user may see (selfassessments:index)."""

    template_name = "selfassessments/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        context.update(
            rounds=selectors.round_list(),
            assessments=list(selectors.assessment_list(user=user)),
            may_fill_in=selectors.may_fill_in(user=user),
            is_operator=user.is_superuser,
        )
        return context


class CreateView(SelfAssessmentMixin, FormView):
    """Start or continue the assessment of a round (selfassessments:create)."""

    access_action = Action.CHANGE
    template_name = "selfassessments/start.html"
    form_class = StartForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and request.user.is_superuser:
            raise PermissionDenied  # the operator belongs to no municipality
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        user: Any = self.request.user
        kwargs.update(
            rounds=MeasurementRound.objects.filter(open=True).order_by("order", "pk"),
            teams=_teams_for(user),
            team_required=user.role != Role.POLICY_OFFICER,
        )
        if self.request.method == "GET" and "ronde" in self.request.GET:
            kwargs["initial"] = {"round": self.request.GET.get("ronde")}
        return kwargs

    def form_valid(self, form: StartForm) -> HttpResponse:
        try:
            assessment = services.assessment_start(
                user=self.request.user,
                measurement_round=form.cleaned_data["round"],
                team=form.cleaned_data["team"],
            )
        except ApplicationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(reverse("selfassessments:edit", args=[assessment.pk]))


class _AssessmentLookup:
    object_action: str = Action.VIEW
    assessment: SelfAssessment

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.assessment = selectors.assessment_get(
                user=request.user, pk=kwargs["pk"], action=self.object_action, request=request
            )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class AssessmentMixin(SelfAssessmentMixin, _AssessmentLookup):
    """Looks the assessment of the URL up in the user's scope (404 outside it)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["assessment"] = self.assessment
        return context


class DetailView(AssessmentMixin, TemplateView):
    """The results of one assessment: reality and wish per question, and the gap
    (selfassessments:detail)."""

    template_name = "selfassessments/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = selectors.answer_rows(assessment=self.assessment)
        context.update(
            rows=rows,
            chart=charts.gap_chart(rows),
            may_change=selectors.may_change(user=self.request.user, assessment=self.assessment),
        )
        return context


class EditView(AssessmentMixin, FormView):
    """Fill in an assessment: save as a draft, submit, or reopen a submitted one
    (selfassessments:edit)."""

    access_action = Action.CHANGE
    object_action = Action.CHANGE
    template_name = "selfassessments/edit.html"
    form_class = AssessmentForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["rows"] = selectors.answer_rows(assessment=self.assessment)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sides"] = Side
        context["read_only"] = self.assessment.submitted or not self.assessment.round.open
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action", "save")
        if action == "reopen":
            try:
                services.assessment_reopen(user=request.user, assessment=self.assessment)
            except ApplicationError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("The self-assessment is a draft again."))
            return HttpResponseRedirect(reverse("selfassessments:edit", args=[self.assessment.pk]))
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            if action == "submit":
                services.assessment_submit(
                    user=request.user, assessment=self.assessment, answers=form.answers()
                )
            else:
                services.assessment_save(
                    user=request.user, assessment=self.assessment, answers=form.answers()
                )
        except ApplicationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        if action == "submit":
            messages.success(request, _("The self-assessment has been submitted."))
            return HttpResponseRedirect(
                reverse("selfassessments:detail", args=[self.assessment.pk])
            )
        messages.success(request, _("The draft has been saved."))
        return HttpResponseRedirect(reverse("selfassessments:edit", args=[self.assessment.pk]))


class _ExportMixin:
    """``?formaat=csv|xlsx`` turns the page into a download of its tables."""

    request: HttpRequest
    export_name: str

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "formaat" not in request.GET:
            return super().get(request, *args, **kwargs)  # type: ignore[misc]
        try:
            fmt = export_format(request.GET.get("formaat"))
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return HttpResponseRedirect(request.path)
        return export_response(filename=self.export_name, fmt=fmt, sheets=self.export_sheets())

    def export_sheets(self) -> list[Any]:  # pragma: no cover - every page defines it
        raise NotImplementedError

    def export_query(self) -> str:
        query = self.request.GET.copy()
        query.pop("formaat", None)
        return query.urlencode()


class ComparisonView(_ExportMixin, SelfAssessmentMixin, TemplateView):
    """Per question the distribution of the municipalities over the five points, as it is
    and as they want it, in one round (selfassessments:comparison); also as CSV/Excel."""

    template_name = "selfassessments/comparison.html"
    export_name = "zelfevaluatie-vergelijking"

    def export_sheets(self) -> list[Any]:
        context = self.get_context_data()
        if context["comparison"] is None:
            return comparison_sheets_empty()
        return comparison_sheets(context["comparison"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        rounds = MeasurementRound.objects.order_by("order", "pk")
        form = RoundChoiceForm(self.request.GET or None, rounds=rounds)
        chosen = None
        if form.is_bound and form.is_valid():
            chosen = form.cleaned_data["ronde"]
        if chosen is None:
            chosen = selectors.latest_round()
            form = RoundChoiceForm(initial={"ronde": chosen.pk if chosen else None}, rounds=rounds)
        result = None
        chart = None
        if chosen is not None:
            result = selectors.comparison(user=user, measurement_round=chosen)
            chart = charts.distribution_chart(
                result, reality_label=str(Side.REALITY.label), wish_label=str(Side.WISH.label)
            )
        context.update(
            form=form,
            measurement_round=chosen,
            comparison=result,
            chart=chart,
            export_query=self.export_query(),
        )
        return context


class TrendView(_ExportMixin, SelfAssessmentMixin, TemplateView):
    """Per question the mean and median in every round, and the own scores
    (selfassessments:trend); also as CSV/Excel."""

    template_name = "selfassessments/trend.html"
    export_name = "zelfevaluatie-verloop"

    def export_sheets(self) -> list[Any]:
        return [trend_sheet(selectors.trend(user=self.request.user))]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = selectors.trend(user=self.request.user)
        context.update(
            rows=rows,
            rounds=[cell.round for cell in rows[0].cells] if rows else [],
            export_query=self.export_query(),
        )
        return context


class _OperatorOnly:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class RoundChangeView(SelfAssessmentMixin, _OperatorOnly, TemplateView):
    """Open or close measurement rounds: the operator of the platform only
    (selfassessments:round_change)."""

    access_action = Action.CHANGE
    template_name = "selfassessments/rounds.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rounds"] = selectors.round_list()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        measurement_round = selectors.round_get(pk=request.POST.get("round"))
        is_open = request.POST.get("open") == "1"
        services.round_set_open(
            user=request.user, measurement_round=measurement_round, open=is_open
        )
        if is_open:
            messages.success(request, _("The round is open for answers."))
        else:
            messages.success(request, _("The round is closed."))
        return HttpResponseRedirect(reverse("selfassessments:round_change"))


class RoundCreateView(SelfAssessmentMixin, _OperatorOnly, ServiceFormMixin, FormView):
    """Add a measurement round: the operator of the platform only
    (selfassessments:round_create)."""

    access_action = Action.CHANGE
    template_name = "selfassessments/round_form.html"
    form_class = RoundForm
    success_message = _("The round has been added.")

    def perform(self, form: RoundForm) -> MeasurementRound:
        return services.round_create(user=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("selfassessments:index")
