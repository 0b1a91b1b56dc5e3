"""What the API reads and writes of plans (with their goals, actions, appointments and
reviews) and of closed case discussions (with their decisions). Households, residents and
people by id, never by name."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..constants import DiscussionStatus, GoalStatus, PlanStatus
from ..models import (
    Appointment,
    CaseDiscussion,
    Decision,
    Goal,
    Plan,
    PlanAction,
    Review,
)

_ID: dict[str, Any] = {"min_value": 1, "max_value": 2**63 - 1}
#: Longest summary a system may send (the page's text area has no limit of its own).
MAX_TEXT = 10_000


class GoalSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    goal_status = serializers.ChoiceField(GoalStatus.choices, source="status", read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "text", "life_domain", "goal_status", "target_on", "added_by_resident"]
        read_only_fields = fields


class PlanActionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = PlanAction
        fields = [
            "id",
            "goal",
            "description",
            "owner_organisation",
            "owner_name",
            "due_on",
            "done_on",
            "decision",
        ]
        read_only_fields = fields


class AppointmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Appointment
        fields = ["id", "starts_at", "place", "with_whom", "note"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Review
        fields = ["id", "planned_on", "held_on", "conclusion"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A plan as on the plan page: its parts nested, the household and coordinator by id."""

    plan_status = serializers.ChoiceField(PlanStatus.choices, source="status", read_only=True)
    goals = GoalSerializer(many=True, read_only=True)
    actions = PlanActionSerializer(many=True, read_only=True)
    appointments = AppointmentSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "municipality",
            "team",
            "household",
            "coordinator",
            "summary",
            "plan_status",
            "started_on",
            "next_review_on",
            "closed_on",
            "goals",
            "actions",
            "appointments",
            "reviews",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PlanInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Start a plan (household, coordinator, summary, start, first review) or change it
    (summary and coordinator, as on the page "Edit the plan")."""

    household = serializers.IntegerField(**_ID)
    coordinator = serializers.IntegerField(**_ID, required=False, allow_null=True)
    summary = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    started_on = serializers.DateField(required=False, allow_null=True)
    first_review_on = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            # A started plan keeps its household and dates; these change on other pages.
            for name in ("household", "started_on", "first_review_on"):
                self.fields.pop(name)


class DecisionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    action = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "text", "owner_organisation", "owner_name", "due_on", "action"]
        read_only_fields = fields

    def get_action(self, obj: Decision) -> int | None:
        """The plan action the decision became, if any."""
        action = getattr(obj, "action", None)
        return action.pk if action is not None else None


class CaseDiscussionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A closed case discussion as on its page: participants (accounts by id), minutes and
    decisions."""

    discussion_status = serializers.ChoiceField(
        DiscussionStatus.choices, source="status", read_only=True
    )
    participants = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = CaseDiscussion
        fields = [
            "id",
            "municipality",
            "team",
            "household",
            "plan",
            "scheduled_at",
            "place",
            "question",
            "minutes",
            "discussion_status",
            "created_by",
            "participants",
            "decisions",
            "created_at",
        ]
        read_only_fields = fields

    def get_participants(self, obj: CaseDiscussion) -> list[int]:
        return [participant.user_id for participant in obj.participants.all()]


class PlanCloseInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    closed_on = serializers.DateField(required=False, allow_null=True)


class GoalInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    text = serializers.CharField(max_length=MAX_TEXT)
    # A life domain code (``conversations.constants.LifeDomain``); the service checks it.
    life_domain = serializers.CharField(max_length=20, required=False, allow_blank=True)
    target_on = serializers.DateField(required=False, allow_null=True)


class PlanActionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    description = serializers.CharField(max_length=MAX_TEXT)
    owner_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    owner_organisation = serializers.IntegerField(**_ID, required=False, allow_null=True)
    goal = serializers.IntegerField(**_ID, required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class AppointmentInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=150, required=False, allow_blank=True)
    with_whom = serializers.CharField(max_length=150, required=False, allow_blank=True)
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)


class ReviewInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    planned_on = serializers.DateField()


class GoalChangeInputSerializer(GoalInputSerializer):
    goal_status = serializers.ChoiceField(GoalStatus.choices, required=False)


class PlanActionChangeInputSerializer(PlanActionInputSerializer):
    done_on = serializers.DateField(required=False, allow_null=True)
