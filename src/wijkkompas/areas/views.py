"""Area pages: municipalities in scope, a municipality's districts and neighbourhoods,
and the administrator's forms to add and edit them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.access import can
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event
from wijkkompas.audit.services import log_event
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin

from . import selectors, services
from .forms import DistrictForm, MunicipalityForm, NeighbourhoodForm
from .models import Municipality


class MunicipalityListView(RoleRequiredMixin, TemplateView):
    """Municipalities in the user's scope (areas:list)."""

    access_model = Municipality
    template_name = "areas/municipality_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["municipalities"] = selectors.municipality_list(user=self.request.user)
        context["may_create"] = bool(getattr(self.request.user, "is_superuser", False))
        return context


class MunicipalityDetailView(RoleRequiredMixin, TemplateView):
    """One municipality with its districts and neighbourhoods and their CBS codes."""

    access_model = Municipality
    template_name = "areas/municipality_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        municipality = selectors.municipality_get(
            user=user, pk=self.kwargs["pk"], request=self.request
        )
        context.update(
            municipality=municipality,
            districts=selectors.district_list(user=user, municipality=municipality),
            may_change=can(user, Action.CHANGE, municipality),
        )
        return context


class AreaFormView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """A form of the administrator; a service's refusal becomes a form error."""

    access_model = Municipality
    access_action = Action.CHANGE
    template_name = "areas/form.html"
    page_title: Any = ""
    submit_label: Any = _("Save")
    success_message: Any = _("Saved.")
    municipality: Municipality | None = None

    def the_municipality(self) -> Municipality:
        """The municipality the form is about (set while building the form)."""
        if self.municipality is None:  # pragma: no cover - set in get_form_kwargs
            raise LookupError("no municipality")
        return self.municipality

    def get_success_url(self) -> str:
        return reverse("areas:detail", args=[self.the_municipality().pk])

    def cancel_url(self) -> str:
        if self.municipality is not None:
            return reverse("areas:detail", args=[self.municipality.pk])
        return reverse("areas:list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            submit_label=self.submit_label,
            cancel_url=self.cancel_url(),
            municipality=self.municipality,
        )
        return context


class MunicipalityCreateView(AreaFormView):
    """Add a municipality (a new tenant): for the operator (superuser) only."""

    form_class = MunicipalityForm
    page_title = _("New municipality")
    success_message = _("The municipality has been added.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not request.user.is_superuser:
            log_event(
                event=Event.REFUSED,
                user=request.user,
                request=request,
                object_type="areas.Municipality",
            )
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form: MunicipalityForm) -> Any:
        data = form.cleaned_data
        self.municipality = services.municipality_create(
            user=self.request.user,
            code=data["code"],
            name=data["name"],
            province=data["province"],
            shares_aggregates=data["shares_aggregates"],
        )
        return self.municipality


class MunicipalityEditView(AreaFormView):
    form_class = MunicipalityForm
    page_title = _("Edit municipality")
    success_message = _("The municipality has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.municipality = selectors.municipality_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE, request=self.request
        )
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.municipality
        return kwargs

    def perform(self, form: MunicipalityForm) -> Any:
        data = form.cleaned_data
        return services.municipality_update(
            user=self.request.user,
            municipality=self.the_municipality(),
            code=data["code"],
            name=data["name"],
            province=data["province"],
            shares_aggregates=data["shares_aggregates"],
        )


class DistrictCreateView(AreaFormView):
    form_class = DistrictForm
    page_title = _("New district")
    success_message = _("The district has been added.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.municipality = selectors.municipality_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE, request=self.request
        )
        kwargs = super().get_form_kwargs()
        kwargs["initial"] = {"code": f"WK{self.municipality.code[2:]}"}
        return kwargs

    def perform(self, form: DistrictForm) -> Any:
        return services.district_create(
            user=self.request.user,
            municipality=self.the_municipality(),
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
        )


class DistrictEditView(AreaFormView):
    form_class = DistrictForm
    page_title = _("Edit district")
    success_message = _("The district has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.district = selectors.district_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE, request=self.request
        )
        self.municipality = self.district.municipality
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.district
        return kwargs

    def perform(self, form: DistrictForm) -> Any:
        return services.district_update(
            user=self.request.user,
            district=self.district,
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
        )


class NeighbourhoodCreateView(AreaFormView):
    form_class = NeighbourhoodForm
    page_title = _("New neighbourhood")
    success_message = _("The neighbourhood has been added.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.district = selectors.district_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE, request=self.request
        )
        self.municipality = self.district.municipality
        kwargs = super().get_form_kwargs()
        kwargs["initial"] = {"code": f"BU{self.district.code[2:]}"}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["district"] = self.district
        return context

    def perform(self, form: NeighbourhoodForm) -> Any:
        return services.neighbourhood_create(
            user=self.request.user,
            district=self.district,
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
        )


class NeighbourhoodEditView(AreaFormView):
    form_class = NeighbourhoodForm
    page_title = _("Edit neighbourhood")
    success_message = _("The neighbourhood has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.neighbourhood = selectors.neighbourhood_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE, request=self.request
        )
        self.municipality = self.neighbourhood.district.municipality
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.neighbourhood
        return kwargs

    def perform(self, form: NeighbourhoodForm) -> Any:
        return services.neighbourhood_update(
            user=self.request.user,
            neighbourhood=self.neighbourhood,
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
        )
