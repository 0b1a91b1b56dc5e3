"""Place pages: the municipality's list and a place's page for signed-in roles, the forms
for team roles and the administrator, and the public list of a neighbourhood.

The page of a place shows what higher apps register for it (``components.sections``,
page ``"place"``): the initiatives and activities held there.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.areas.selectors import public_neighbourhood_get
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.components.sections import render_sections

from . import selectors, services
from .constants import PLACES_PER_PAGE
from .forms import PlaceFilterForm, PlaceForm
from .models import Place


class PlaceListView(RoleRequiredMixin, TemplateView):
    """The places of the user's municipality, filtered by neighbourhood and kind (places:list)."""

    access_model = Place
    template_name = "places/place_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        form = PlaceFilterForm(self.request.GET or None, municipality_id=user.municipality_id)
        neighbourhood = kind = None
        if form.is_bound and form.is_valid():
            neighbourhood = form.cleaned_data["buurt"]
            kind = form.cleaned_data["soort"]
        places = selectors.place_list(user=user, neighbourhood=neighbourhood, kind=kind or "")
        page = Paginator(places, PLACES_PER_PAGE).get_page(self.request.GET.get("pagina"))
        context.update(
            form=form,
            page_obj=page,
            places=page.object_list,
            may_create=selectors.may_create_place(user=user),
        )
        return context


class _PlaceLookup:
    place_action: str = Action.VIEW
    place: Place

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.place = selectors.place_get(user=request.user, pk=kwargs["pk"], request=request)
            if self.place_action == Action.CHANGE and not selectors.may_change_place(
                user=request.user, place=self.place
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PlaceMixin(RoleRequiredMixin, _PlaceLookup):
    """Looks the place of the URL up in the user's scope (404 outside it)."""

    access_model = Place

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["place"] = self.place
        return context


class PlaceDetailView(PlaceMixin, TemplateView):
    """One place, with the initiatives and activities held there (places:detail)."""

    template_name = "places/place_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_change"] = selectors.may_change_place(user=self.request.user, place=self.place)
        context["sections"] = render_sections("place", request=self.request, obj=self.place)
        context["area_names"] = selectors.place_area_names(user=self.request.user, place=self.place)
        return context


class PlaceCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Add a place to the user's municipality (places:create)."""

    access_model = Place
    access_action = Action.CHANGE
    template_name = "places/place_form.html"
    form_class = PlaceForm
    success_message = _("The place has been saved.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not selectors.may_create_place(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["municipality_id"] = getattr(self.request.user, "municipality_id", None)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title=_("New place"), cancel_url=reverse("places:list"))
        return context

    def perform(self, form: PlaceForm) -> Place:
        return services.place_create(user=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("places:detail", args=[self.result.pk])


class PlaceEditView(PlaceMixin, ServiceFormMixin, FormView):
    """Change a place (places:edit)."""

    access_action = Action.CHANGE
    place_action = Action.CHANGE
    template_name = "places/place_form.html"
    form_class = PlaceForm
    success_message = _("The place has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.place, municipality_id=self.place.municipality_id)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Change place"),
            cancel_url=reverse("places:detail", args=[self.place.pk]),
        )
        return context

    def perform(self, form: PlaceForm) -> Place:
        return services.place_update(user=self.request.user, place=self.place, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("places:detail", args=[self.place.pk])


class PublicPlaceListView(TemplateView):
    """The public places of a neighbourhood, for every visitor (places:public)."""

    template_name = "places/public_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        neighbourhood = public_neighbourhood_get(code=self.kwargs["code"])
        context.update(
            neighbourhood=neighbourhood,
            places=selectors.public_places(neighbourhood=neighbourhood),
        )
        return context
