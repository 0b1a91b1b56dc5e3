"""Pages of the knowledge circle (/kenniskring/): the comparison across the municipalities
that share, its exports, and the page where a municipality opts in or out.

Thin views: the services write, the selectors read and scope.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View

from wijkkompas.accounts.constants import Action
from wijkkompas.components.forms import add_service_error
from wijkkompas.components.mixins import RoleRequiredMixin
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exports import CSV, XLSX, export_format, export_response
from wijkkompas.selfassessments import charts
from wijkkompas.selfassessments.constants import Side

from . import cache, selectors, services
from .constants import EXPORT_TABLES
from .exports import sheets
from .forms import RoundForm, SharingForm
from .models import SharingChoice


class CircleMixin(RoleRequiredMixin):
    """The comparison: researchers, policy officers, administrators and the operator
    (``SharingChoice.access_policy``)."""

    access_model = SharingChoice

    def chosen_round(self) -> tuple[Any, list[Any], RoundForm]:
        """The round of the schema (``?ronde=``; the latest when absent or not valid)."""
        rounds = selectors.rounds()
        form = RoundForm(self.request.GET or None, rounds=rounds)  # type: ignore[attr-defined]
        chosen = None
        if form.is_bound and form.is_valid():
            chosen = next((r for r in rounds if r.pk == form.cleaned_data["ronde"]), None)
        if chosen is None:
            chosen = rounds[-1] if rounds else None
            form = RoundForm(initial={"ronde": chosen.pk if chosen else None}, rounds=rounds)
        return chosen, rounds, form


class IndexView(CircleMixin, TemplateView):
    """The comparison of the knowledge circle (circle:index)."""

    template_name = "circle/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        chosen, _rounds, form = self.chosen_round()

        def render() -> str:
            view = selectors.circle_view(user=user, measurement_round=chosen)
            chart = None
            if view.comparison is not None and view.comparison.municipalities:
                chart = charts.distribution_chart(
                    view.comparison,
                    reality_label=str(Side.REALITY.label),
                    wish_label=str(Side.WISH.label),
                )
            return render_to_string(
                "circle/_body.html",
                {
                    "view": view,
                    "p": view.participation,
                    "comparison": view.comparison,
                    "measurement_round": view.measurement_round,
                    "chart": chart,
                    "rows": view.trend,
                    "rounds": view.rounds,
                    "form": form,
                    "names": selectors.names_municipalities(user=user),
                },
            )

        key = cache.page_key(user=user, part="index", round_id=chosen.pk if chosen else None)
        context.update(
            body=mark_safe(cache.body(key, render)),  # noqa: S308 (our own render)
            measurement_round=chosen,
            may_choose=selectors.may_choose(user=user),
            export_tables=EXPORT_TABLES,
        )
        return context


class ExportView(CircleMixin, View):
    """The comparison's tables as CSV (one table, ``?tabel=``) or Excel (every table)
    (circle:export)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        back = reverse("circle:index")
        try:
            fmt = export_format(request.GET.get("formaat") or XLSX)
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return HttpResponseRedirect(back)
        table = str(request.GET.get("tabel", ""))
        chosen, _rounds, _form = self.chosen_round()
        view = selectors.circle_view(user=request.user, measurement_round=chosen)
        available = sheets(view)
        if fmt == CSV:
            if table not in available:
                messages.error(request, _("Choose one of the tables of the page to export."))
                return HttpResponseRedirect(back)
            chosen_sheets = [available[table]]
            name = f"kenniskring-{table}"
        else:
            chosen_sheets = list(available.values())
            name = "kenniskring"
        return export_response(filename=name, fmt=fmt, sheets=chosen_sheets)


class SharingView(RoleRequiredMixin, FormView):
    """Opt in to the knowledge circle or out of it, with the history of the choice
    (circle:sharing): the policy officer and the administrator of the municipality. The
    operator belongs to no municipality: the page tells them where to choose instead."""

    access_model = SharingChoice
    access_action = Action.CHANGE
    template_name = "circle/sharing.html"
    form_class = SharingForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.municipality = None
        if request.user.is_authenticated:
            self.municipality = selectors.own_municipality(user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["shares"] = bool(self.municipality and self.municipality.shares_aggregates)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            municipality=self.municipality,
            history=selectors.sharing_history(user=self.request.user),
            may_view_circle=selectors.may_view(user=self.request.user),
            may_choose=selectors.may_choose(user=self.request.user),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.may_choose(user=request.user):
            raise PermissionDenied  # the operator: on the municipality's own form
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: SharingForm) -> HttpResponse:
        try:
            municipality = services.sharing_choose(
                user=self.request.user, shares=form.chosen, note=form.cleaned_data["note"]
            )
        except ApplicationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        if municipality.shares_aggregates:
            messages.success(
                self.request, _("Your municipality now shares with the knowledge circle.")
            )
        else:
            messages.success(
                self.request, _("Your municipality no longer shares with the knowledge circle.")
            )
        return HttpResponseRedirect(reverse("circle:sharing"))
