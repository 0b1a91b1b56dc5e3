"""Import pages (/import/): the user's imports, a new import (upload), the column mapping,
the dry run with every error, the confirmation, and the progress of the import (htmx
polling of a fragment; without JavaScript the page itself shows the same on reload).

Roles that may not import get 403; another user's import is a 404. Thin views: selectors
read, services write.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from wijkkompas.accounts.constants import Action
from wijkkompas.components.forms import add_service_error
from wijkkompas.components.mixins import RoleRequiredMixin
from wijkkompas.core.exceptions import ApplicationError

from . import fields, files, selectors, services
from .constants import ImportKind, JobStatus, RowStatus
from .forms import MappingForm, UploadForm
from .models import ImportJob

#: How much larger than the file a multipart body may be (boundaries, the other fields).
MARGIN = 1024 * 1024


class _ImportView(RoleRequiredMixin, View):
    access_model = ImportJob
    access_action = Action.CHANGE

    def job(self, request: HttpRequest, pk: int) -> ImportJob:
        return selectors.job_get(user=request.user, pk=pk, request=request)


class IndexView(_ImportView):
    """The user's imports, newest first (imports:index). A list to read: the roles that may
    view imports (the same roles as those that import)."""

    access_action = Action.VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, "imports/index.html", {"jobs": selectors.job_list(user=request.user)[:100]}
        )


class _SizeLimit(FileUploadHandler):
    """Stops reading an upload as soon as it is larger than the limit (the rest of the body
    is not read, nothing of it is kept)."""

    def __init__(self, request: Any, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@method_decorator(csrf_exempt, name="dispatch")
class NewView(_ImportView):
    """Upload a file for a new import (imports:new). The size is checked from the request
    before the body is read, and again while it streams in."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, UploadForm(user=request.user))

    def page(self, request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
        return render(
            request,
            "imports/new.html",
            {"form": form, "kinds": _kind_docs(), "max_bytes": services.max_bytes()},
            status=status,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        limit = services.max_bytes()
        announced = request.META.get("CONTENT_LENGTH") or "0"
        # A multipart body is a little larger than the file: refuse only what is clearly more.
        if announced.isdigit() and int(announced) > limit + MARGIN:
            return self.refused(request)
        handler = _SizeLimit(request, limit)
        request.upload_handlers.insert(0, handler)  # type: ignore[union-attr]
        return csrf_protect(self._post)(request, handler)

    def refused(self, request: HttpRequest) -> HttpResponse:
        """The form again with "too large" on the file; the connection is closed (the rest of
        the body is never read)."""
        form = UploadForm({}, user=request.user)
        form.is_valid()
        form._errors = ErrorDict()  # type: ignore[attr-defined]
        form.add_error("file", files.too_large_message(services.max_bytes()))
        response = self.page(request, form, status=413)
        response["Connection"] = "close"
        return response

    def _post(self, request: HttpRequest, handler: _SizeLimit) -> HttpResponse:
        request.FILES  # noqa: B018 - parse the body now, through the size limit
        if handler.exceeded:
            return self.refused(request)
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.page(request, form, status=400)
        try:
            job = services.job_create(
                user=request.user,
                kind=form.cleaned_data["kind"],
                team_id=form.cleaned_data["team"],
                source_system=form.cleaned_data["source_system"],
                upload=form.cleaned_data["file"],
                request=request,
            )
        except ApplicationError as error:
            add_service_error(form, error)
            return self.page(request, form, status=400)
        return HttpResponseRedirect(reverse("imports:mapping", args=[job.pk]))


class MappingView(_ImportView):
    """Which column of the file holds which field (imports:mapping); saving starts the dry
    run."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job(request, pk)
        return self.page(request, job, MappingForm(job=job))

    def page(
        self, request: HttpRequest, job: ImportJob, form: MappingForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "imports/mapping.html",
            {"job": job, "form": form, "fields": fields.fields_of(job.kind)},
            status=status,
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job(request, pk)
        form = MappingForm(request.POST, job=job)
        if not form.is_valid():
            return self.page(request, job, form, status=400)
        try:
            services.job_map(user=request.user, job=job, mapping=form.mapping())
        except ApplicationError as error:
            add_service_error(form, error)
            return self.page(request, job, form, status=400)
        return HttpResponseRedirect(reverse("imports:detail", args=[job.pk]))


def _context(job: ImportJob) -> dict[str, Any]:
    return {
        "job": job,
        "progress": selectors.job_progress(job),
        "status_url": reverse("imports:progress", args=[job.pk]),
        "detail_url": reverse("imports:detail", args=[job.pk]),
        "row_labels": dict(RowStatus.choices),
        "statuses": JobStatus,
    }


class DetailView(_ImportView):
    """One import: its progress, the dry run (counts, every error, the first rows) with the
    confirmation, or the result (imports:detail)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job(request, pk)
        if job.status == JobStatus.UPLOADED:
            return HttpResponseRedirect(reverse("imports:mapping", args=[job.pk]))
        return render(request, "imports/detail.html", _context(job))


class ProgressView(_ImportView):
    """The progress fragment htmx asks for every second while the job runs; when it is
    finished, htmx reloads the page (``HX-Refresh``). Without htmx: the whole page."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job(request, pk)
        if not request.headers.get("HX-Request"):
            return render(request, "imports/detail.html", _context(job))
        response = render(request, "imports/_progress.html", _context(job))
        if not job.is_active:
            response["HX-Refresh"] = "true"
        return response


class ConfirmView(_ImportView):
    """Start the import of a checked file (imports:confirm). GET: the import's page, with
    the confirmation."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, "imports/detail.html", _context(self.job(request, pk)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job(request, pk)
        try:
            services.job_confirm(user=request.user, job=job)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The import has started. You can follow it on this page."))
        return HttpResponseRedirect(reverse("imports:detail", args=[job.pk]))


def _kind_docs() -> list[dict[str, Any]]:
    """Per kind: its label and its columns (required first), for the help on the upload page."""
    return [
        {"kind": kind, "label": kind.label, "fields": fields.fields_of(kind)} for kind in ImportKind
    ]
