"""/api/v1/reflections/: the reflection sessions of the user's teams with the follow-up
actions decided in them, as the team's pages show them; planned through the same service
(its team lead)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    RetrieveMixin,
    ScopedViewSet,
)
from wijkkompas.core.exceptions import ApplicationError

from .. import selectors, services
from ..models import Reflection
from .serializers import ReflectionPlanSerializer, ReflectionSerializer

TAG = ["reflections"]


@extend_schema_view(
    list=extend_schema(summary="Reflection sessions of the user's teams", tags=TAG),
    retrieve=extend_schema(summary="One reflection session with its actions", tags=TAG),
    create=extend_schema(summary="Plan a reflection session", tags=TAG),
    export=extend_schema(summary="Export reflection sessions", tags=TAG),
)
class ReflectionViewSet(ListMixin, RetrieveMixin, CreateMixin, ExportMixin, ScopedViewSet):
    access_model = Reflection
    scope_family = ScopeFamily.LEARNING
    serializer_class = ReflectionSerializer
    input_serializer_class = ReflectionPlanSerializer
    filterset_fields = {
        "team": ["exact"],
        "status": ["exact"],
        "planned_on": ["exact", "gte", "lte"],
        "held_on": ["exact", "gte", "lte"],
    }
    ordering_fields = ["pk", "planned_on", "held_on"]
    ordering = ["-planned_on", "-pk"]

    def base_queryset(self) -> QuerySet[Reflection]:
        # Actions come in their model's order (due date first).
        return Reflection.objects.prefetch_related("participants", "actions")

    def perform_create(self, data: dict[str, Any]) -> Reflection:
        user = self.request.user
        team = selectors.team_get(user=user, pk=data["team"], request=self.request)
        wanted = {*data.get("participants", [])}
        if data.get("facilitator"):
            wanted.add(data["facilitator"])
        members = {
            m.pk: m
            for m in selectors.member_choices(user=user, team=team, request=self.request).filter(
                pk__in=wanted
            )
        }
        if wanted - set(members):
            raise ApplicationError(
                _("Facilitator and participants must be members of the team."),
                field="participants",
            )
        return services.reflection_plan(
            user=user,
            team=team,
            title=data["title"],
            planned_on=data["planned_on"],
            facilitator=members.get(data.get("facilitator") or 0),
            participants=[members[pk] for pk in data.get("participants", [])],
            note=data.get("note", ""),
        )
