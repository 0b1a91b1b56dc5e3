"""/api/v1/reflections/: the reflection sessions of the user's teams with the follow-up
actions decided in them, as the team's pages show them; planned through the same service
(its team lead)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    PageLikeChangeLookup,
    RetrieveMixin,
    ScopedViewSet,
    require_if_match,
)
from wijkkompas.core.exceptions import ApplicationError

from .. import selectors, services
from ..models import Reflection
from .serializers import (
    FollowUpActionInputSerializer,
    ReflectionPlanSerializer,
    ReflectionRecordSerializer,
    ReflectionSerializer,
)

TAG = ["reflections"]
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="ETag of the session (from a GET).",
)


@extend_schema_view(
    list=extend_schema(summary="Reflection sessions of the user's teams", tags=TAG),
    retrieve=extend_schema(summary="One reflection session with its actions", tags=TAG),
    create=extend_schema(summary="Plan a reflection session", tags=TAG),
    record=extend_schema(
        summary="Record a planned session as held",
        tags=TAG,
        request=ReflectionRecordSerializer,
        responses={200: ReflectionSerializer},
        parameters=[IF_MATCH],
    ),
    add_action=extend_schema(
        summary="Record a decision of the session as a follow-up action",
        tags=TAG,
        request=FollowUpActionInputSerializer,
        responses={201: ReflectionSerializer},
        parameters=[IF_MATCH],
    ),
    export=extend_schema(summary="Export reflection sessions", tags=TAG),
)
class ReflectionViewSet(
    PageLikeChangeLookup, ListMixin, RetrieveMixin, CreateMixin, ExportMixin, ScopedViewSet
):
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
    lookup_value_regex = "[0-9]+"
    change_actions = ("record", "add_action")

    def base_queryset(self) -> QuerySet[Reflection]:
        # Actions come in their model's order (due date first).
        return Reflection.objects.prefetch_related("participants", "actions")

    def members(self, team: Any, wanted: set[int]) -> dict[int, Any]:
        """The memberships ``wanted`` of ``team`` (read as the page does), or a 400."""
        members = {
            m.pk: m
            for m in selectors.member_choices(
                user=self.request.user, team=team, request=self.request
            ).filter(pk__in=wanted)
        }
        if wanted - set(members):
            raise ApplicationError(
                _("Facilitator and participants must be members of the team."),
                field="participants",
            )
        return members

    def changed(self, serializer_class: Any) -> tuple[Reflection, dict[str, Any]]:
        """The session of a change (404/403 as the page) after its If-Match and input."""
        session = self.get_object()
        require_if_match(self, self.request, session)
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return session, dict(serializer.validated_data)

    @action(detail=True, methods=["post"], url_path="record")
    def record(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            session, data = self.changed(ReflectionRecordSerializer)
            participants = None
            if "participants" in data:
                people = self.members(session.team, set(data["participants"]))
                participants = [people[pk] for pk in data.pop("participants")]
            recorded = services.reflection_record(
                user=request.user,
                reflection=session,
                held_on=data.pop("held_on"),
                participants=participants,
                note=data.pop("note", ""),
                **data,
            )
            return self.written(self.get_queryset().get(pk=recorded.pk), status_code=200)

    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            session, data = self.changed(FollowUpActionInputSerializer)
            owner = selectors.owner_choices(team=session.team).filter(pk=data["owner"]).first()
            services.action_add(
                user=request.user,
                reflection=session,
                decision=data["decision"],
                owner=owner,
                due_date=data["due_date"],
            )
            return self.written(self.get_queryset().get(pk=session.pk), status_code=201)

    def perform_create(self, data: dict[str, Any]) -> Reflection:
        user = self.request.user
        team = selectors.team_get(user=user, pk=data["team"], request=self.request)
        wanted = {*data.get("participants", [])}
        if data.get("facilitator"):
            wanted.add(data["facilitator"])
        members = self.members(team, wanted)
        return services.reflection_plan(
            user=user,
            team=team,
            title=data["title"],
            planned_on=data["planned_on"],
            facilitator=members.get(data.get("facilitator") or 0),
            participants=[members[pk] for pk in data.get("participants", [])],
            note=data.get("note", ""),
        )
