"""What the API reads of working groups: no names of people, the craft mix in figures."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..constants import FocusKind, MixLevel
from ..models import WorkGroup
from ..selectors import CraftMix


class CraftMixSerializer(serializers.Serializer):  # type: ignore[type-arg]
    hulp = serializers.IntegerField()
    zorg = serializers.IntegerField()
    welzijn = serializers.IntegerField()
    residents = serializers.IntegerField(help_text="Residents from the outer ring.")
    partners = serializers.IntegerField(help_text="Partners from the outer ring.")
    level = serializers.ChoiceField(choices=MixLevel.choices)


class WorkGroupSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A working group as the page shows it, without the people in it: the craft mix in
    figures; the opportunities (signals) it works on only for the team roles, who see
    them; initiatives and the residents' idea by id."""

    focus_kind = serializers.ChoiceField(choices=FocusKind.choices)
    craft_mix = serializers.SerializerMethodField()
    opportunities = serializers.SerializerMethodField()

    class Meta:
        model = WorkGroup
        fields = [
            "id",
            "team",
            "name",
            "focus_kind",
            "focus",
            "purpose",
            "started_on",
            "closed_on",
            "lesson",
            "keep",
            "stop",
            "craft_mix",
            "opportunities",
            "initiatives",
            "idea",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(CraftMixSerializer)
    def get_craft_mix(self, obj: WorkGroup) -> dict[str, Any]:
        mix: CraftMix = self.context.get("mixes", {}).get(obj.pk, CraftMix())
        return {
            "hulp": mix.hulp,
            "zorg": mix.zorg,
            "welzijn": mix.welzijn,
            "residents": mix.residents,
            "partners": mix.partners,
            "level": mix.level,
        }

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_opportunities(self, obj: WorkGroup) -> list[int]:
        if not self.context.get("show_opportunities"):
            return []
        return sorted(o.pk for o in obj.opportunities.all())
