"""/api/v1/time-splits/ and /api/v1/team-time-splits/: as on the time pages.

* ``time-splits``: the weeks the user may see — their own, and every member's of the
  teams they lead (the team lead) — read with the purpose "managing the team" (logged);
  a member records (or replaces) their own week through the page's service. Roles
  without time pages get 403, a week or team outside the user's scope 404.
* ``team-time-splits?team=<id>``: the team's split per week over the last half year with
  how many members filled in and the team's ambition, for the team roles of the team
  (the figures of the team's time page). Other roles read the suppressed indicator
  ``time_for_collective`` at ``/api/v1/indicators/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import CreateMixin, ListMixin, RetrieveMixin, ScopedViewSet
from wijkkompas.audit.constants import Purpose

from .. import selectors, services, weeks
from ..constants import TEAM_PAGE_WEEKS
from ..models import TimeSplit
from .serializers import (
    TeamSplitSerializer,
    TimeSplitInputSerializer,
    TimeSplitSerializer,
    row_data,
)

TAG = ["time for the collective"]


@extend_schema_view(
    list=extend_schema(
        summary="Weeks the user may see: their own, and their teams' as team lead", tags=TAG
    ),
    retrieve=extend_schema(summary="One member's week", tags=TAG),
    create=extend_schema(
        summary="Record (or replace) the user's own week in one of their teams", tags=TAG
    ),
)
class TimeSplitViewSet(ListMixin, RetrieveMixin, CreateMixin, ScopedViewSet):
    access_model = TimeSplit
    scope_family = ScopeFamily.LEARNING
    purpose = Purpose.TEAM_MANAGEMENT
    serializer_class = TimeSplitSerializer
    input_serializer_class = TimeSplitInputSerializer
    filterset_fields = {
        "team": ["exact"],
        "user": ["exact"],
        "week": ["exact", "gte", "lte"],
    }
    ordering_fields = ["pk", "week"]
    ordering = ["-week", "pk"]

    def base_queryset(self) -> QuerySet[TimeSplit]:
        return TimeSplit.objects.all()

    def perform_create(self, data: dict[str, Any]) -> TimeSplit:
        team = selectors.team_get(user=self.request.user, pk=data["team"], request=self.request)
        return services.time_split_record(
            user=self.request.user,
            team=team,
            week=data["week"],
            casework=data["casework"],
            collective=data["collective"],
            network=data["network"],
            overhead=data["overhead"],
            note=data.get("note", ""),
            request=self.request,
        )


class TeamQuerySerializer(serializers.Serializer):  # type: ignore[type-arg]
    team = serializers.IntegerField(min_value=1)


@extend_schema_view(
    list=extend_schema(
        summary="A team's time split per week, with the response and the ambition",
        tags=TAG,
        parameters=[
            OpenApiParameter("team", OpenApiTypes.INT, required=True, description="Team id.")
        ],
        responses={200: TeamSplitSerializer},
    ),
)
class TeamTimeSplitViewSet(ScopedViewSet):
    """Figures, not rows: ``TimeSplit``'s policy for the role (403), the team's scope for
    the team (404), as on the team's time page."""

    access_model = TimeSplit
    scope_family = ScopeFamily.LEARNING
    serializer_class = TeamSplitSerializer
    pagination_class = None  # type: ignore[assignment]
    filter_backends: ClassVar[Sequence[type]] = []  # type: ignore[misc]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = TeamQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        team = selectors.team_get(
            user=request.user, pk=query.validated_data["team"], request=request
        )
        if not selectors.may_view_team_split(user=request.user, team=team):
            raise PermissionDenied
        end = weeks.this_week() + dt.timedelta(weeks=1)
        split = selectors.team_split(
            user=request.user, team=team, start=end - dt.timedelta(weeks=TEAM_PAGE_WEEKS), end=end
        )
        data = {
            "team": team.pk,
            "by": split.by,
            "members": split.members,
            "collective_target": split.target,
            "total": row_data(split.total),
            "results": [row_data(row) for row in split.rows],
        }
        return Response(TeamSplitSerializer(data).data)
