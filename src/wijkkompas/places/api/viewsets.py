"""/api/v1/places/: as on the place pages. Every signed-in role of the municipality lists
its places (public places of other municipalities are not in the list, but readable one by
one as on the public pages); visitors without an account read public places only. Team
roles and the administrator add and change places through the same services as the pages.
Places are no personal data: reads are not logged."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    PageLikeChangeLookup,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
)

from .. import services
from ..models import Place
from .serializers import PlaceInputSerializer, PlaceSerializer

TAGS = ["places"]


@extend_schema_view(
    list=extend_schema(
        summary="Places of the user's municipality (public ones without account)", tags=TAGS
    ),
    retrieve=extend_schema(summary="One place", tags=TAGS),
    create=extend_schema(summary="Add a place", tags=TAGS),
    update=extend_schema(summary="Change a place", tags=TAGS),
    partial_update=extend_schema(summary="Change part of a place", tags=TAGS),
    export=extend_schema(summary="Export places", tags=TAGS),
)
class PlaceViewSet(
    PageLikeChangeLookup,
    ListMixin,
    RetrieveMixin,
    CreateMixin,
    UpdateMixin,
    ExportMixin,
    ScopedViewSet,
):
    access_model = Place
    scope_family = ScopeFamily.COLLECTIVE
    public_read = True
    serializer_class = PlaceSerializer
    input_serializer_class = PlaceInputSerializer
    filterset_fields = {
        "municipality": ["exact"],
        "neighbourhood": ["exact"],
        "kind": ["exact"],
        "public": ["exact"],
        "accessible": ["exact"],
    }
    ordering_fields = ["pk", "name"]
    ordering = ["name", "pk"]

    def get_queryset(self) -> QuerySet[Place]:
        queryset = super().get_queryset()
        user: Any = self.request.user
        if self.action in ("list", "export") and user.is_authenticated and not user.is_superuser:
            # The municipality's list, as on the page (selectors.place_list).
            queryset = queryset.filter(municipality_id=user.municipality_id)
        return queryset

    def perform_create(self, data: dict[str, Any]) -> Place:
        return services.place_create(user=self.request.user, **data)

    def perform_update(self, instance: Place, data: dict[str, Any]) -> Place:
        return services.place_update(user=self.request.user, place=instance, **data)
