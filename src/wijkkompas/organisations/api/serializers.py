"""What the API reads and writes of organisations and disciplines."""

from __future__ import annotations

from rest_framework import serializers

from wijkkompas.api.serializers import NamedChoiceField

from ..constants import Craft
from ..models import Discipline, Organisation


class DisciplineSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    default_craft = NamedChoiceField(Craft.choices, component="Craft", read_only=True)

    class Meta:
        model = Discipline
        fields = ["id", "code", "name", "default_craft", "order"]
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An organisation as the organisation pages show it: no people, a member count."""

    craft = NamedChoiceField(Craft.choices, component="Craft", read_only=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "municipality", "name", "discipline", "craft", "website", "member_count"]
        read_only_fields = fields


class OrganisationInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a system sends to add or change an organisation (the administrator's form).
    ``municipality`` only when adding, and only one the user may change."""

    municipality = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    name = serializers.CharField(max_length=150)
    discipline = serializers.PrimaryKeyRelatedField(queryset=Discipline.objects.all())
    craft = NamedChoiceField(Craft.choices, component="Craft")
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance is not None:
            self.fields.pop("municipality")
