"""What the API reads and writes of a conversation."""

from __future__ import annotations

from rest_framework import serializers

from wijkkompas.api.serializers import KeptFieldsMixin

from ..constants import LifeDomain
from ..models import Conversation

_FIELDS = [
    "held_on",
    "place",
    "participants",
    "question",
    "question_behind",
    "life_domains",
    "own_strength",
    "network",
    "outcome",
    "collective_opportunity",
    "resident_idea",
    "is_wmo_report",
    "reported_on",
    "investigation_done_on",
    "applied_on",
    "decided_on",
]


class ConversationSerializer(KeptFieldsMixin, serializers.ModelSerializer):  # type: ignore[type-arg]
    """A conversation as read: the resident and team by id, never by name."""

    life_domains = serializers.ListField(child=serializers.ChoiceField(LifeDomain.choices))

    class Meta:
        model = Conversation
        fields = [
            "id",
            "municipality",
            "team",
            "household",
            "resident",
            "author",
            *_FIELDS,
            "wmo_due_on",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ConversationInputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """What a system sends to record or change a conversation. The resident is given when
    recording and stays; the services check consent, dates and the Wmo terms."""

    resident = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    life_domains = serializers.ListField(
        child=serializers.ChoiceField(LifeDomain.choices), required=False, max_length=20
    )

    class Meta:
        model = Conversation
        fields = ["resident", *_FIELDS]
        extra_kwargs = {"held_on": {"required": True, "allow_null": False}}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance is not None:
            # The resident of a recorded conversation does not change.
            self.fields.pop("resident")
