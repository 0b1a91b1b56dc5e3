"""/api/v1/conversations/: the kitchen-table conversations the user may see, recorded and
changed through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from wijkkompas.accounts.constants import Action
from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
    problem_responses,
)
from wijkkompas.audit.constants import Purpose
from wijkkompas.residents import selectors as resident_selectors

from .. import services
from ..models import Conversation
from .serializers import ConversationInputSerializer, ConversationSerializer


@extend_schema_view(
    list=extend_schema(summary="Conversations the user may see", tags=["conversations"]),
    retrieve=extend_schema(summary="One conversation", tags=["conversations"]),
    create=extend_schema(
        summary="Record a conversation",
        tags=["conversations"],
        responses={201: ConversationSerializer, **problem_responses(404)},
    ),
    update=extend_schema(summary="Change a conversation", tags=["conversations"]),
    partial_update=extend_schema(summary="Change part of a conversation", tags=["conversations"]),
    export=extend_schema(summary="Export conversations", tags=["conversations"]),
)
class ConversationViewSet(
    ListMixin, RetrieveMixin, CreateMixin, UpdateMixin, ExportMixin, ScopedViewSet
):
    access_model = Conversation
    scope_family = ScopeFamily.CASES
    purpose = Purpose.SUPPORT
    subject_field = "resident_id"
    serializer_class = ConversationSerializer
    input_serializer_class = ConversationInputSerializer
    # The busiest list (api_list in make bench): kept while what it read is unchanged.
    keep_pages = True
    filterset_fields = {
        "team": ["exact"],
        "resident": ["exact"],
        "household": ["exact"],
        "author": ["exact"],
        "held_on": ["exact", "gte", "lte"],
        "place": ["exact"],
        "outcome": ["exact"],
        "is_wmo_report": ["exact"],
    }
    ordering_fields = ["pk", "held_on"]
    ordering = ["-held_on", "-pk"]

    def base_queryset(self) -> QuerySet[Conversation]:
        return Conversation.objects.all()

    def perform_create(self, data: dict[str, Any]) -> Conversation:
        values = dict(data)
        resident = resident_selectors.resident_get(
            user=self.request.user,
            pk=values.pop("resident"),
            action=Action.CHANGE,
            purpose=Purpose.SUPPORT,
            request=self.request,
        )
        return services.conversation_record(
            user=self.request.user, resident=resident, request=self.request, **values
        )

    def perform_update(self, instance: Conversation, data: dict[str, Any]) -> Conversation:
        values = {
            name: getattr(instance, name)
            for name in ConversationInputSerializer.Meta.fields
            if name != "resident"
        }
        values.update(data)
        return services.conversation_update(
            user=self.request.user,
            conversation=instance,
            expected_version=instance.version,
            request=self.request,
            **values,
        )
