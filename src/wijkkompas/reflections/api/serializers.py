"""What the API reads and writes of reflection sessions and their follow-up actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..constants import ActionStatus, ReflectionStatus
from ..models import FollowUpAction, Reflection

_ID = 2**63 - 1


class FollowUpActionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A decision of the session: owner (an account of the team) by id."""

    action_status = serializers.ChoiceField(source="status", choices=ActionStatus.choices)

    class Meta:
        model = FollowUpAction
        fields = [
            "id",
            "decision",
            "owner",
            "due_date",
            "action_status",
            "review_note",
            "reviewed_in",
            "reviewed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReflectionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A session as its team reads it on the page: the planning, the record (never names
    of residents) and the follow-up actions decided in it. Facilitator and participants
    are memberships of the team, by id."""

    session_status = serializers.ChoiceField(source="status", choices=ReflectionStatus.choices)
    actions = FollowUpActionSerializer(many=True, read_only=True)

    class Meta:
        model = Reflection
        fields = [
            "id",
            "team",
            "title",
            "planned_on",
            "held_on",
            "session_status",
            "facilitator",
            "participants",
            "keep",
            "stop",
            "differently",
            "renew",
            "tomorrow",
            "right_things",
            "things_right",
            "summary",
            "actions",
            "recorded_at",
            "amended_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReflectionPlanSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a system sends to plan a session (the team lead): the team, a title, the date,
    optionally the facilitator and participants (memberships of the team, by id)."""

    team = serializers.IntegerField(min_value=1, max_value=_ID)
    title = serializers.CharField(max_length=150)
    planned_on = serializers.DateField()
    facilitator = serializers.IntegerField(
        min_value=1, max_value=_ID, required=False, allow_null=True
    )
    participants = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=_ID),
        required=False,
        max_length=200,
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)

    def validate_participants(self, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError(_("Name every participant once."))
        return value

    def to_representation(self, instance: Any) -> Any:  # pragma: no cover - output only
        return ReflectionSerializer(instance, context=self.context).data


def _answer() -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ReflectionRecordSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a system sends to record a planned session as held (its team lead): the day,
    optionally who took part (memberships), the answers and a summary."""

    held_on = serializers.DateField()
    participants = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=_ID),
        required=False,
        max_length=200,
    )
    keep = _answer()
    stop = _answer()
    differently = _answer()
    renew = _answer()
    tomorrow = _answer()
    right_things = _answer()
    things_right = _answer()
    summary = _answer()
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class FollowUpActionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A decision of the session as a follow-up action: the owner is an account of the
    team (by id), the due date not before the session."""

    decision = serializers.CharField(max_length=500)
    owner = serializers.IntegerField(min_value=1, max_value=_ID)
    due_date = serializers.DateField()
