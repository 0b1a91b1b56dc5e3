"""The privacy officer's pages: the access log of their municipality (searchable by data
subject, purpose, kind of object, account, request and date, and exportable as CSV) and an
overview of refused accesses and other security incidents. No case content, no resident
data: the log holds account names, event codes, object types and ids only."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from wijkkompas.components.mixins import RoleRequiredMixin

from . import selectors
from .constants import Event, Purpose
from .forms import AccessLogFilterForm
from .models import AccessLogEntry
from .services import log_access

PAGE_SIZE = 50
#: The most entries one CSV export holds; narrow the filter for more.
EXPORT_LIMIT = 100_000

#: Columns of the CSV export: codes and ids only.
CSV_COLUMNS = (
    "at",
    "started_at",
    "trace_id",
    "span_id",
    "operation",
    "status",
    "event",
    "purpose",
    "processing_activity_id",
    "username",
    "role",
    "organisations",
    "object_type",
    "object_id",
    "object_count",
    "data_subjects",
    "path",
    "ip_address",
)


def _filters(form: AccessLogFilterForm) -> dict[str, Any]:
    if form.is_bound and form.is_valid():
        return {k: v for k, v in form.cleaned_data.items() if v}
    return {}


class AccessLogPage(RoleRequiredMixin, TemplateView):
    """The access log of the user's own municipality, filtered and paginated."""

    template_name = "audit/log.html"
    access_model = AccessLogEntry

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = AccessLogFilterForm(self.request.GET or None)
        entries = selectors.access_log_visible_to(self.request.user, **_filters(form))
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("pagina"))
        query = self.request.GET.copy()
        query.pop("pagina", None)
        rows = list(page.object_list)
        log_access(
            user=self.request.user,
            action=Event.READ,
            purpose=Purpose.PRIVACY_SUPERVISION,
            objects=rows,
            model=AccessLogEntry,
            request=self.request,
            subjects=selectors.subjects_of(rows),
        )
        context.update(
            form=form,
            page=page,
            rows=rows,
            query=query.urlencode(),
            export_url=f"{reverse('audit:export')}?{query.urlencode()}",
        )
        return context


def _safe(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class AccessLogExportView(RoleRequiredMixin, View):
    """The filtered log as CSV (ids and codes only). The export is logged itself."""

    access_model = AccessLogEntry

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AccessLogFilterForm(request.GET or None)
        back = f"{reverse('audit:log')}?{request.GET.urlencode()}"
        if form.is_bound and not form.is_valid():
            return HttpResponseRedirect(back)
        entries = selectors.access_log_visible_to(request.user, **_filters(form))
        total = entries.count()
        if total > EXPORT_LIMIT:
            messages.error(
                request,
                _("The selection holds %(total)s entries; narrow the filter to at most %(limit)s.")
                % {"total": total, "limit": EXPORT_LIMIT},
            )
            return HttpResponseRedirect(back)
        subjects = selectors.subjects_by_entry(entries)
        log_access(
            user=request.user,
            action=Event.READ,
            purpose=Purpose.PRIVACY_SUPERVISION,
            operation="audit.views.AccessLogExportView",
            object_type=AccessLogEntry._meta.label,
            count=total,
            request=request,
            subjects=sorted({pk for ids in subjects.values() for pk in ids}),
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for entry in entries.prefetch_related(None).iterator(chunk_size=2000):
            writer.writerow(
                [
                    _safe(entry.at.isoformat()),
                    _safe(entry.started_at.isoformat() if entry.started_at else ""),
                    entry.trace_id,
                    entry.span_id,
                    _safe(entry.operation),
                    entry.status,
                    entry.event,
                    entry.purpose,
                    _safe(entry.processing_activity_id),
                    _safe(entry.username),
                    entry.role,
                    entry.organisations,
                    _safe(entry.object_type),
                    _safe(entry.object_id),
                    entry.object_count,
                    " ".join(str(pk) for pk in subjects.get(entry.pk, ())),
                    _safe(entry.path),
                    entry.ip_address or "",
                ]
            )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="toegangslog-{stamp}.csv"'
        return response


class SecurityOverviewPage(RoleRequiredMixin, TemplateView):
    """Refused accesses, failed logins and lockouts of the last 30 days."""

    template_name = "audit/security.html"
    access_model = AccessLogEntry

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        overview = selectors.security_overview(self.request.user)
        page = Paginator(overview.pop("entries"), PAGE_SIZE).get_page(
            self.request.GET.get("pagina")
        )
        rows = list(page.object_list)
        log_access(
            user=self.request.user,
            action=Event.READ,
            purpose=Purpose.PRIVACY_SUPERVISION,
            objects=rows,
            model=AccessLogEntry,
            request=self.request,
        )
        labels = dict(Event.choices)
        context.update(
            overview,
            by_event=[
                (labels.get(code, code), n) for code, n in sorted(overview["by_event"].items())
            ],
            by_account=[
                {**row, "event_label": labels.get(row["event"], row["event"])}
                for row in overview["by_account"]
            ],
            page=page,
            rows=rows,
        )
        return context
