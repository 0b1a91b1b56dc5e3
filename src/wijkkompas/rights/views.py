"""The privacy officer's pages for data requests: the register, a request with its
actions (access export, download once, erasure), and the retention purges.

No page shows case content: requests name residents by number, exports by status, size and
checksum. Professionals and every other role are refused (403); requests of another
municipality answer 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.core.exceptions import ApplicationError

from . import selectors, services
from .constants import FINAL_STATUSES, RequestKind
from .forms import DataRequestForm, DataRequestUpdateForm
from .models import DataRequest


class DataRequestListView(RoleRequiredMixin, TemplateView):
    """The register of data requests of the municipality (rights:list)."""

    access_model = DataRequest
    template_name = "rights/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        open_only = self.request.GET.get("alle") != "1"
        requests = selectors.data_request_list(user=self.request.user, open_only=open_only)
        page = Paginator(requests, selectors.PAGE_SIZE).get_page(self.request.GET.get("pagina"))
        rows = list(page.object_list)
        selectors.log_data_request_page(user=self.request.user, rows=rows, request=self.request)
        context.update(
            page=page,
            rows=[(r, selectors.is_overdue(r)) for r in rows],
            open_only=open_only,
            query="" if open_only else "alle=1",
        )
        return context


class DataRequestCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Register a request (rights:create)."""

    access_model = DataRequest
    access_action = Action.CHANGE
    form_class = DataRequestForm
    template_name = "rights/form.html"
    success_message = gettext_lazy("The request has been registered.")

    def perform(self, form: DataRequestForm) -> DataRequest:
        return services.data_request_register(
            user=self.request.user,
            kind=form.cleaned_data["kind"],
            resident_id=form.cleaned_data["resident_id"],
            received_on=form.cleaned_data["received_on"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return reverse("rights:detail", args=[self.result.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Register a data request"),
            submit_label=_("Register"),
            cancel_url=reverse("rights:list"),
        )
        return context


class _RequestMixin(RoleRequiredMixin):
    """Looks the request of the URL up in the user's municipality (404 otherwise)."""

    access_model = DataRequest
    access_action = Action.CHANGE
    data_request: DataRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and selectors.may_use_rights(user=request.user):
            self.data_request = selectors.data_request_get(
                user=request.user, pk=kwargs["pk"], action=Action.CHANGE, request=request
            )
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("rights:detail", args=[self.data_request.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            data_request=self.data_request,
            is_open=self.data_request.status not in FINAL_STATUSES,
            overdue=selectors.is_overdue(self.data_request),
            detail_url=self.detail_url(),
        )
        return context


class DataRequestDetailView(_RequestMixin, TemplateView):
    """One request: its dates, status and outcome, exports and actions (rights:detail)."""

    access_action = Action.VIEW
    template_name = "rights/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            exports=selectors.exports_of(data_request=self.data_request),
            ready_export=selectors.ready_export(data_request=self.data_request),
            is_access=self.data_request.kind == RequestKind.ACCESS,
            is_erasure=self.data_request.kind == RequestKind.ERASURE,
        )
        return context


class DataRequestUpdateView(_RequestMixin, ServiceFormMixin, FormView):
    """Set the status and the outcome of a request (rights:update)."""

    form_class = DataRequestUpdateForm
    template_name = "rights/form.html"
    success_message = gettext_lazy("The request has been saved.")

    def get_initial(self) -> dict[str, Any]:
        return {
            "status": self.data_request.status,
            "outcome_note": self.data_request.outcome_note,
            "version": self.data_request.version,
        }

    def perform(self, form: DataRequestUpdateForm) -> DataRequest:
        return services.data_request_update(
            user=self.request.user,
            data_request=self.data_request,
            expected_version=form.cleaned_data["version"],
            status=form.cleaned_data["status"],
            outcome_note=form.cleaned_data["outcome_note"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return self.detail_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Handle data request %(number)s") % {"number": self.data_request.pk},
            submit_label=_("Save"),
            cancel_url=self.detail_url(),
        )
        return context


class _ActionView(_RequestMixin, TemplateView):
    """A confirmation page (GET) and the action itself (POST), back to the request after."""

    template_name = "rights/confirm.html"
    page_title: Any = ""
    explanation: Any = ""
    submit_label: Any = ""
    danger = False

    def allowed(self) -> bool:  # pragma: no cover - overridden
        return True

    def not_allowed_message(self) -> str:
        return _("This action is not possible for this request.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            explanation=self.explanation,
            submit_label=self.submit_label,
            danger=self.danger,
            allowed=self.allowed(),
            not_allowed=self.not_allowed_message(),
        )
        return context

    def act(self) -> HttpResponse | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = self.act()
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return HttpResponseRedirect(self.detail_url())
        return response or HttpResponseRedirect(self.detail_url())


class AccessExportRequestView(_ActionView):
    """Ask for the access export of an access request; a background task builds it."""

    page_title = gettext_lazy("Prepare the access export")
    explanation = gettext_lazy(
        "Wijkkompas collects all data of this resident, with who viewed it, as a JSON file "
        "and a PDF, and keeps them encrypted until you download them once to hand them "
        "over. You see only the size and checksum, never the content."
    )
    submit_label = gettext_lazy("Prepare the export")

    def allowed(self) -> bool:
        return self.data_request.kind == RequestKind.ACCESS and (
            self.data_request.status not in FINAL_STATUSES
        )

    def act(self) -> None:
        services.access_export_request(
            user=self.request.user, pk=self.data_request.pk, request=self.request
        )
        messages.success(
            self.request, _("The export is being prepared. Reload this page in a moment.")
        )


class AccessExportDownloadView(_ActionView):
    """Download the waiting export once, to hand it over; then the file is removed."""

    page_title = gettext_lazy("Download the access export")
    explanation = gettext_lazy(
        "The export can be downloaded once. Hand it over to the resident safely (in person, "
        "or through a secure channel), and do not keep a copy. Wijkkompas removes the file "
        "after the download."
    )
    submit_label = gettext_lazy("Download once")

    def allowed(self) -> bool:
        return selectors.ready_export(data_request=self.data_request) is not None

    def not_allowed_message(self) -> str:
        return _("There is no export waiting to be downloaded.")

    def act(self) -> HttpResponse:
        download = services.access_export_download(
            user=self.request.user, pk=self.data_request.pk, request=self.request
        )
        response = HttpResponse(download.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
        response["X-Content-SHA256"] = download.sha256
        response["Cache-Control"] = "no-store"
        return response


class ResidentEraseView(_ActionView):
    """Erase the resident of an erasure request, where the law allows it."""

    page_title = gettext_lazy("Erase the resident's data")
    explanation = gettext_lazy(
        "All data of this resident is deleted: personal details, consents, conversations, "
        "scores and risk signals, and the household with its plan when no one is left in "
        "it. The access log keeps its entries (numbers only). Wijkkompas refuses, with the "
        "reason, while the law requires the data to be kept."
    )
    submit_label = gettext_lazy("Erase")
    danger = True

    def allowed(self) -> bool:
        return self.data_request.kind == RequestKind.ERASURE and (
            self.data_request.status not in FINAL_STATUSES
        )

    def act(self) -> None:
        services.resident_erase(
            user=self.request.user, request_id=self.data_request.pk, request=self.request
        )
        messages.success(self.request, _("The resident's data has been erased."))


class PurgeRunListView(RoleRequiredMixin, TemplateView):
    """The retention purges of the municipality: when, up to which date, how much (counts)."""

    access_model = DataRequest
    template_name = "rights/purges.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["runs"] = selectors.purge_runs(user=self.request.user, request=self.request)
        return context
