"""What the API reads and writes of places (public buildings and spots, no personal data)."""

from __future__ import annotations

from rest_framework import serializers

from wijkkompas.api.serializers import NamedChoiceField
from wijkkompas.areas.models import Neighbourhood

from ..constants import PlaceKind
from ..models import Place

#: Longest free text of a place the API accepts (the pages' text areas).
TEXT_MAX = 5000


class PlaceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    kind = NamedChoiceField(PlaceKind.choices, component="PlaceKind", read_only=True)

    class Meta:
        model = Place
        fields = [
            "id",
            "municipality",
            "neighbourhood",
            "name",
            "kind",
            "address",
            "accessible",
            "description",
            "activities",
            "public",
            "updated_at",
        ]
        read_only_fields = fields


class PlaceInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a system sends to add or change a place of the user's municipality."""

    name = serializers.CharField(max_length=150)
    kind = NamedChoiceField(PlaceKind.choices, component="PlaceKind")
    neighbourhood = serializers.PrimaryKeyRelatedField(
        queryset=Neighbourhood.objects.select_related("district"), allow_null=True, required=False
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    accessible = serializers.BooleanField(required=False)
    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    activities = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    public = serializers.BooleanField(required=False)
