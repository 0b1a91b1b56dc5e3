"""/api/v1/instruments/ (reference data, read only) and /api/v1/assessments/ (scores of
residents, under a consent that covers self-sufficiency scores, as on the resident page;
recorded through the same service as the conversation form)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from wijkkompas.accounts.access import restrict
from wijkkompas.accounts.constants import Action
from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    RetrieveMixin,
    ScopedViewSet,
    problem_responses,
)
from wijkkompas.audit.constants import Purpose
from wijkkompas.residents import selectors as resident_selectors

from .. import services
from ..models import Assessment, Instrument, InstrumentVersion
from .serializers import AssessmentInputSerializer, AssessmentSerializer, InstrumentSerializer


@extend_schema_view(
    list=extend_schema(summary="Instruments with their versions", tags=["instruments"]),
    retrieve=extend_schema(summary="One instrument", tags=["instruments"]),
)
class InstrumentViewSet(ListMixin, RetrieveMixin, ScopedViewSet):
    access_model = Instrument
    scope_family = ScopeFamily.CASES
    serializer_class = InstrumentSerializer
    filterset_fields = {"code": ["exact"], "kind": ["exact"], "municipality": ["exact"]}
    ordering_fields = ["pk", "name"]
    ordering = ["name", "pk"]

    def base_queryset(self) -> QuerySet[Instrument]:
        return Instrument.objects.prefetch_related(
            "versions", "versions__domains", "versions__levels"
        )


def _in_scope(model: Any, user: Any, pk: int | None, field: str, message: Any) -> Any:
    """The object ``pk`` of ``model`` the user may see, or a 400 on ``field``."""
    if pk is None:
        return None
    found = restrict(model._default_manager.all(), user, Action.VIEW).filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: [message]})
    return found


@extend_schema_view(
    list=extend_schema(summary="Assessments (ZRM, ladder) the user may see", tags=["assessments"]),
    retrieve=extend_schema(summary="One assessment with its scores", tags=["assessments"]),
    create=extend_schema(
        summary="Record an assessment",
        tags=["assessments"],
        responses={201: AssessmentSerializer, **problem_responses(404)},
    ),
    export=extend_schema(summary="Export assessments", tags=["assessments"]),
)
class AssessmentViewSet(ListMixin, RetrieveMixin, CreateMixin, ExportMixin, ScopedViewSet):
    access_model = Assessment
    scope_family = ScopeFamily.CASES
    purpose = Purpose.SUPPORT
    subject_field = "resident_id"
    serializer_class = AssessmentSerializer
    input_serializer_class = AssessmentInputSerializer
    filterset_fields = {
        "resident": ["exact"],
        "version": ["exact"],
        "version__instrument": ["exact"],
        "conversation": ["exact"],
        "review": ["exact"],
        "assessed_on": ["exact", "gte", "lte"],
    }
    ordering_fields = ["pk", "assessed_on"]
    ordering = ["-assessed_on", "-pk"]

    def base_queryset(self) -> QuerySet[Assessment]:
        return Assessment.objects.select_related("version").prefetch_related("scores__domain")

    def perform_create(self, data: dict[str, Any]) -> Assessment:
        user = self.request.user
        resident = resident_selectors.resident_get(
            user=user,
            pk=data["resident"],
            action=Action.CHANGE,
            purpose=Purpose.SUPPORT,
            request=self.request,
        )
        version = _in_scope(
            InstrumentVersion,
            user,
            data["version"],
            "version",
            _("This instrument is not available."),
        )
        related = {
            name: Assessment._meta.get_field(name).related_model
            for name in ("conversation", "review")
        }
        return services.assessment_record(
            user=user,
            resident=resident,
            version=version,
            scores={score["domain_code"]: score["value"] for score in data["scores"]},
            assessed_on=data["assessed_on"],
            conversation=_in_scope(
                related["conversation"],
                user,
                data.get("conversation"),
                "conversation",
                _("The conversation is not about this resident."),
            ),
            review=_in_scope(
                related["review"],
                user,
                data.get("review"),
                "review",
                _("The review is not of this resident's household."),
            ),
            request=self.request,
        )
