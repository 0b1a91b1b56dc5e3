"""The privacy officer's pages: the access log of their municipality and an overview of
refused accesses and other security incidents. No case content, no resident data: the
log holds account names, event codes, object types and ids only."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from wijkkompas.components.mixins import RoleRequiredMixin

from . import selectors
from .constants import Event, Purpose
from .forms import AccessLogFilterForm
from .models import AccessLogEntry
from .services import log_access

PAGE_SIZE = 50


class AccessLogPage(RoleRequiredMixin, TemplateView):
    """The access log of the user's own municipality, filtered and paginated."""

    template_name = "audit/log.html"
    access_model = AccessLogEntry

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = AccessLogFilterForm(self.request.GET or None)
        filters: dict[str, Any] = {}
        if form.is_bound and form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v}
        entries = selectors.access_log_visible_to(self.request.user, **filters)
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
        )
        context.update(form=form, page=page, rows=rows, query=query.urlencode())
        return context


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
