"""/api/v1/work-groups/: the working groups the user sees, as on the pages (team roles of
the group's team, the policy officer and the administrator of the municipality), with the
craft mix in figures and the lesson once closed. Read only: groups are formed, changed and
closed on the pages. No personal data (the people in a group are not here): reads are not
logged."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from wijkkompas.accounts.access import may_use
from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import ExportMixin, ListMixin, RetrieveMixin, ScopedViewSet

from .. import selectors
from ..models import WorkGroup
from .serializers import WorkGroupSerializer

TAGS = ["work groups"]


@extend_schema_view(
    list=extend_schema(summary="Working groups the user may see", tags=TAGS),
    retrieve=extend_schema(summary="One working group with its craft mix", tags=TAGS),
    export=extend_schema(summary="Export working groups", tags=TAGS),
)
class WorkGroupViewSet(ListMixin, RetrieveMixin, ExportMixin, ScopedViewSet):
    access_model = WorkGroup
    scope_family = ScopeFamily.COLLECTIVE
    serializer_class = WorkGroupSerializer
    filterset_fields = {
        "team": ["exact"],
        "focus_kind": ["exact"],
        "started_on": ["gte", "lte"],
        "closed_on": ["gte", "lte", "isnull"],
    }
    ordering_fields = ["pk", "name", "started_on", "closed_on"]
    ordering = ["name", "pk"]
    lookup_value_regex = "[0-9]+"

    def base_queryset(self) -> QuerySet[WorkGroup]:
        return WorkGroup.objects.prefetch_related("opportunities", "initiatives")

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args:
            rows = list(args[0]) if kwargs.get("many") else [args[0]]
            kwargs["context"] = {**self.get_serializer_context(), **self._extra(rows)}
        return super().get_serializer(*args, **kwargs)

    def _extra(self, rows: list[Any]) -> dict[str, Any]:
        """The craft mix of the rows (one query) and whether the user sees opportunities."""
        opportunity = selectors.related_model(WorkGroup, "opportunities")
        return {
            "mixes": selectors.mixes_of([row.pk for row in rows]),
            "show_opportunities": may_use(self.request.user, opportunity),
        }
