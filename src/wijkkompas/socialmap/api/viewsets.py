"""/api/v1/social-map-entries/: as on the social map pages. Every signed-in role of the
municipality lists its entries (public entries of other municipalities are not in the list,
but readable one by one as on the public map); visitors without an account read public
entries only. Team roles and the administrator add, change and confirm ("check") entries,
an initiator those of the initiatives they run, through the same services as the pages.
The social map holds no personal data: reads are not logged."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.serializers import ProblemSerializer
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    PageLikeChangeLookup,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
    require_if_match,
)

from .. import selectors, services
from ..models import Entry
from .serializers import EntryCheckSerializer, EntryInputSerializer, EntrySerializer

TAGS = ["social map"]
PROBLEMS = {(code, "application/problem+json"): ProblemSerializer for code in (400, 404, 412, 428)}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the entry as last read.",
)
LIFE_DOMAIN = OpenApiParameter(
    "life_domain",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description="Only entries that answer this life domain.",
)
NEIGHBOURHOOD = OpenApiParameter(
    "neighbourhood",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    description="Only entries that serve this neighbourhood (or the whole municipality).",
)
STALE = OpenApiParameter(
    "stale",
    OpenApiTypes.BOOL,
    OpenApiParameter.QUERY,
    description="Only entries not checked for six months.",
)


@extend_schema_view(
    list=extend_schema(
        summary="Social map entries of the user's municipality (public ones without account)",
        tags=TAGS,
        parameters=[LIFE_DOMAIN, NEIGHBOURHOOD, STALE],
    ),
    retrieve=extend_schema(summary="One social map entry", tags=TAGS),
    create=extend_schema(summary="Add a social map entry", tags=TAGS),
    update=extend_schema(summary="Change a social map entry", tags=TAGS),
    partial_update=extend_schema(summary="Change part of a social map entry", tags=TAGS),
    export=extend_schema(
        summary="Export social map entries",
        tags=TAGS,
        parameters=[LIFE_DOMAIN, NEIGHBOURHOOD, STALE],
    ),
)
class EntryViewSet(
    PageLikeChangeLookup,
    ListMixin,
    RetrieveMixin,
    CreateMixin,
    UpdateMixin,
    ExportMixin,
    ScopedViewSet,
):
    access_model = Entry
    scope_family = ScopeFamily.COLLECTIVE
    public_read = True
    serializer_class = EntrySerializer
    input_serializer_class = EntryInputSerializer
    change_actions = ("update", "partial_update", "check")
    filterset_fields = {
        "municipality": ["exact"],
        "kind": ["exact"],
        "step": ["exact"],
        "cost": ["exact"],
        "public": ["exact"],
    }
    ordering_fields = ["pk", "name", "last_checked_on"]
    ordering = ["name", "pk"]

    def base_queryset(self) -> QuerySet[Entry]:
        return Entry.objects.prefetch_related("neighbourhoods")

    def get_queryset(self) -> QuerySet[Entry]:
        queryset = super().get_queryset()
        user: Any = self.request.user
        if self.action in ("list", "export"):
            if user.is_authenticated and not user.is_superuser:
                # The municipality's list, as on the page (selectors.entry_list).
                queryset = queryset.filter(municipality_id=user.municipality_id)
            params = self.request.query_params
            neighbourhood = str(params.get("neighbourhood", ""))
            queryset = selectors.filter_entries(
                queryset,
                selectors.EntryFilter(
                    life_domain=str(params.get("life_domain", "")),
                    neighbourhood_id=int(neighbourhood) if neighbourhood.isdigit() else None,
                    stale=str(params.get("stale", "")).lower() in ("true", "1"),
                ),
            )
        return queryset

    def perform_create(self, data: dict[str, Any]) -> Entry:
        return services.entry_create(user=self.request.user, **data)

    def perform_update(self, instance: Entry, data: dict[str, Any]) -> Entry:
        return services.entry_update(user=self.request.user, entry=instance, **data)

    @extend_schema(
        summary='Confirm that the entry is still correct ("checked today")',
        tags=TAGS,
        request=None,
        responses={200: EntrySerializer, **PROBLEMS},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="check")
    def check(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            entry = self.get_object()
            require_if_match(self, request, entry)
            services.entry_check(user=request.user, entry=entry)
            return self.written(
                self.base_queryset().get(pk=entry.pk), status_code=status.HTTP_200_OK
            )

    def get_serializer_class(self) -> Any:
        if self.action == "check" and not getattr(self, "_output", False):
            return EntryCheckSerializer
        return super().get_serializer_class()
