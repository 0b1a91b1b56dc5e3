"""/api/v1/plans/ and /api/v1/case-discussions/: the plans the user may see (consent for
the plan, as on the plan page), started and changed through the plans services with
If-Match, and the closed case discussions the user takes part in (read only). Every read
is logged with every resident of the household as subject."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from wijkkompas.accounts.constants import Action
from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
)
from wijkkompas.audit.constants import Purpose
from wijkkompas.residents import selectors as resident_selectors

from .. import selectors, services
from ..models import CaseDiscussion, Decision, Participant, Plan
from .serializers import CaseDiscussionSerializer, PlanInputSerializer, PlanSerializer


class _HouseholdSubjects:
    """Plan data is about every resident of the household (as the pages log it)."""

    def subjects_of(self, objects: Any) -> list[int]:
        return selectors.resident_ids_of(obj.household_id for obj in objects)


def _coordinator(pk: int | None, *, municipality_id: int) -> Any:
    """The account ``pk`` of the household's municipality, or a 400 (the service checks
    the role, the team and the consent)."""
    if pk is None:
        return None
    user = get_user_model()._default_manager.filter(pk=pk, municipality_id=municipality_id)
    found = user.first()
    if found is None:
        raise serializers.ValidationError(
            {
                "coordinator": [
                    _(
                        "The coordinator must be a professional or coordinator of the "
                        "household's team."
                    )
                ]
            }
        )
    return found


@extend_schema_view(
    list=extend_schema(summary="Plans the user may see", tags=["plans"]),
    retrieve=extend_schema(
        summary="One plan with goals, actions, appointments and reviews", tags=["plans"]
    ),
    create=extend_schema(summary="Start the plan of a household", tags=["plans"]),
    update=extend_schema(summary="Change a plan's summary and coordinator", tags=["plans"]),
    partial_update=extend_schema(summary="Change part of a plan", tags=["plans"]),
    export=extend_schema(summary="Export plans", tags=["plans"]),
)
class PlanViewSet(
    _HouseholdSubjects,
    ListMixin,
    RetrieveMixin,
    CreateMixin,
    UpdateMixin,
    ExportMixin,
    ScopedViewSet,
):
    access_model = Plan
    scope_family = ScopeFamily.CASES
    purpose = Purpose.CASE_COORDINATION
    serializer_class = PlanSerializer
    input_serializer_class = PlanInputSerializer
    filterset_fields = {
        "team": ["exact"],
        "household": ["exact"],
        "coordinator": ["exact"],
        "status": ["exact"],
        "started_on": ["exact", "gte", "lte"],
        "next_review_on": ["exact", "gte", "lte"],
    }
    ordering_fields = ["pk", "started_on", "next_review_on"]
    ordering = ["pk"]

    def base_queryset(self) -> QuerySet[Plan]:
        children: Any = selectors._children(self.request.user)
        return Plan.objects.prefetch_related(*children)

    def perform_create(self, data: dict[str, Any]) -> Plan:
        household = resident_selectors.household_get(
            user=self.request.user,
            pk=data["household"],
            action=Action.CHANGE,
            purpose=Purpose.CASE_COORDINATION,
            request=self.request,
        )
        return services.plan_create(
            user=self.request.user,
            household=household,
            coordinator=_coordinator(
                data.get("coordinator"), municipality_id=household.municipality_id
            ),
            summary=data.get("summary", ""),
            started_on=data.get("started_on"),
            first_review_on=data.get("first_review_on"),
            request=self.request,
        )

    def perform_update(self, instance: Plan, data: dict[str, Any]) -> Plan:
        coordinator = (
            _coordinator(data["coordinator"], municipality_id=instance.municipality_id)
            if "coordinator" in data
            else instance.coordinator
        )
        plan = services.plan_update(
            user=self.request.user,
            plan=instance,
            version=instance.version,
            summary=data.get("summary", instance.summary),
            coordinator=coordinator,
            request=self.request,
        )
        return self.base_queryset().get(pk=plan.pk)


@extend_schema_view(
    list=extend_schema(
        summary="Case discussions the user takes part in", tags=["case-discussions"]
    ),
    retrieve=extend_schema(
        summary="One case discussion with its decisions", tags=["case-discussions"]
    ),
    export=extend_schema(summary="Export case discussions", tags=["case-discussions"]),
)
class CaseDiscussionViewSet(
    _HouseholdSubjects, ListMixin, RetrieveMixin, ExportMixin, ScopedViewSet
):
    access_model = CaseDiscussion
    scope_family = ScopeFamily.CASES
    purpose = Purpose.CASE_DISCUSSION
    serializer_class = CaseDiscussionSerializer
    filterset_fields = {
        "team": ["exact"],
        "household": ["exact"],
        "plan": ["exact"],
        "status": ["exact"],
        "scheduled_at": ["gte", "lte"],
    }
    ordering_fields = ["pk", "scheduled_at"]
    ordering = ["-scheduled_at", "-pk"]

    def base_queryset(self) -> QuerySet[CaseDiscussion]:
        parts: Any = [
            Prefetch("participants", queryset=Participant.objects.order_by("pk")),
            Prefetch(
                "decisions", queryset=Decision.objects.select_related("action").order_by("pk")
            ),
        ]
        return CaseDiscussion.objects.prefetch_related(*parts)
