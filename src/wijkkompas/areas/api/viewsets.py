"""/api/v1/municipalities/, /districts/, /neighbourhoods/: the areas (CBS codes) the user
may see, read-only as on the area pages (the administrator edits them on the pages)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import ExportMixin, ListMixin, RetrieveMixin, ScopedViewSet

from ..models import District, Municipality, Neighbourhood
from .serializers import DistrictSerializer, MunicipalitySerializer, NeighbourhoodSerializer

TAGS = ["areas"]


@extend_schema_view(
    list=extend_schema(summary="Municipalities the user may see", tags=TAGS),
    retrieve=extend_schema(summary="One municipality", tags=TAGS),
    export=extend_schema(summary="Export municipalities", tags=TAGS),
)
class MunicipalityViewSet(ListMixin, RetrieveMixin, ExportMixin, ScopedViewSet):
    access_model = Municipality
    scope_family = ScopeFamily.ORGANISATION
    serializer_class = MunicipalitySerializer
    filterset_fields = {"code": ["exact"], "shares_aggregates": ["exact"]}
    ordering_fields = ["pk", "code", "name"]
    ordering = ["name", "pk"]


@extend_schema_view(
    list=extend_schema(summary="Districts the user may see", tags=TAGS),
    retrieve=extend_schema(summary="One district", tags=TAGS),
    export=extend_schema(summary="Export districts", tags=TAGS),
)
class DistrictViewSet(ListMixin, RetrieveMixin, ExportMixin, ScopedViewSet):
    access_model = District
    scope_family = ScopeFamily.ORGANISATION
    serializer_class = DistrictSerializer
    filterset_fields = {"municipality": ["exact"], "code": ["exact"]}
    ordering_fields = ["pk", "code", "name"]
    ordering = ["code", "pk"]


@extend_schema_view(
    list=extend_schema(summary="Neighbourhoods the user may see", tags=TAGS),
    retrieve=extend_schema(summary="One neighbourhood", tags=TAGS),
    export=extend_schema(summary="Export neighbourhoods", tags=TAGS),
)
class NeighbourhoodViewSet(ListMixin, RetrieveMixin, ExportMixin, ScopedViewSet):
    access_model = Neighbourhood
    scope_family = ScopeFamily.ORGANISATION
    serializer_class = NeighbourhoodSerializer
    filterset_fields = {
        "district": ["exact"],
        "district__municipality": ["exact"],
        "code": ["exact"],
    }
    ordering_fields = ["pk", "code", "name"]
    ordering = ["code", "pk"]

    def base_queryset(self) -> QuerySet[Neighbourhood]:
        return Neighbourhood.objects.select_related("district")
