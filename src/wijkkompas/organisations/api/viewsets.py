"""/api/v1/organisations/ and /api/v1/disciplines/: as on the organisation pages. Every
staff role of the municipality reads them; the administrator adds and changes
organisations through the same services as the pages. Not personal data: no read is logged."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
)
from wijkkompas.areas.selectors import changeable_municipalities
from wijkkompas.core.exceptions import ApplicationError

from .. import selectors, services
from ..models import Discipline, Organisation
from .serializers import DisciplineSerializer, OrganisationInputSerializer, OrganisationSerializer

TAGS = ["organisations"]


@extend_schema_view(
    list=extend_schema(summary="Organisations the user may see", tags=TAGS),
    retrieve=extend_schema(summary="One organisation", tags=TAGS),
    create=extend_schema(summary="Add an organisation (administrator)", tags=TAGS),
    update=extend_schema(summary="Change an organisation (administrator)", tags=TAGS),
    partial_update=extend_schema(summary="Change part of an organisation", tags=TAGS),
    export=extend_schema(summary="Export organisations", tags=TAGS),
)
class OrganisationViewSet(
    ListMixin, RetrieveMixin, CreateMixin, UpdateMixin, ExportMixin, ScopedViewSet
):
    access_model = Organisation
    scope_family = ScopeFamily.ORGANISATION
    serializer_class = OrganisationSerializer
    input_serializer_class = OrganisationInputSerializer
    filterset_fields = {"municipality": ["exact"], "discipline": ["exact"], "craft": ["exact"]}
    ordering_fields = ["pk", "name"]
    ordering = ["name", "pk"]

    def base_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.annotate(member_count=Count("memberships", distinct=True))

    def perform_create(self, data: dict[str, Any]) -> Organisation:
        user: Any = self.request.user
        pk = data.get("municipality") or user.municipality_id
        municipality = changeable_municipalities(user=user).filter(pk=pk).first()
        if municipality is None:
            raise ApplicationError(
                _("Choose a municipality whose organisations you manage."), field="municipality"
            )
        organisation = services.organisation_create(
            user=user,
            municipality=municipality,
            name=data["name"],
            discipline=data["discipline"],
            craft=data["craft"],
            website=data.get("website", ""),
        )
        return selectors.organisation_get(user=user, pk=organisation.pk)

    def perform_update(self, instance: Organisation, data: dict[str, Any]) -> Organisation:
        services.organisation_update(
            user=self.request.user,
            organisation=instance,
            name=data.get("name", instance.name),
            discipline=data.get("discipline", instance.discipline),
            craft=data.get("craft", instance.craft),
            website=data.get("website", instance.website),
        )
        return selectors.organisation_get(user=self.request.user, pk=instance.pk)


@extend_schema_view(
    list=extend_schema(summary="Disciplines (reference data)", tags=TAGS),
    retrieve=extend_schema(summary="One discipline", tags=TAGS),
)
class DisciplineViewSet(ListMixin, RetrieveMixin, ScopedViewSet):
    """Disciplines are reference data of the product: the roles that use the organisation
    pages read them (the filter of the organisation list)."""

    access_model = Organisation  # who may read: the organisation pages' roles
    scope_family = ScopeFamily.ORGANISATION
    serializer_class = DisciplineSerializer
    filterset_fields = {"code": ["exact"], "default_craft": ["exact"]}
    ordering_fields = ["pk", "order", "name"]
    ordering = ["order", "name", "pk"]

    def get_queryset(self) -> QuerySet[Discipline]:  # type: ignore[override]
        return selectors.discipline_list()
