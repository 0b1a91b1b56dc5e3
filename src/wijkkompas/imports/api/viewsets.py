"""/api/v1/imports/: the user's own import jobs (read-only): status, counts, progress."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import ListMixin, RetrieveMixin, ScopedViewSet

from ..models import ImportJob
from .serializers import ImportJobSerializer


@extend_schema_view(
    list=extend_schema(summary="Your import jobs", tags=["imports"]),
    retrieve=extend_schema(summary="One of your import jobs", tags=["imports"]),
)
class ImportJobViewSet(ListMixin, RetrieveMixin, ScopedViewSet):
    """Only the jobs the user uploaded (another user's job is a 404, as on the pages)."""

    access_model = ImportJob
    scope_family = ScopeFamily.CASES
    serializer_class = ImportJobSerializer
    filterset_fields = {
        "team": ["exact"],
        "kind": ["exact"],
        "status": ["exact"],
        "created_at": ["gte", "lte"],
    }
    ordering_fields = ["pk", "created_at"]
    ordering = ["-created_at", "-pk"]

    def base_queryset(self) -> QuerySet[ImportJob]:
        return ImportJob.objects.filter(created_by_id=self.request.user.pk)
