"""/api/v1/self-assessment-rounds/ and /api/v1/self-assessments/: the rounds and the
assessments the user may see on the pages (the policy officer and team lead their own,
researchers the submitted ones of municipalities that share), read-only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
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
    UpdateMixin,
)
from wijkkompas.teams import selectors as team_selectors

from .. import selectors, services
from ..models import MeasurementRound, SelfAssessment
from .serializers import (
    AssessmentAnswersSerializer,
    AssessmentStartSerializer,
    ComparisonSerializer,
    MeasurementRoundSerializer,
    SelfAssessmentSerializer,
)

TAG = ["self-assessments"]


@extend_schema_view(
    list=extend_schema(summary="Measurement rounds with their questions", tags=TAG),
    retrieve=extend_schema(summary="One measurement round", tags=TAG),
    comparison=extend_schema(
        summary="The comparison of a round across municipalities, as the page shows it",
        tags=TAG,
        responses={200: ComparisonSerializer},
    ),
)
class MeasurementRoundViewSet(ListMixin, RetrieveMixin, ScopedViewSet):
    """Rounds are the same for every municipality; who may read them is who uses the
    self-assessment pages (``SelfAssessment``'s policy, 403 otherwise)."""

    access_model = SelfAssessment
    scope_family = ScopeFamily.LEARNING
    serializer_class = MeasurementRoundSerializer
    ordering = ["order", "pk"]
    ordering_fields = ["pk", "order", "held_on"]

    def get_queryset(self) -> QuerySet[Any]:
        return MeasurementRound.objects.select_related("questionnaire").prefetch_related(
            "questionnaire__questions"
        )

    @action(detail=True, methods=["get"], url_path="comparison", pagination_class=None)
    def comparison(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        result = selectors.comparison(user=request.user, measurement_round=self.get_object())
        return Response(ComparisonSerializer(result).data)


@extend_schema_view(
    list=extend_schema(summary="Self-assessments the user may see", tags=TAG),
    retrieve=extend_schema(summary="One self-assessment with its answers", tags=TAG),
    create=extend_schema(
        summary="Start (or find) the assessment of a round",
        tags=TAG,
        request=AssessmentStartSerializer,
    ),
    update=extend_schema(
        summary="Save or submit answers", tags=TAG, request=AssessmentAnswersSerializer
    ),
    partial_update=extend_schema(
        summary="Save or submit answers", tags=TAG, request=AssessmentAnswersSerializer
    ),
    export=extend_schema(summary="Export self-assessments", tags=TAG),
)
class SelfAssessmentViewSet(
    PageLikeChangeLookup,
    ListMixin,
    RetrieveMixin,
    CreateMixin,
    UpdateMixin,
    ExportMixin,
    ScopedViewSet,
):
    access_model = SelfAssessment
    scope_family = ScopeFamily.LEARNING
    serializer_class = SelfAssessmentSerializer
    input_serializer_class = AssessmentAnswersSerializer
    lookup_value_regex = "[0-9]+"
    filterset_fields = {
        "round": ["exact"],
        "municipality": ["exact"],
        "team": ["exact"],
        "status": ["exact"],
    }
    ordering_fields = ["pk", "submitted_at"]

    def base_queryset(self) -> QuerySet[SelfAssessment]:
        # Readers (researchers) see submitted assessments only, as on the pages.
        return selectors.assessment_list(user=self.request.user).prefetch_related(
            "answers__question"
        )

    def get_serializer_class(self) -> Any:
        if self.action == "create" and not getattr(self, "_output", False):
            return AssessmentStartSerializer
        return super().get_serializer_class()

    def perform_create(self, data: dict[str, Any]) -> SelfAssessment:
        user = self.request.user
        if user.is_superuser:
            raise PermissionDenied  # the operator belongs to no municipality, as on the page
        measurement_round = selectors.round_get(pk=data["round"])
        team = None
        if data.get("team"):
            team = team_selectors.team_get(user=user, pk=data["team"], request=self.request)
        assessment = services.assessment_start(
            user=user, measurement_round=measurement_round, team=team
        )
        return self.get_queryset().get(pk=assessment.pk)

    def perform_update(self, instance: SelfAssessment, data: dict[str, Any]) -> SelfAssessment:
        answers = {
            a["question_code"]: {k: v for k, v in a.items() if k != "question_code"}
            for a in data.get("answers", [])
        }
        if data.get("submit"):
            services.assessment_submit(user=self.request.user, assessment=instance, answers=answers)
        else:
            services.assessment_save(user=self.request.user, assessment=instance, answers=answers)
        return self.get_queryset().get(pk=instance.pk)
