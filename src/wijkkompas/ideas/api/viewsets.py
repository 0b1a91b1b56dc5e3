"""/api/v1/ideas/: residents' ideas as the idea pages show them.

* Signed in: the policy officer and the administrator read the ideas of their municipality,
  team roles those of their teams (other roles 403, as on ``ideas:list``); a published idea
  of elsewhere is readable one by one, as on its public page.
* Without an account: published ideas only (``public_read``), with the public fields.
* The idea's team (and the administrator) moderate and choose the coach through the same
  services as the pages, with If-Match.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from wijkkompas.accounts.access import restrict
from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import (
    ExportMixin,
    ListMixin,
    PageLikeChangeLookup,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
)
from wijkkompas.core.exceptions import ApplicationError

from .. import selectors, services
from ..models import Idea
from .serializers import DECISION_PUBLISH, DECISION_REJECT, IdeaInputSerializer, IdeaSerializer

TAGS = ["ideas"]


@extend_schema_view(
    list=extend_schema(summary="Residents' ideas the user may see", tags=TAGS),
    retrieve=extend_schema(summary="One idea", tags=TAGS),
    update=extend_schema(summary="Moderate an idea or choose its coach", tags=TAGS),
    partial_update=extend_schema(summary="Moderate an idea or choose its coach", tags=TAGS),
    export=extend_schema(summary="Export ideas", tags=TAGS),
)
class IdeaViewSet(
    PageLikeChangeLookup, ListMixin, RetrieveMixin, UpdateMixin, ExportMixin, ScopedViewSet
):
    access_model = Idea
    scope_family = ScopeFamily.COLLECTIVE
    public_read = True
    serializer_class = IdeaSerializer
    input_serializer_class = IdeaInputSerializer
    filterset_fields = {
        "neighbourhood": ["exact"],
        "team": ["exact"],
        "status": ["exact"],
        "created_at": ["gte", "lte"],
    }
    ordering_fields = ["pk", "created_at", "published_at"]
    ordering = ["-created_at", "-pk"]

    def base_queryset(self) -> QuerySet[Idea]:
        return Idea.objects.select_related("neighbourhood__district").annotate(
            supporter_count=Count("supporters", distinct=True)
        )

    def get_queryset(self) -> QuerySet[Idea]:
        queryset = super().get_queryset()
        user: Any = self.request.user
        if self.action in ("list", "export") and user.is_authenticated and not user.is_superuser:
            # The municipality's list, as on the page (selectors.idea_list).
            queryset = queryset.filter(
                neighbourhood__district__municipality_id=user.municipality_id
            )
        return queryset

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args and "data" not in kwargs:
            rows = list(args[0]) if kwargs.get("many") else [args[0]]
            kwargs["context"] = {**self.get_serializer_context(), **self._visibility(rows)}
        return super().get_serializer(*args, **kwargs)

    def _visibility(self, rows: list[Idea]) -> dict[str, Any]:
        """What of these ideas the user may see beyond their public fields (three queries
        a page, whatever its length)."""
        user: Any = self.request.user
        if not rows or not user.is_authenticated:
            return {}
        from wijkkompas.teams.models import Team

        team_ids = {idea.team_id for idea in rows if idea.team_id is not None}
        ids = [idea.pk for idea in rows]
        return {
            "visible_team_ids": set(
                restrict(Team.objects.filter(pk__in=team_ids), user).values_list("pk", flat=True)
            ),
            "changeable_ids": selectors.changeable_idea_ids(user=user, ids=ids),
            "staff_ids": {
                idea.pk
                for idea in rows
                if user.is_superuser
                or idea.neighbourhood.district.municipality_id == user.municipality_id
            },
        }

    def perform_update(self, instance: Idea, data: dict[str, Any]) -> Idea:
        user: Any = self.request.user
        idea = instance
        if "coach" in data:
            coach = None
            if data["coach"] is not None:
                coach = get_user_model().objects.filter(pk=data["coach"]).first()
                if coach is None:
                    raise ApplicationError(
                        _("The coach must be a member of the team that serves the neighbourhood."),
                        field="coach",
                    )
            idea = services.idea_assign_coach(idea=idea, user=user, coach=coach)
        decision = data.get("decision")
        if decision == DECISION_PUBLISH:
            idea = services.idea_publish(
                idea=idea, user=user, title=data.get("title"), description=data.get("description")
            )
        elif decision == DECISION_REJECT:
            idea = services.idea_reject(
                idea=idea, user=user, reason=data.get("rejection_reason", "")
            )
        elif {"title", "description", "rejection_reason"} & set(data):
            raise ApplicationError(_("Choose to publish or to reject the idea."), field="decision")
        return selectors.idea_get(user=user, pk=idea.pk)
