"""What the API reads and writes of webhook subscriptions and deliveries."""

from __future__ import annotations

from rest_framework import serializers

from ..constants import EventType
from ..models import Delivery, Subscription


class SubscriptionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    events = serializers.ListField(child=serializers.ChoiceField(EventType.choices))

    class Meta:
        model = Subscription
        fields = ["id", "url", "events", "is_active", "consecutive_failures", "created_at"]
        read_only_fields = fields


class SubscriptionCreatedSerializer(SubscriptionSerializer):
    """The answer to a new subscription: the only time its signing secret is shown."""

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class SubscriptionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(EventType.choices), min_length=1, max_length=10
    )
    is_active = serializers.BooleanField(required=False)


class DeliverySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Delivery
        fields = [
            "id",
            "subscription",
            "event",
            "object_id",
            "path",
            "occurred_at",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "delivered_at",
        ]
        read_only_fields = fields
