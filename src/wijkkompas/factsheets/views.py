"""Factsheet pages (/factsheets/): the list of factsheets the user may open, the factsheet
of a municipality and of a team (printable, with CSV and Excel exports through
``?formaat=``), the PDF made in the background with its progress (htmx polling, no inline
script), and the download of the finished PDF (only the user's own, checked again).

Roles without factsheets get 403; a municipality or team outside the user's scope 404.
Thin views: the selectors read and scope, the services write.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from wijkkompas.components.mixins import RoleRequiredMixin
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exports import Sheet, export_format, export_response, file_name

from . import pdf, selectors, services
from .constants import FORMAT_PARAM, YEAR_PARAM
from .models import FactsheetRun, MunicipalityFactsheet


def _year(request: HttpRequest) -> tuple[int, str]:
    """The year of the factsheet (``?jaar=``; this year by default) and an error message
    for a year that is not one (then this year is shown)."""
    this_year = timezone.localdate().year
    raw = (request.GET.get(YEAR_PARAM) or request.POST.get(YEAR_PARAM) or "").strip()
    if not raw:
        return this_year, ""
    if raw.isdigit() and 2000 <= int(raw) <= this_year:
        return int(raw), ""
    return this_year, _("Choose a year between 2000 and this year.")


class IndexView(RoleRequiredMixin, View):
    """The factsheets the user may open, and the user's PDFs (factsheets:index)."""

    access_model = FactsheetRun

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "factsheets/index.html",
            {
                "municipalities": selectors.factsheet_municipalities(user=request.user),
                "runs": selectors.run_list(user=request.user),
            },
        )


class _FactsheetView(RoleRequiredMixin, View):
    """One factsheet: the page, its exports, its PDF's progress and the download."""

    kind: ClassVar[str]
    url_kwarg: ClassVar[str]

    def subject(self, request: HttpRequest, pk: int) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def ids(self, subject: Any) -> tuple[int, int | None]:  # pragma: no cover - abstract
        raise NotImplementedError

    def build(self, request: HttpRequest, subject: Any, year: int) -> selectors.Factsheet:
        raise NotImplementedError  # pragma: no cover - abstract

    def page_url(self, subject: Any) -> str:
        return reverse(f"factsheets:{self.kind}", args=[subject.pk])

    def run_context(self, request: HttpRequest, subject: Any) -> dict[str, Any]:
        municipality_id, team_id = self.ids(subject)
        return {
            "run": selectors.latest_run(
                user=request.user, municipality_id=municipality_id, team_id=team_id
            ),
            "status_url": reverse(f"factsheets:{self.kind}_pdf", args=[subject.pk]),
            "download_url": reverse(f"factsheets:{self.kind}_download", args=[subject.pk]),
            "start_url": reverse("factsheets:pdf"),
            "subject": subject,
            "kind": self.kind,
        }


class _PageView(_FactsheetView):
    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        subject = self.subject(request, kwargs[self.url_kwarg])
        year, year_error = _year(request)
        if year_error:
            messages.error(request, year_error)
        factsheet = self.build(request, subject, year)
        fmt_raw = request.GET.get(FORMAT_PARAM)
        if fmt_raw is not None:
            try:
                fmt = export_format(fmt_raw)
            except ApplicationError as error:
                messages.error(request, str(error))
            else:
                return _export(factsheet, fmt)
        return render(
            request,
            "factsheets/factsheet.html",
            {
                **pdf.context(factsheet),
                **self.run_context(request, subject),
                "year_param": YEAR_PARAM,
                "years": list(range(timezone.localdate().year, 1999, -1))[:10],
                "page_url": self.page_url(subject),
            },
        )


def _export(factsheet: selectors.Factsheet, fmt: str) -> HttpResponse:
    from wijkkompas.indicators.selectors import definition_rows

    header, rows = selectors.export_rows(factsheet)
    definitions_header, definitions = definition_rows(factsheet.indicator_codes)
    indicators_header, indicators = selectors.indicator_sheet(factsheet)
    return export_response(
        filename=factsheet.slug,
        fmt=fmt,
        sheets=[
            Sheet(_("Factsheet"), header, rows),
            Sheet(_("Indicator definitions"), definitions_header, definitions),
            Sheet(_("Key indicators"), indicators_header, indicators),
        ],
    )


class _Municipality:
    kind = "municipality"
    url_kwarg = "municipality_pk"
    access_model: ClassVar[type[models.Model] | None] = MunicipalityFactsheet

    def subject(self, request: HttpRequest, pk: int) -> Any:
        return selectors.municipality_get(user=request.user, pk=pk, request=request)

    def ids(self, subject: Any) -> tuple[int, int | None]:
        return subject.pk, None

    def build(self, request: HttpRequest, subject: Any, year: int) -> selectors.Factsheet:
        return selectors.municipality_factsheet(user=request.user, municipality=subject, year=year)


class _Team:
    kind = "team"
    url_kwarg = "team_pk"
    access_model: ClassVar[type[models.Model] | None] = FactsheetRun

    def subject(self, request: HttpRequest, pk: int) -> Any:
        return selectors.team_get(user=request.user, pk=pk, request=request)

    def ids(self, subject: Any) -> tuple[int, int | None]:
        return subject.municipality_id, subject.pk

    def build(self, request: HttpRequest, subject: Any, year: int) -> selectors.Factsheet:
        return selectors.team_factsheet(user=request.user, team=subject, year=year)


class MunicipalityView(_Municipality, _PageView):
    """The factsheet of a municipality (factsheets:municipality)."""


class TeamView(_Team, _PageView):
    """The factsheet of a team (factsheets:team)."""


class _RunStatusView(_FactsheetView):
    """The progress of the user's latest PDF of this factsheet: a fragment that htmx asks
    for again while the PDF is being made; without htmx, a page of its own."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        subject = self.subject(request, kwargs[self.url_kwarg])
        context = self.run_context(request, subject)
        if request.headers.get("HX-Request"):
            return render(request, "factsheets/_run.html", context)
        return render(
            request, "factsheets/run.html", {**context, "page_url": self.page_url(subject)}
        )


class MunicipalityRunView(_Municipality, _RunStatusView):
    pass


class TeamRunView(_Team, _RunStatusView):
    pass


class _DownloadView(_FactsheetView):
    """The user's finished PDF of this factsheet; without one, a page that says so."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        subject = self.subject(request, kwargs[self.url_kwarg])
        context = self.run_context(request, subject)
        run = context["run"]
        if run is not None and run.is_done:
            try:
                content = services.factsheet_file(user=request.user, run=run)
            except ApplicationError as error:
                messages.error(request, str(error))
                context["run"] = selectors.latest_run(
                    user=request.user, municipality_id=run.municipality_id, team_id=run.team_id
                )
            else:
                name = file_name(_slug(subject, run.year), "pdf")
                response = HttpResponse(content, content_type="application/pdf")
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                response["Cache-Control"] = "no-store"
                return response
        return render(
            request, "factsheets/run.html", {**context, "page_url": self.page_url(subject)}
        )


def _slug(subject: Any, year: int) -> str:
    municipality = getattr(subject, "municipality", None)
    parts = ["factsheet"]
    if municipality is not None:
        parts.append(municipality.name)
    parts += [subject.name, str(year)]
    return "-".join(parts)


class MunicipalityDownloadView(_Municipality, _DownloadView):
    pass


class TeamDownloadView(_Team, _DownloadView):
    pass


class PdfView(RoleRequiredMixin, View):
    """GET: the user's PDFs; POST: make the PDF of a factsheet (``team`` or
    ``municipality``, and ``jaar``) in the background, then back to its page."""

    access_model = FactsheetRun

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, "factsheets/runs.html", {"runs": selectors.run_list(user=request.user)}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        team = request.POST.get("team", "").strip()
        municipality = request.POST.get("municipality", "").strip()
        year, year_error = _year(request)
        if not (team.isdigit() or municipality.isdigit()) or year_error:
            messages.error(
                request, year_error or _("Choose the factsheet of a municipality or a team.")
            )
            return HttpResponseRedirect(reverse("factsheets:index"))
        team_id = int(team) if team.isdigit() else None
        try:
            run = services.factsheet_run_start(
                user=request.user,
                municipality_id=int(municipality) if municipality.isdigit() else 0,
                team_id=team_id,
                year=year,
                request=request,
            )
        except ApplicationError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("factsheets:index"))
        messages.success(
            request, _("The PDF is being made. You can follow the progress on this page.")
        )
        if run.team_id is not None:
            back = reverse("factsheets:team", args=[run.team_id])
        else:
            back = reverse("factsheets:municipality", args=[run.municipality_id])
        return HttpResponseRedirect(f"{back}?{YEAR_PARAM}={run.year}#pdf")
