"""/api/v1/initiatives/ and /api/v1/opportunities/, as on the initiative pages.

* Initiatives: team roles, the policy officer and the administrator read those of their
  municipality, researchers those of sharing municipalities, initiators those they run;
  team roles (own teams), the administrator and the initiators in charge change them, with
  If-Match, through the same services as the pages. Stage changes and stories are
  sub-resources (``stage-changes``, ``stories``) as the pages' own forms.
* Opportunities are the team's work in progress: team roles of the team only.
Neither holds personal data: reads are not logged (referrals, which are, are not here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from wijkkompas.accounts.access import may_use, restrict
from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.serializers import ProblemSerializer
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    PageLikeChangeLookup,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
    require_if_match,
)
from wijkkompas.core.exceptions import ApplicationError

from .. import selectors, services
from ..models import Initiative, InitiativeStory, Opportunity, OpportunityComment, StageChange
from .serializers import (
    CommentInputSerializer,
    InitiativeInputSerializer,
    InitiativeSerializer,
    OpportunityChangeSerializer,
    OpportunityInputSerializer,
    OpportunitySerializer,
    StageChangeInputSerializer,
    StoryInputSerializer,
)

TAGS = ["initiatives"]
PROBLEMS = {(code, "application/problem+json"): ProblemSerializer for code in (400, 404, 412, 428)}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the initiative (or opportunity) as last read.",
)


def _resolve(model: str, pk: int | None, field: str, message: Any, **lookup: Any) -> Any:
    """The object ``pk`` names (``None`` stays ``None``); an unknown id is a 400 on
    ``field``. Whether it may be used is for the service to say."""
    if pk is None:
        return None
    found = apps.get_model(model).objects.filter(pk=pk, **lookup).first()
    if found is None:
        raise ApplicationError(message, field=field)
    return found


def _resolve_many(model: str, pks: list[int], field: str, message: Any) -> list[Any]:
    found = list(apps.get_model(model).objects.filter(pk__in=set(pks)))
    if len(found) != len(set(pks)):
        raise ApplicationError(message, field=field)
    return found


def _related(data: dict[str, Any]) -> dict[str, Any]:
    """The input's ids as the objects the services take."""
    values = dict(data)
    if "team" in values:
        values["team"] = _resolve(
            "teams.Team", values["team"], "team", _("Choose one of your own teams.")
        )
    if "place" in values:
        values["place"] = _resolve(
            "places.Place",
            values["place"],
            "place",
            _("Choose a place of the initiative's municipality."),
        )
    many = {
        "neighbourhoods": (
            "areas.Neighbourhood",
            _("Choose neighbourhoods of the initiative's municipality."),
        ),
        "partner_organisations": (
            "organisations.Organisation",
            _("Choose partner organisations of the initiative's municipality."),
        ),
        "residents_in_charge": (
            "accounts.User",
            _("Residents in charge must be initiator accounts of the municipality."),
        ),
        "coaches": ("accounts.User", _("Coaches must be team members of the municipality.")),
    }
    for name, (model, message) in many.items():
        if name in values:
            values[name] = _resolve_many(model, values[name], name, message)
    return values


class SubResourceChange:
    """A change through a sub-resource (a stage change, a story, a comment) with the
    parent's ETag in ``If-Match``, exactly as ``UpdateMixin`` does for the object itself;
    the answer is the parent as it is now, with its new ETag."""

    def change_parent(
        self: Any,
        request: Request,
        serializer_class: type,
        perform: Callable[[Any, dict[str, Any]], Any],
        code: int,
    ) -> Response:
        with transaction.atomic():
            instance = self.get_object()
            require_if_match(self, request, instance)
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            perform(instance, serializer.validated_data)
            return self.written(self.base_queryset().get(pk=instance.pk), status_code=code)


@extend_schema_view(
    list=extend_schema(summary="Initiatives the user may see", tags=TAGS),
    retrieve=extend_schema(summary="One initiative with its stage history and stories", tags=TAGS),
    create=extend_schema(summary="Start an initiative", tags=TAGS),
    update=extend_schema(summary="Change an initiative", tags=TAGS),
    partial_update=extend_schema(summary="Change part of an initiative", tags=TAGS),
    export=extend_schema(summary="Export initiatives", tags=TAGS),
)
class InitiativeViewSet(
    PageLikeChangeLookup,
    SubResourceChange,
    ListMixin,
    RetrieveMixin,
    CreateMixin,
    UpdateMixin,
    ExportMixin,
    ScopedViewSet,
):
    access_model = Initiative
    scope_family = ScopeFamily.COLLECTIVE
    serializer_class = InitiativeSerializer
    input_serializer_class = InitiativeInputSerializer
    change_actions = ("update", "partial_update", "stage_change", "story")
    filterset_fields = {
        "team": ["exact"],
        "neighbourhoods": ["exact"],
        "stage": ["exact"],
        "level": ["exact"],
        "public": ["exact"],
        "updated_at": ["gte", "lte"],
    }
    ordering_fields = ["pk", "name", "updated_at"]
    ordering = ["name", "pk"]

    def base_queryset(self) -> QuerySet[Initiative]:
        return (
            Initiative.objects.annotate(referral_n=Count("referrals", distinct=True))
            .prefetch_related(
                "neighbourhoods", "partner_organisations", "residents_in_charge", "coaches"
            )
            .prefetch_related(
                Prefetch(
                    "stage_changes", queryset=StageChange.objects.order_by("-changed_at", "-pk")
                )
            )
            .prefetch_related(
                Prefetch(
                    "stories", queryset=InitiativeStory.objects.order_by("-created_at", "-pk")
                ),
            )
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Filtering on a to-many field (neighbourhoods) may repeat an initiative.
        return super().filter_queryset(queryset).distinct()

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args and "data" not in kwargs:
            rows = list(args[0]) if kwargs.get("many") else [args[0]]
            kwargs["context"] = {**self.get_serializer_context(), **self._visibility(rows)}
        return super().get_serializer(*args, **kwargs)

    def _visibility(self, rows: list[Initiative]) -> dict[str, Any]:
        """The teams and organisations of these rows the user may see, and whether they see
        names: two queries a page, whatever its length."""
        user: Any = self.request.user
        if not rows or not user.is_authenticated:
            return {}
        team = apps.get_model("teams", "Team")
        organisation = apps.get_model("organisations", "Organisation")
        team_ids = {row.team_id for row in rows if row.team_id is not None}
        org_ids = {o.pk for row in rows for o in row.partner_organisations.all()}
        return {
            "show_names": selectors.may_see_names(user=user),
            "visible_team_ids": set(
                restrict(team.objects.filter(pk__in=team_ids), user).values_list("pk", flat=True)
            )
            if team_ids and may_use(user, team)
            else set(),
            "visible_organisation_ids": set(
                restrict(organisation.objects.filter(pk__in=org_ids), user).values_list(
                    "pk", flat=True
                )
            )
            if org_ids
            else set(),
        }

    def _fresh(self, pk: int) -> Initiative:
        return self.base_queryset().get(pk=pk)

    def perform_create(self, data: dict[str, Any]) -> Initiative:
        initiative = services.initiative_create(user=self.request.user, **_related(data))
        return self._fresh(initiative.pk)

    def perform_update(self, instance: Initiative, data: dict[str, Any]) -> Initiative:
        services.initiative_update(user=self.request.user, initiative=instance, **_related(data))
        return self._fresh(instance.pk)

    @extend_schema(
        summary="Move the initiative to another stage (a stop needs the lesson learned)",
        tags=TAGS,
        request=StageChangeInputSerializer,
        responses={200: InitiativeSerializer, **PROBLEMS},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="stage-changes")
    def stage_change(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def perform(initiative: Initiative, data: dict[str, Any]) -> None:
            services.initiative_change_stage(user=request.user, initiative=initiative, **data)

        return self.change_parent(request, StageChangeInputSerializer, perform, status.HTTP_200_OK)

    @extend_schema(
        summary="Add a story to the initiative",
        tags=TAGS,
        request=StoryInputSerializer,
        responses={201: InitiativeSerializer, **PROBLEMS},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="stories")
    def story(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def perform(initiative: Initiative, data: dict[str, Any]) -> None:
            services.story_add(user=request.user, initiative=initiative, **data)

        return self.change_parent(request, StoryInputSerializer, perform, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Opportunities of the user's teams", tags=TAGS),
    retrieve=extend_schema(summary="One opportunity", tags=TAGS),
    create=extend_schema(summary="Make an opportunity of a signal or an idea", tags=TAGS),
    update=extend_schema(
        summary="Drop or reopen an opportunity, or link it to an initiative",
        tags=TAGS,
        request=OpportunityChangeSerializer,
    ),
    partial_update=extend_schema(
        summary="Drop or reopen an opportunity, or link it to an initiative",
        tags=TAGS,
        request=OpportunityChangeSerializer,
    ),
    export=extend_schema(summary="Export opportunities", tags=TAGS),
)
class OpportunityViewSet(
    PageLikeChangeLookup,
    SubResourceChange,
    ListMixin,
    RetrieveMixin,
    CreateMixin,
    UpdateMixin,
    ExportMixin,
    ScopedViewSet,
):
    access_model = Opportunity
    scope_family = ScopeFamily.COLLECTIVE
    serializer_class = OpportunitySerializer
    input_serializer_class = OpportunityInputSerializer
    filterset_fields = {
        "team": ["exact"],
        "status": ["exact"],
        "initiative": ["exact"],
        "idea": ["exact"],
        "created_at": ["gte", "lte"],
    }
    ordering_fields = ["pk", "created_at"]
    ordering = ["-created_at", "-pk"]

    change_actions = ("update", "partial_update", "comment")

    def base_queryset(self) -> QuerySet[Opportunity]:
        return Opportunity.objects.annotate(comment_count=Count("comments")).prefetch_related(
            Prefetch("comments", queryset=OpportunityComment.objects.order_by("created_at", "pk"))
        )

    @extend_schema(
        summary="Add to the team's discussion of the opportunity",
        tags=TAGS,
        request=CommentInputSerializer,
        responses={201: OpportunitySerializer, **PROBLEMS},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="comments")
    def comment(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def perform(opportunity: Opportunity, data: dict[str, Any]) -> None:
            services.opportunity_comment(user=request.user, opportunity=opportunity, **data)

        return self.change_parent(request, CommentInputSerializer, perform, status.HTTP_201_CREATED)

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update") and not getattr(self, "_output", False):
            return OpportunityChangeSerializer
        return super().get_serializer_class()

    def perform_create(self, data: dict[str, Any]) -> Opportunity:
        user: Any = self.request.user
        values = dict(data)
        values["team"] = _resolve(
            "teams.Team", values["team"], "team", _("Choose one of your own teams.")
        )
        idea = values.pop("idea", None)
        if idea is not None:
            ideas = apps.get_model("ideas", "Idea").objects.visible_to(user)
            idea = ideas.filter(pk=idea).first()
            if idea is None:
                raise ApplicationError(_("Choose an idea you may see."), field="idea")
        key = ("signal_area_kind", "signal_area_id", "signal_period", "signal_period_start")
        if all(values.get(name) for name in (*key, "signal_measure")):
            values["signal_snapshot"] = selectors.describe_signal(
                area_kind=values["signal_area_kind"],
                area_id=values["signal_area_id"],
                period=values["signal_period"],
                period_start=values["signal_period_start"],
                measure=values["signal_measure"],
            )
        opportunity = services.opportunity_create(user=user, idea=idea, **values)
        return self.base_queryset().get(pk=opportunity.pk)

    def perform_update(self, instance: Opportunity, data: dict[str, Any]) -> Opportunity:
        user: Any = self.request.user
        opportunity = instance
        if "initiative" in data:
            initiative = (
                selectors.initiative_choices(user=user).filter(pk=data["initiative"]).first()
            )
            if initiative is None:
                raise ApplicationError(
                    _("Choose an initiative of your municipality."), field="initiative"
                )
            opportunity = services.opportunity_link(
                user=user, opportunity=opportunity, initiative=initiative
            )
        if "status" in data:
            opportunity = services.opportunity_set_status(
                user=user, opportunity=opportunity, status=data["status"]
            )
        return self.base_queryset().get(pk=opportunity.pk)
