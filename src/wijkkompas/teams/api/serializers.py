"""What the API reads of teams, their members and partners (as the team pages show them)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from wijkkompas.api.serializers import NamedChoiceField

from ..constants import PartnerKind, Positioning, Ring, TargetGroup, TeamType
from ..models import Membership, Partner, Team


class TeamSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A team: its areas by id, its shared perspective; never its members (see memberships)."""

    team_type = serializers.ChoiceField(TeamType.choices, read_only=True)
    target_group = serializers.ChoiceField(TargetGroup.choices, read_only=True)
    positioning = serializers.ChoiceField(Positioning.choices, read_only=True)
    districts: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    neighbourhoods: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Team
        fields = [
            "id",
            "municipality",
            "name",
            "team_type",
            "districts",
            "neighbourhoods",
            "target_group",
            "target_group_description",
            "positioning",
            "description",
            "perspective",
            "started_on",
            "caseload_visible_without_consent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A member as the team page lists them: name, job, employer, ring, hours, drive."""

    ring = serializers.ChoiceField(Ring.choices, read_only=True)
    discipline = serializers.IntegerField(source="organisation.discipline_id", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "team",
            "person_name",
            "job_title",
            "organisation",
            "discipline",
            "ring",
            "hours_per_week",
            "personal_drive",
        ]
        read_only_fields = fields


class PartnerSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    kind = NamedChoiceField(PartnerKind.choices, component="PartnerKind", read_only=True)
    ring = serializers.ChoiceField(Ring.choices, read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "team", "name", "kind", "organisation", "ring", "description"]
        read_only_fields = fields


class MembershipInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What the team lead (or the administrator) sends to add or change a member, as the
    pages' member form: the team only when adding; ``user`` links an account."""

    team = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    person_name = serializers.CharField(max_length=150)
    organisation = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    job_title = serializers.CharField(max_length=100, required=False, allow_blank=True)
    ring = serializers.ChoiceField(Ring.choices, required=False)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=40, required=False
    )
    personal_drive = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    user = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )
    started_on = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields.pop("team")


def _ids() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        max_length=500,
        required=False,
    )


class TeamInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What the team lead (or the administrator) changes of a team, as the team's edit
    form; a field left out stays as it is. The shared perspective is not changed here."""

    name = serializers.CharField(max_length=150, required=False)
    team_type = serializers.ChoiceField(TeamType.choices, required=False)
    districts = _ids()
    neighbourhoods = _ids()
    target_group = serializers.ChoiceField(TargetGroup.choices, required=False)
    target_group_description = serializers.CharField(
        max_length=200, required=False, allow_blank=True
    )
    positioning = serializers.ChoiceField(Positioning.choices, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    started_on = serializers.DateField(required=False, allow_null=True)
    caseload_visible_without_consent = serializers.BooleanField(required=False)


class PartnerInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A partner or programme around a team (``team`` only when adding)."""

    team = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    name = serializers.CharField(max_length=150)
    kind = NamedChoiceField(PartnerKind.choices, component="PartnerKind")
    ring = serializers.ChoiceField(Ring.choices, required=False)
    organisation = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields.pop("team")
