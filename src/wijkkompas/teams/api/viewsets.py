"""/api/v1/teams/, /memberships/, /partners/: as on the team pages.

* Teams and partners: the policy officer and the administrator see those of their
  municipality, team roles their own teams, researchers those of sharing municipalities.
* Memberships hold names of professionals (personal data): team roles of the team and the
  administrator only (others 403, as the member list is absent from their team page); every
  read is logged with the purpose "team composition".
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import ExportMixin, ListMixin, RetrieveMixin, ScopedViewSet
from wijkkompas.audit.constants import Purpose

from ..models import Membership, Partner, Team
from .serializers import MembershipSerializer, PartnerSerializer, TeamSerializer

TAGS = ["teams"]


@extend_schema_view(
    list=extend_schema(summary="Teams the user may see", tags=TAGS),
    retrieve=extend_schema(summary="One team", tags=TAGS),
    export=extend_schema(summary="Export teams", tags=TAGS),
)
class TeamViewSet(ListMixin, RetrieveMixin, ExportMixin, ScopedViewSet):
    access_model = Team
    scope_family = ScopeFamily.ORGANISATION
    serializer_class = TeamSerializer
    filterset_fields = {
        "municipality": ["exact"],
        "team_type": ["exact"],
        "neighbourhoods": ["exact"],
        "districts": ["exact"],
    }
    ordering_fields = ["pk", "name"]
    ordering = ["name", "pk"]

    def base_queryset(self) -> QuerySet[Team]:
        return Team.objects.prefetch_related("districts", "neighbourhoods")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Filtering on a to-many field may repeat a team.
        return super().filter_queryset(queryset).distinct()


@extend_schema_view(
    list=extend_schema(summary="Members of the teams the user may see", tags=TAGS),
    retrieve=extend_schema(summary="One membership", tags=TAGS),
    export=extend_schema(summary="Export memberships", tags=TAGS),
)
class MembershipViewSet(ListMixin, RetrieveMixin, ExportMixin, ScopedViewSet):
    access_model = Membership
    scope_family = ScopeFamily.ORGANISATION
    purpose = Purpose.TEAM_COMPOSITION
    serializer_class = MembershipSerializer
    filterset_fields = {"team": ["exact"], "organisation": ["exact"], "ring": ["exact"]}
    ordering_fields = ["pk", "person_name"]
    ordering = ["team", "person_name", "pk"]

    def base_queryset(self) -> QuerySet[Membership]:
        return Membership.objects.select_related("organisation")


@extend_schema_view(
    list=extend_schema(summary="Partners and programmes around the teams", tags=TAGS),
    retrieve=extend_schema(summary="One partner", tags=TAGS),
    export=extend_schema(summary="Export partners", tags=TAGS),
)
class PartnerViewSet(ListMixin, RetrieveMixin, ExportMixin, ScopedViewSet):
    access_model = Partner
    scope_family = ScopeFamily.ORGANISATION
    serializer_class = PartnerSerializer
    filterset_fields = {
        "team": ["exact"],
        "organisation": ["exact"],
        "kind": ["exact"],
        "ring": ["exact"],
    }
    ordering_fields = ["pk", "name"]
    ordering = ["team", "name", "pk"]
