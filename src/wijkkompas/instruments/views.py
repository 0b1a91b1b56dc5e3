"""Instrument pages: the list, a version with its domains, levels and criterion texts,
the import of a file (administrators) and putting a version in or out of use.

Every signed-in role may look at the instruments (they are reference data); only the
administrator of a municipality imports files and switches its own versions on and off.
Views are thin: selectors for reads (404 outside the user's scope), services for changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event
from wijkkompas.audit.services import log_event
from wijkkompas.components.forms import add_service_error
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.core.exceptions import ApplicationError

from . import selectors, services
from .constants import MAX_FILE_SIZE
from .forms import ImportForm, VersionUseForm
from .models import Instrument, InstrumentVersion


class InstrumentListView(RoleRequiredMixin, TemplateView):
    """Instruments and their versions: shipped and the municipality's own (instruments:list)."""

    access_model = InstrumentVersion
    template_name = "instruments/instrument_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["versions"] = selectors.version_list(user=self.request.user)
        context["may_import"] = selectors.may_import(user=self.request.user)
        return context


class _VersionLookup:
    """Looks the version of the URL up within the user's scope, after the role check."""

    version_action: str = Action.VIEW
    version: InstrumentVersion

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.version = selectors.version_get(
                user=request.user, pk=kwargs["pk"], request=request
            )
            if self.version_action == Action.CHANGE and not selectors.may_change_version(
                user=request.user, version=self.version
            ):
                log_event(event=Event.REFUSED, user=request.user, request=request, obj=self.version)
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class VersionMixin(RoleRequiredMixin, _VersionLookup):
    """The role check first (403), then the version (404 outside the user's scope; 403 with
    ``version_action = Action.CHANGE`` for a version the user may see but not change)."""

    access_model = InstrumentVersion


class VersionDetailView(VersionMixin, TemplateView):
    """One version: domains, levels, scoring note and, when the user's municipality loaded
    them, the criterion texts as a grid (instruments:version)."""

    template_name = "instruments/version_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            page_title=f"{self.version.instrument.name} {self.version.label}",
            version=self.version,
            instrument=self.version.instrument,
            domains=list(self.version.domains.all()),
            levels=list(self.version.levels.all()),
            criteria=selectors.criteria_grid(user=user, version=self.version),
            may_change=selectors.may_change_version(user=user, version=self.version),
            may_import=selectors.may_import(user=user),
        )
        return context


class VersionUseView(VersionMixin, ServiceFormMixin, FormView):
    """Confirm, then put a version in or out of use (instruments:version_use)."""

    access_action = Action.CHANGE
    version_action = Action.CHANGE
    form_class = VersionUseForm
    template_name = "instruments/version_use.html"

    def get_initial(self) -> dict[str, Any]:
        return {"is_active": "0" if self.version.is_active else "1"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        switch_on = not self.version.is_active
        context.update(
            version=self.version,
            version_title=f"{self.version.instrument.name} {self.version.label}",
            action_label=_("Put in use") if switch_on else _("Take out of use"),
            switch_on=switch_on,
            cancel_url=reverse("instruments:version", args=[self.version.pk]),
        )
        return context

    def perform(self, form: VersionUseForm) -> None:
        is_active = form.cleaned_data["is_active"]
        services.version_set_active(
            user=self.request.user, version=self.version, is_active=is_active
        )
        self.success_message = (
            _("%(version)s is in use again.")
            if is_active
            else _("%(version)s is no longer in use.")
        ) % {"version": f"{self.version.instrument.name} {self.version.label}"}

    def get_success_url(self) -> str:
        return reverse("instruments:version", args=[self.version.pk])


class ImportView(RoleRequiredMixin, FormView):
    """Import an instrument (JSON) or criterion texts (CSV) for the administrator's
    municipality (instruments:import). Small files: the import runs in the request."""

    access_model = Instrument
    access_action = Action.CHANGE
    form_class = ImportForm
    template_name = "instruments/import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not selectors.may_import(user=request.user):
            log_event(
                event=Event.REFUSED,
                user=request.user,
                request=request,
                object_type=Instrument._meta.label,
            )
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("instruments:list")
        context["municipality"] = getattr(self.request.user, "municipality", None)
        return context

    def form_valid(self, form: ImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        # Never read more than the limit (+1 byte, so the service can say it is too big).
        content = upload.read(MAX_FILE_SIZE + 1)
        try:
            result = services.instrument_import(
                user=self.request.user,
                content=content,
                filename=upload.name,
                municipality=getattr(self.request.user, "municipality", None),
                version=form.cleaned_data["version"],
            )
        except services.InstrumentFileError as error:
            for problem in error.problems:
                form.add_error("file", problem)
            return self.form_invalid(form)
        except ApplicationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        if result.changed:
            messages.success(self.request, result.message)
        else:
            messages.info(self.request, result.message)
        return HttpResponseRedirect(reverse("instruments:version", args=[result.version.pk]))
