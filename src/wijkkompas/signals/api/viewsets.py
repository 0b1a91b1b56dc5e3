"""/api/v1/area-signals/ and /api/v1/themes/: the aggregates of the signals page for one
area and period, the same answer as the page gives the same role.

Team roles get exact counts and example sentences; the policy officer, the administrator
and researchers (of municipalities that share) get suppressed counts and terms only, for
whole years; other roles 403; an area the user may not see 404. Digests and anything about
one resident are never read here. Aggregates are no personal data: nothing is logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.schema import ApiAutoSchema
from wijkkompas.api.serializers import ProblemSerializer
from wijkkompas.api.viewsets import ScopedViewSet

from .. import sections, selectors
from ..constants import PeriodKind
from ..forms import PickerForm
from ..models import AreaSignal, Theme
from ..suppression import for_case_role
from .serializers import AreaSignalQuerySerializer, AreaSignalsSerializer, ThemesSerializer

TAGS = ["signals"]
NOT_FOUND = {(404, "application/problem+json"): ProblemSerializer}


class OnePageSchema(ApiAutoSchema):
    """The collection's GET answers one object (the page of one area and period), not a
    list of rows."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class _SignalPageViewSet(ScopedViewSet):
    """One area and period, checked by the page's own picker form."""

    scope_family = ScopeFamily.COLLECTIVE
    schema = OnePageSchema()
    pagination_class: Any = None  # one object, not a page of rows
    filter_backends: ClassVar[Sequence[type]] = []  # type: ignore[misc]

    def page(self, request: Request) -> tuple[dict[str, Any], sections.Page | None]:
        query = AreaSignalQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        user: Any = request.user
        areas = selectors.area_choices(user=user)
        period = data["period"]
        year_only = not for_case_role(user)
        if year_only and period != PeriodKind.YEAR:
            raise serializers.ValidationError({"period": [_("Your role sees whole years only.")]})
        start = selectors.period_start(data.get("start") or timezone.localdate(), period)
        head: dict[str, Any] = {"area_kind": None, "area_id": None, "period": period}
        head.update(start=start, has_data=False, period_label=selectors.period_label(start, period))
        if "area_kind" not in data:
            if not areas:
                return head, None  # nothing to pick, as the page shows
            value = areas[0].value  # the page's default
        else:
            value = f"{data['area_kind']}-{data['area_id']}"
        if value not in {a.value for a in areas}:
            raise Http404  # not an area this user may see, as on the page
        form = PickerForm(
            {"area": value, "period": period, "start": start.isoformat()},
            areas=areas,
            year_only=year_only,
        )
        if not form.is_valid():
            raise serializers.ValidationError(
                {"start": [_("Choose one of the periods the signals page offers.")]}
            )
        choice = form.areas[value]
        signals = selectors.area_signals(
            user=user, area_kind=choice.kind, area_id=choice.id, period=period, start=start
        )
        head.update(area_kind=choice.kind, area_id=choice.id, has_data=bool(signals.rows))
        return head, sections.build_page(user=user, signals=signals)


@extend_schema(parameters=[AreaSignalQuerySerializer], tags=TAGS)
class AreaSignalViewSet(_SignalPageViewSet):
    access_model = AreaSignal
    serializer_class = AreaSignalsSerializer

    @extend_schema(
        summary="The signal figures of one area and period, as the signals page",
        responses={200: AreaSignalsSerializer, **NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        head, page = self.page(request)
        exact = for_case_role(request.user)
        data = {
            **head,
            "exact": page.exact if page else exact,
            "explanation": page.explanation if page else "",
            "collective_share": page.collective_share if page else "–",
            "headline": page.headline if page else [],
            "tables": page.tables if page else [],
        }
        return Response(AreaSignalsSerializer(data).data)


@extend_schema(parameters=[AreaSignalQuerySerializer], tags=TAGS)
class ThemeViewSet(_SignalPageViewSet):
    access_model = Theme
    serializer_class = ThemesSerializer

    @extend_schema(
        summary="The recurring themes of one area and period, as the signals page",
        responses={200: ThemesSerializer, **NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        head, page = self.page(request)
        data = {
            "area_kind": head["area_kind"],
            "area_id": head["area_id"],
            "period": head["period"],
            "start": head["start"],
            "exact": page.exact if page else for_case_role(request.user),
            "themes": page.themes if page else [],
        }
        return Response(ThemesSerializer(data).data)
