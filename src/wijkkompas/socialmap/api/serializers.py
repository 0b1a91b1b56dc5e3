"""What the API reads and writes of the social map (provisions, no personal data)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from wijkkompas.api.serializers import NamedChoiceField
from wijkkompas.areas.models import Neighbourhood
from wijkkompas.conversations.constants import LifeDomain
from wijkkompas.initiatives.models import Initiative
from wijkkompas.organisations.models import Organisation
from wijkkompas.places.models import Place

from ..constants import STALE_AFTER, Cost, EntryKind, WmoStep
from ..models import Entry

#: Longest free text of an entry the API accepts (the pages' text areas).
TEXT_MAX = 5000


class EntrySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    kind = NamedChoiceField(EntryKind.choices, component="SocialMapEntryKind", read_only=True)
    step = NamedChoiceField(WmoStep.choices, component="WmoStep", read_only=True)
    cost = NamedChoiceField(Cost.choices, component="SocialMapCost", read_only=True)
    life_domains = serializers.ListField(
        child=NamedChoiceField(LifeDomain.choices, component="SocialMapLifeDomain"),
        read_only=True,
    )
    neighbourhoods: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    stale = serializers.SerializerMethodField(
        help_text="Not checked for six months: possibly out of date."
    )

    class Meta:
        model = Entry
        fields = [
            "id",
            "municipality",
            "name",
            "kind",
            "step",
            "description",
            "target_group",
            "life_domains",
            "neighbourhoods",
            "initiative",
            "place",
            "organisation",
            "address",
            "phone",
            "email",
            "website",
            "how_to_reach",
            "opening_hours",
            "cost",
            "cost_note",
            "public",
            "last_checked_on",
            "stale",
            "updated_at",
        ]
        read_only_fields = fields

    def get_stale(self, entry: Entry) -> bool:
        return bool(entry.last_checked_on < timezone.localdate() - STALE_AFTER)


class EntryInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a system sends to add or change an entry of the user's municipality. Linked
    neighbourhoods, initiatives, places and organisations are those of that municipality."""

    name = serializers.CharField(max_length=150)
    kind = NamedChoiceField(EntryKind.choices, component="SocialMapEntryKind")
    step = NamedChoiceField(WmoStep.choices, component="WmoStep", required=False)
    description = serializers.CharField(max_length=TEXT_MAX)
    target_group = serializers.CharField(max_length=200, required=False, allow_blank=True)
    life_domains = serializers.ListField(
        child=NamedChoiceField(LifeDomain.choices, component="SocialMapLifeDomain"),
        required=False,
        max_length=len(LifeDomain.values),
    )
    neighbourhoods = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Neighbourhood.objects.none()
    )
    initiative = serializers.PrimaryKeyRelatedField(
        allow_null=True, required=False, queryset=Initiative.objects.none()
    )
    place = serializers.PrimaryKeyRelatedField(
        allow_null=True, required=False, queryset=Place.objects.none()
    )
    organisation = serializers.PrimaryKeyRelatedField(
        allow_null=True, required=False, queryset=Organisation.objects.none()
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    how_to_reach = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    opening_hours = serializers.CharField(max_length=200, required=False, allow_blank=True)
    cost = NamedChoiceField(Cost.choices, component="SocialMapCost", required=False)
    cost_note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    public = serializers.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only ids of the user's municipality are known here: an id of another
        # municipality answers as one that does not exist.
        request = self.context.get("request")
        user: Any = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        where: dict[str, Any] = {}
        if not user.is_superuser:
            where = {"municipality_id": user.municipality_id}
        fields: Any = self.fields
        fields["neighbourhoods"].child_relation.queryset = Neighbourhood.objects.select_related(
            "district"
        ).filter(**{f"district__{k}": v for k, v in where.items()})
        fields["initiative"].queryset = Initiative.objects.filter(**where)
        fields["place"].queryset = Place.objects.filter(**where)
        fields["organisation"].queryset = Organisation.objects.filter(**where)


class EntryCheckSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """ "Still correct": nothing to send."""
