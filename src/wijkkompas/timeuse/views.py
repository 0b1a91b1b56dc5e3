"""Time pages (/tijd/).

* ``timeuse:week``: a member records how their week split, in seconds — four linked
  sliders (number inputs without JavaScript), last week's split filled in;
* ``timeuse:team``: the team's split over time next to its ambition, how many members
  filled in, and the weeks the user may see (every member's for the team lead, their own
  for the other members); ``?formaat=csv|xlsx`` downloads the split;
* ``timeuse:ambition``: the team lead sets the target share of time for the collective.

A role without time pages gets 403, a team outside the user's scope 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exports import Sheet, export_format, export_response

from . import selectors, services, weeks
from .constants import TEAM_PAGE_WEEKS, WORK_KINDS
from .forms import AmbitionForm, TimeSplitForm
from .models import TeamTimeAmbition, TimeSplit

#: The split a member starts from when they never recorded a week.
DEFAULT_SPLIT = {"casework": 70, "collective": 10, "network": 10, "overhead": 10}


class WeekView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """My week: how did my time split? (timeuse:week)"""

    access_model = TimeSplit
    access_action = Action.CHANGE
    template_name = "timeuse/week.html"
    form_class = TimeSplitForm
    success_message = _("Your week has been saved. Thank you!")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.team_choices = selectors.record_teams(user=request.user)
            self.teams = list(self.team_choices)
            self.team = self._chosen_team(request)
            self.week = weeks.parse_week(request.GET.get("week")) or weeks.this_week()
            if self.week not in weeks.recordable_weeks():
                self.week = weeks.this_week()
        return super().dispatch(request, *args, **kwargs)

    def _chosen_team(self, request: HttpRequest) -> Any:
        raw = request.POST.get("team") or request.GET.get("team")
        if raw in (None, ""):
            return self.teams[0] if self.teams else None
        try:
            pk = int(str(raw))
        except ValueError:
            return self.teams[0] if self.teams else None
        for team in self.teams:
            if team.pk == pk:
                return team
        return self.teams[0] if self.teams else None

    def own_weeks(self) -> list[TimeSplit]:
        if self.team is None:
            return []
        if not hasattr(self, "_own"):
            self._own = selectors.own_weeks(
                user=self.request.user, team=self.team, request=self.request
            )
        return self._own

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["teams"] = self.team_choices
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"week": weeks.week_key(self.week)}
        if self.team is not None:
            initial["team"] = self.team.pk
        found = selectors.prefill(weeks=self.own_weeks(), week=self.week)
        if found is not None:
            initial.update({kind: getattr(found, kind) for kind in WORK_KINDS})
            if found.week == self.week:
                initial["note"] = found.note
        else:
            initial.update(DEFAULT_SPLIT)
        return initial

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.teams:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def perform(self, form: TimeSplitForm) -> TimeSplit:
        week = weeks.parse_week(form.cleaned_data["week"])
        if week is None:
            raise ApplicationError(_("Choose one of the recent weeks."), field="week")
        data = form.cleaned_data
        return services.time_split_record(
            user=self.request.user,
            team=data["team"],
            week=week,
            casework=data["casework"],
            collective=data["collective"],
            network=data["network"],
            overhead=data["overhead"],
            note=data.get("note") or "",
            request=self.request,
        )

    def get_success_url(self) -> str:
        query = urlencode({"team": self.result.team_id, "week": weeks.week_key(self.result.week)})
        return f"{reverse('timeuse:week')}?{query}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        shares = []
        total = 0
        for kind in WORK_KINDS:
            field = form[kind]
            value = field.value()
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = 0
            total += number
            shares.append({"field": field, "kind": kind, "value": number})
        own = self.own_weeks()
        context.update(
            teams=self.teams,
            team=self.team,
            week=self.week,
            week_label=weeks.week_label(self.week),
            shares=shares,
            total=total,
            own_weeks=own,
            recorded=any(row.week == self.week for row in own),
            team_url=reverse("timeuse:team", args=[self.team.pk]) if self.team else "",
        )
        return context


class _TeamLookup:
    team: Any
    team_action: str = Action.VIEW

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.team = selectors.team_get(user=request.user, pk=kwargs["team"], request=request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class TeamView(RoleRequiredMixin, _TeamLookup, TemplateView):
    """The team's split over time next to its ambition (timeuse:team)."""

    access_model = TimeSplit
    template_name = "timeuse/team.html"

    def span(self) -> tuple[dt.date, dt.date]:
        end = weeks.this_week() + dt.timedelta(weeks=1)
        return end - dt.timedelta(weeks=TEAM_PAGE_WEEKS), end

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "formaat" in request.GET:
            try:
                fmt = export_format(request.GET.get("formaat"))
            except ApplicationError as error:
                messages.error(request, str(error.message))
                return HttpResponseRedirect(reverse("timeuse:team", args=[self.team.pk]))
            start, end = self.span()
            split = selectors.team_split(user=request.user, team=self.team, start=start, end=end)
            header, rows = selectors.export_rows(split)
            return export_response(
                filename=f"tijdsbesteding-{self.team.name}",
                fmt=fmt,
                sheets=[Sheet(_("Time split"), header, rows)],
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        start, end = self.span()
        split = selectors.team_split(user=user, team=self.team, start=start, end=end)
        context.update(
            team=self.team,
            split=split,
            chart=selectors.split_chart(split),
            entries=selectors.team_weeks(
                user=user, team=self.team, since=start, request=self.request
            ),
            sees_entries=selectors.sees_team_entries(user=user, team=self.team),
            may_record=selectors.may_record(user=user, team=self.team),
            may_set_ambition=selectors.may_set_ambition(user=user, team=self.team),
            csv_url="?formaat=csv",
            xlsx_url="?formaat=xlsx",
        )
        return context


class AmbitionView(RoleRequiredMixin, _TeamLookup, ServiceFormMixin, FormView):
    """The team lead sets the target share of time for the collective (timeuse:ambition)."""

    access_model = TeamTimeAmbition
    access_action = Action.CHANGE
    template_name = "timeuse/ambition.html"
    form_class = AmbitionForm
    success_message = _("The team's ambition has been saved.")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._check()
        return super().post(request, *args, **kwargs)

    def _check(self) -> None:
        if not selectors.may_set_ambition(user=self.request.user, team=self.team):
            raise PermissionDenied

    def get_initial(self) -> dict[str, Any]:
        ambition = selectors.ambition_of(user=self.request.user, team=self.team)
        if ambition is None:
            return {}
        return {"collective_target": ambition.collective_target, "note": ambition.note}

    def perform(self, form: AmbitionForm) -> TeamTimeAmbition:
        return services.time_ambition_set(
            user=self.request.user,
            team=self.team,
            collective_target=form.cleaned_data["collective_target"],
            note=form.cleaned_data.get("note") or "",
            request=self.request,
        )

    def get_success_url(self) -> str:
        return reverse("timeuse:team", args=[self.team.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            team=self.team,
            perspective=self.team.perspective,
            cancel_url=reverse("timeuse:team", args=[self.team.pk]),
        )
        return context
