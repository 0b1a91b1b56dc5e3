"""The signals page (/signalen/): an area and period, its figures, charts and themes.

Team roles see exact counts and example sentences; policy officers, researchers (also of
municipalities that share aggregates) and the functional administrator see suppressed
counts and terms only; other roles get 403. Team leads and administrators can start a
recomputation and follow its progress (htmx polling, no inline script).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from wijkkompas.accounts.constants import Action
from wijkkompas.components.mixins import RoleRequiredMixin
from wijkkompas.core.exceptions import ApplicationError

from . import sections, selectors, services
from .constants import PeriodKind
from .forms import PickerForm, RecomputeForm
from .models import AreaSignal, SignalRun
from .suppression import for_case_role


class SignalsView(RoleRequiredMixin, View):
    access_model = AreaSignal

    def get(self, request: Any) -> HttpResponse:
        user = request.user
        areas = selectors.area_choices(user=user)
        today = timezone.localdate()
        data = request.GET.copy()
        if data.get("area") and data["area"] not in {a.value for a in areas}:
            raise Http404  # not an area this user may see (or none at all)
        if areas:
            data.setdefault("area", areas[0].value)
        # Suppressed roles see whole years only: a hidden month (or quarter) could otherwise
        # be worked out from the year minus the other months.
        year_only = not for_case_role(user)
        if year_only:
            data["period"] = PeriodKind.YEAR
        data.setdefault("period", PeriodKind.YEAR)
        data.setdefault("start", selectors.period_start(today, PeriodKind.YEAR).isoformat())
        form = PickerForm(data, areas=areas, year_only=year_only)
        context: dict[str, Any] = {"form": form, "areas": areas}
        if areas and form.is_valid():
            choice = form.areas[form.cleaned_data["area"]]
            period = form.cleaned_data["period"]
            start = form.cleaned_data["start_date"]
            signals = selectors.area_signals(
                user=user, area_kind=choice.kind, area_id=choice.id, period=period, start=start
            )
            context.update(
                area=choice,
                period=period,
                period_label=selectors.period_label(start, period),
                page=sections.build_page(user=user, signals=signals),
                has_data=bool(signals.rows),
            )
            if selectors.may_recompute(user=user) and choice.municipality_id == getattr(
                user, "municipality_id", None
            ):
                context["run"] = selectors.latest_run(
                    user=user, municipality_id=choice.municipality_id
                )
                context["recompute_form"] = RecomputeForm(initial={"year": start.year})
        elif areas and form.errors:
            raise Http404
        return render(request, "signals/overview.html", context)


class RecomputeView(RoleRequiredMixin, View):
    access_model = SignalRun
    access_action = Action.CHANGE

    def get(self, request: Any) -> HttpResponse:
        run = selectors.latest_run(user=request.user, municipality_id=request.user.municipality_id)
        form = RecomputeForm(initial={"year": timezone.localdate().year})
        return render(request, "signals/recompute.html", {"run": run, "recompute_form": form})

    def post(self, request: Any) -> HttpResponse:
        form = RecomputeForm(request.POST)
        back = reverse("signals:overview")
        if not form.is_valid():
            messages.error(request, _("Choose a year to recompute."))
            return HttpResponseRedirect(back)
        try:
            services.signal_run_start(
                user=request.user,
                municipality_id=request.user.municipality_id,
                year=form.cleaned_data["year"],
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The signals are being recomputed. You can follow the progress here.")
            )
        return HttpResponseRedirect(back)


class RunStatusView(RoleRequiredMixin, View):
    """The progress of the latest recomputation of the user's municipality (a fragment;
    htmx asks again while it runs)."""

    access_model = SignalRun

    def get(self, request: Any) -> HttpResponse:
        run = selectors.latest_run(
            user=request.user, municipality_id=getattr(request.user, "municipality_id", None)
        )
        return render(request, "signals/_run.html", {"run": run})
