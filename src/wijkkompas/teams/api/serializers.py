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
