"""/api/v1/indicators/ and /api/v1/stories/.

* ``indicators``: the catalogue's results for a scope and period — the same figures as the
  dashboards, through the same selectors (``scope_subject``, ``indicator_results``):
  exact for team roles, suppressed for every other role. A role without dashboards gets
  403, a municipality or team outside the user's scope 404, as on the pages.
* ``stories``: the stories the user may see (by their visibility), added through the
  same service as the page. The photo is not in the JSON; ``photo_url`` is the page that
  sends it to those who may see the story.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.exceptions import TooManyRows
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    PageLikeChangeLookup,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
    etag_of,
    require_if_match,
)
from wijkkompas.core import exports

from .. import selectors, services
from ..catalogue import Period, Scope
from ..models import Story
from .serializers import (
    IndicatorListSerializer,
    IndicatorQuerySerializer,
    IndicatorResultSerializer,
    IndicatorStoryChangeSerializer,
    IndicatorStoryInputSerializer,
    IndicatorStorySerializer,
)

TAG = ["indicators"]
_SCOPE_PARAMETERS = [
    OpenApiParameter(
        "municipality", OpenApiTypes.INT, description="Municipality id (or give a team)."
    ),
    OpenApiParameter("team", OpenApiTypes.INT, description="Team id: the team's dashboard."),
    OpenApiParameter("district", OpenApiTypes.INT, description="Narrow to a district."),
    OpenApiParameter("neighbourhood", OpenApiTypes.INT, description="Narrow to a neighbourhood."),
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        description='"<month|quarter|year>:<first day>", e.g. "year:2026-01-01" '
        "(default: the current year).",
    ),
]
_CODE = OpenApiParameter(
    "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Code of the indicator."
)
_IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="ETag of the story (from a GET).",
)
_FORMAT = OpenApiParameter(
    "formaat", OpenApiTypes.STR, enum=["csv", "xlsx", "json"], description="csv, xlsx or json."
)


@extend_schema_view(
    list=extend_schema(
        summary="Indicators of a scope and period, as the dashboard shows them",
        tags=TAG,
        parameters=_SCOPE_PARAMETERS,
        responses={200: IndicatorListSerializer},
    ),
    retrieve=extend_schema(
        summary="One indicator of a scope and period",
        tags=TAG,
        parameters=[_CODE, *_SCOPE_PARAMETERS],
        responses={200: IndicatorResultSerializer},
    ),
    export=extend_schema(
        summary="Export the indicators of a scope and period",
        tags=TAG,
        parameters=[*_SCOPE_PARAMETERS, _FORMAT],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, exports.CONTENT_TYPES[exports.XLSX]): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/json"): OpenApiResponse(OpenApiTypes.BINARY),
        },
    ),
)
class IndicatorViewSet(ScopedViewSet):
    """Not a model: the permission layer is the same (``Story``'s policy for the role,
    403; ``scope_subject`` for the scope, 404), the figures come from the selectors."""

    access_model = Story
    scope_family = ScopeFamily.LEARNING
    serializer_class = IndicatorResultSerializer
    pagination_class = None  # type: ignore[assignment]
    filter_backends: ClassVar[Sequence[type]] = []  # type: ignore[misc]
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9_]+"

    def scope_and_period(self) -> tuple[Scope, Any, Period]:
        query = IndicatorQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        scope, subject = selectors.scope_subject(
            user=self.request.user,
            municipality_id=data.get("municipality"),
            team_id=data.get("team"),
            district_id=data.get("district"),
            neighbourhood_id=data.get("neighbourhood"),
            request=self.request,
        )
        period = data.get("period") or selectors.period_or_current(None)
        return scope, subject, period

    def results(self, codes: list[str] | None = None) -> list[Any]:
        scope, _subject, period = self.scope_and_period()
        return selectors.indicator_results(
            user=self.request.user, scope=scope, period=period, codes=codes
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        results = self.results()
        data = IndicatorResultSerializer(results, many=True, context={"request": request}).data
        return Response({"count": len(data), "results": data})

    def retrieve(self, request: Request, *args: Any, code: str = "", **kwargs: Any) -> Response:
        if selectors.definition_of(code) is None:
            raise Http404
        result = self.results([code])[0]
        data = IndicatorResultSerializer(result, context={"request": request}).data
        return Response(data, headers={"ETag": etag_of(data)})

    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = (request.query_params.get("formaat") or exports.CSV).strip().lower()
        if fmt not in (exports.CSV, exports.XLSX, "json"):
            raise TooManyRows(_("Choose csv, xlsx or json as the export format."))
        scope, subject, period = self.scope_and_period()
        results = selectors.indicator_results(user=request.user, scope=scope, period=period)
        name = f"indicatoren-{subject.name}-{period.key.replace(':', '-')}"
        if fmt == "json":
            data = IndicatorResultSerializer(results, many=True, context={"request": request}).data
            response = Response(data)
            response["Content-Disposition"] = (
                f'attachment; filename="{exports.file_name(name, "json")}"'
            )
            return response
        header, rows = selectors.export_rows(results)
        d_header, d_rows = selectors.definition_rows([r.code for r in results])
        sheets = [
            exports.Sheet(_("Indicators"), header, rows),
            exports.Sheet(_("Definitions"), d_header, d_rows),
        ]
        return exports.export_response(filename=name, fmt=fmt, sheets=sheets)


STORY_TAG = ["stories"]


@extend_schema_view(
    list=extend_schema(summary="Stories the user may see", tags=STORY_TAG),
    retrieve=extend_schema(summary="One story", tags=STORY_TAG),
    create=extend_schema(summary="Add a story to a figure", tags=STORY_TAG),
    update=extend_schema(
        summary="Change a story", tags=STORY_TAG, request=IndicatorStoryChangeSerializer
    ),
    partial_update=extend_schema(
        summary="Change part of a story", tags=STORY_TAG, request=IndicatorStoryChangeSerializer
    ),
    withdraw=extend_schema(
        summary="Withdraw a story (it is shown nowhere any more; its photo is deleted)",
        tags=STORY_TAG,
        request=None,
        parameters=[_IF_MATCH],
        responses={204: None},
    ),
    export=extend_schema(summary="Export stories", tags=STORY_TAG),
)
class StoryViewSet(
    PageLikeChangeLookup,
    ListMixin,
    RetrieveMixin,
    CreateMixin,
    UpdateMixin,
    ExportMixin,
    ScopedViewSet,
):
    access_model = Story
    scope_family = ScopeFamily.LEARNING
    serializer_class = IndicatorStorySerializer
    input_serializer_class = IndicatorStoryInputSerializer
    public_read = True
    filterset_fields = {
        "municipality": ["exact"],
        "team": ["exact"],
        "district": ["exact"],
        "neighbourhood": ["exact"],
        "indicator": ["exact"],
        "visibility": ["exact"],
        "created_at": ["gte", "lte"],
    }
    ordering_fields = ["pk", "created_at"]
    ordering = ["-created_at", "-pk"]
    lookup_value_regex = "[0-9]+"
    change_actions = ("update", "partial_update", "withdraw")

    def base_queryset(self) -> QuerySet[Story]:
        return selectors.stories_visible(user=self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update") and not getattr(self, "_output", False):
            return IndicatorStoryChangeSerializer
        return super().get_serializer_class()

    def perform_update(self, instance: Story, data: dict[str, Any]) -> Story:
        values = {name: getattr(instance, name) for name in services.EDITABLE}
        values.update(data)
        return services.story_update(user=self.request.user, story=instance, **values)

    @action(detail=True, methods=["post"], url_path="withdraw")
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            story = self.get_object()
            require_if_match(self, request, story)
            services.story_withdraw(user=request.user, story=story)
        return Response(status=204)

    def perform_create(self, data: dict[str, Any]) -> Story:
        user: Any = self.request.user
        team_id = data.get("team")
        municipality_id = data.get("municipality")
        if team_id is None and municipality_id is None:
            municipality_id = user.municipality_id
        scope, _subject = selectors.scope_subject(
            user=user, municipality_id=municipality_id, team_id=team_id, request=self.request
        )
        if not selectors.may_write_story(user=user, scope=scope):
            raise PermissionDenied
        return services.story_create(
            user=user,
            scope=scope,
            indicator=data["indicator"],
            period=data.get("period"),
            narrative=data["narrative"],
            author_kind=data["author_kind"],
            visibility=data["visibility"],
            title=data.get("title", ""),
            names_people=data["names_people"],
            consent_given=data["consent_given"],
        )
