"""Organisation pages: the filterable overview, one organisation, and the administrator's forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.access import can
from wijkkompas.accounts.constants import Action
from wijkkompas.areas.selectors import changeable_municipalities
from wijkkompas.audit.constants import Event
from wijkkompas.audit.services import log_event
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin

from . import selectors, services
from .constants import ORGANISATION_CHANGE_ROLES
from .forms import OrganisationCreateForm, OrganisationFilterForm, OrganisationForm
from .models import Organisation


def _may_create(user: Any) -> bool:
    return bool(
        user.is_superuser or (user.role in ORGANISATION_CHANGE_ROLES and user.municipality_id)
    )


class OrganisationListView(RoleRequiredMixin, TemplateView):
    """Organisations of the user's municipality, filterable (organisations:list)."""

    access_model = Organisation
    template_name = "organisations/organisation_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = OrganisationFilterForm(self.request.GET or None)
        filters: dict[str, Any] = {}
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = {
                "query": data["q"].strip(),
                "discipline_id": data["discipline"].pk if data["discipline"] else None,
                "craft": data["craft"],
            }
        organisations = list(selectors.organisation_list(user=self.request.user, **filters))
        context.update(
            filter_form=form,
            filtered=any(filters.values()),
            organisations=organisations,
            several_municipalities=len({o.municipality_id for o in organisations}) > 1,
            may_create=_may_create(self.request.user),
        )
        return context


class OrganisationDetailView(RoleRequiredMixin, TemplateView):
    access_model = Organisation
    template_name = "organisations/organisation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = selectors.organisation_get(
            user=self.request.user, pk=self.kwargs["pk"], request=self.request
        )
        context.update(
            organisation=organisation,
            may_change=can(self.request.user, Action.CHANGE, organisation),
        )
        return context


class _OrganisationFormView(RoleRequiredMixin, ServiceFormMixin, FormView):
    access_model = Organisation
    access_action = Action.CHANGE
    template_name = "organisations/form.html"
    page_title: Any = ""
    success_message: Any = ""
    organisation: Organisation

    def get_success_url(self) -> str:
        self.organisation = self.result
        return reverse("organisations:detail", args=[self.organisation.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = getattr(self, "organisation", None)
        context.update(
            page_title=self.page_title,
            organisation=organisation,
            cancel_url=(
                reverse("organisations:detail", args=[organisation.pk])
                if organisation
                else reverse("organisations:list")
            ),
        )
        return context


class OrganisationCreateView(_OrganisationFormView):
    form_class = OrganisationCreateForm
    page_title = _("New organisation")
    success_message = _("The organisation has been added.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not _may_create(request.user):
            log_event(
                event=Event.REFUSED,
                user=request.user,
                request=request,
                object_type=Organisation._meta.label,
            )
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["municipalities"] = changeable_municipalities(user=self.request.user)
        return kwargs

    def perform(self, form: OrganisationCreateForm) -> Organisation:
        data = form.cleaned_data
        return services.organisation_create(
            user=self.request.user,
            municipality=data["municipality"],
            name=data["name"],
            discipline=data["discipline"],
            craft=data["craft"],
            website=data["website"],
        )


class OrganisationEditView(_OrganisationFormView):
    form_class = OrganisationForm
    page_title = _("Edit organisation")
    success_message = _("The organisation has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.organisation = selectors.organisation_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE, request=self.request
        )
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.organisation
        return kwargs

    def perform(self, form: OrganisationForm) -> Organisation:
        data = form.cleaned_data
        return services.organisation_update(
            user=self.request.user,
            organisation=self.organisation,
            name=data["name"],
            discipline=data["discipline"],
            craft=data["craft"],
            website=data["website"],
        )
