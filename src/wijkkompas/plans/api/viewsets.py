"""/api/v1/plans/ and /api/v1/case-discussions/: the plans the user may see (consent for
the plan, as on the plan page), started and changed through the plans services with
If-Match, and the closed case discussions the user takes part in (read only). Every read
is logged with every resident of the household as subject."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from wijkkompas.accounts.constants import Action
from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
    change_with_if_match,
    problem_responses,
)
from wijkkompas.audit.constants import Purpose
from wijkkompas.organisations.models import Organisation
from wijkkompas.residents import selectors as resident_selectors

from .. import selectors, services
from ..models import CaseDiscussion, Decision, Goal, Participant, Plan, PlanAction
from .serializers import (
    AppointmentInputSerializer,
    CaseDiscussionSerializer,
    GoalChangeInputSerializer,
    GoalInputSerializer,
    PlanActionChangeInputSerializer,
    PlanActionInputSerializer,
    PlanCloseInputSerializer,
    PlanInputSerializer,
    PlanSerializer,
    ReviewInputSerializer,
)


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


def _organisation(pk: int | None, *, municipality_id: int) -> Any:
    if pk is None:
        return None
    found = Organisation.objects.filter(pk=pk, municipality_id=municipality_id).first()
    if found is None:
        raise serializers.ValidationError(
            {
                "owner_organisation": [
                    _("Choose an organisation that works in the municipality of the plan.")
                ]
            }
        )
    return found


def _goal(pk: int | None, *, plan: Plan) -> Goal | None:
    if pk is None:
        return None
    found = Goal.objects.filter(pk=pk, plan_id=plan.pk).first()
    if found is None:
        raise serializers.ValidationError({"goal": [_("Choose a goal of this plan.")]})
    return found


#: An id in a path of a part of the plan (no braces: the router formats the path).
PART_ID = "[0-9]+"


def _plan_write(
    summary: str,
    input_class: type[serializers.Serializer],  # type: ignore[type-arg]
    part: str | None = None,
) -> Any:
    return extend_schema(
        summary=summary,
        tags=["plans"],
        request=input_class,
        responses={200: PlanSerializer, **problem_responses(404, 412, 428)},
        parameters=[OpenApiParameter(part, int, OpenApiParameter.PATH)] if part else None,
    )


def _part(model: Any, pk: str, *, plan: Plan) -> Any:
    """A goal or action of ``plan`` (404 otherwise: the plan's scope covers its parts)."""
    if len(pk) > 18:  # beyond any id (and beyond a 64-bit integer)
        raise Http404
    found = model.objects.filter(pk=int(pk), plan_id=plan.pk).first()
    if found is None:
        raise Http404
    return found


@extend_schema_view(
    list=extend_schema(summary="Plans the user may see", tags=["plans"]),
    retrieve=extend_schema(
        summary="One plan with goals, actions, appointments and reviews", tags=["plans"]
    ),
    create=extend_schema(
        summary="Start the plan of a household",
        tags=["plans"],
        responses={201: PlanSerializer, **problem_responses(404)},
    ),
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

    # --- the other changes of the plan page: each needs the plan's ETag in If-Match and
    # answers with the plan as it is now (and its new ETag).

    def _change(
        self,
        request: Request,
        input_class: type[serializers.Serializer],  # type: ignore[type-arg]
        write: Callable[[Plan, dict[str, Any]], Any],
        *,
        partial: bool = False,
    ) -> Response:
        def write_and_read(plan: Plan, data: dict[str, Any]) -> Plan:
            write(plan, data)
            return self.base_queryset().get(pk=plan.pk)

        return change_with_if_match(self, request, write_and_read, input_class, partial=partial)

    @_plan_write("Close the plan", PlanCloseInputSerializer)
    @action(detail=True, methods=["post"], url_path="close")
    def close(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(
            request,
            PlanCloseInputSerializer,
            lambda plan, data: services.plan_close(
                user=request.user,
                plan=plan,
                version=plan.version,
                closed_on=data.get("closed_on"),
                request=request,
            ),
        )

    @_plan_write("Add a goal to the plan", GoalInputSerializer)
    @action(detail=True, methods=["post"], url_path="goals")
    def goals(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(
            request,
            GoalInputSerializer,
            lambda plan, data: services.goal_add(
                user=request.user, plan=plan, version=plan.version, request=request, **data
            ),
        )

    @_plan_write("Add an action to the plan", PlanActionInputSerializer)
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def write(plan: Plan, data: dict[str, Any]) -> Any:
            data["owner_organisation"] = _organisation(
                data.get("owner_organisation"), municipality_id=plan.municipality_id
            )
            data["goal"] = _goal(data.get("goal"), plan=plan)
            return services.action_add(
                user=request.user, plan=plan, version=plan.version, request=request, **data
            )

        return self._change(request, PlanActionInputSerializer, write)

    @_plan_write("Add an appointment to the plan", AppointmentInputSerializer)
    @action(detail=True, methods=["post"], url_path="appointments")
    def appointments(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(
            request,
            AppointmentInputSerializer,
            lambda plan, data: services.appointment_add(
                user=request.user, plan=plan, version=plan.version, request=request, **data
            ),
        )

    @_plan_write("Plan a review", ReviewInputSerializer)
    @action(detail=True, methods=["post"], url_path="reviews")
    def reviews(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(
            request,
            ReviewInputSerializer,
            lambda plan, data: services.review_schedule(
                user=request.user, plan=plan, version=plan.version, request=request, **data
            ),
        )

    @_plan_write("Change a goal of the plan", GoalChangeInputSerializer, "goal_pk")
    @action(detail=True, methods=["patch"], url_path=f"goals/(?P<goal_pk>{PART_ID})")
    def change_goal(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def write(plan: Plan, data: dict[str, Any]) -> Any:
            goal = _part(Goal, kwargs["goal_pk"], plan=plan)
            return services.goal_update(
                user=request.user,
                goal=goal,
                version=plan.version,
                text=data.get("text", goal.text),
                life_domain=data.get("life_domain", goal.life_domain),
                target_on=data.get("target_on", goal.target_on),
                status=data.get("goal_status", goal.status),
                request=request,
            )

        return self._change(request, GoalChangeInputSerializer, write, partial=True)

    @_plan_write("Change an action of the plan", PlanActionChangeInputSerializer, "action_pk")
    @action(detail=True, methods=["patch"], url_path=f"actions/(?P<action_pk>{PART_ID})")
    def change_action(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def write(plan: Plan, data: dict[str, Any]) -> Any:
            item = _part(PlanAction, kwargs["action_pk"], plan=plan)
            organisation = (
                _organisation(data["owner_organisation"], municipality_id=plan.municipality_id)
                if "owner_organisation" in data
                else item.owner_organisation
            )
            goal = _goal(data["goal"], plan=plan) if "goal" in data else item.goal
            return services.action_update(
                user=request.user,
                item=item,
                version=plan.version,
                description=data.get("description", item.description),
                owner_name=data.get("owner_name", item.owner_name),
                owner_organisation=organisation,
                owner_user=item.owner_user,
                goal=goal,
                due_on=data.get("due_on", item.due_on),
                done_on=data.get("done_on", item.done_on),
                request=request,
            )

        return self._change(request, PlanActionChangeInputSerializer, write, partial=True)


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
