"""What the API reads of households, residents, consents and risk signals: no more than
the pages show the same role. The BSN never leaves the database (not even masked: only
whether one is recorded); a risk signal names its resident only when the reader may see
that resident, as on the household page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..constants import (
    ConsentForm,
    ConsentPart,
    ConsentPurpose,
    ConsentStatus,
    MeldcodeStep,
    RiskKind,
    Urgency,
)
from ..models import Consent, Household, Resident, RiskSignal

_ID: dict[str, Any] = {"min_value": 1, "max_value": 2**63 - 1}
#: Longest description a system may send (the page's text area has no limit of its own).
MAX_TEXT = 10_000
NO_RECIPIENT = _("Say to whom the resident gives consent: the team, an organisation, or both.")


class HouseholdSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A household (case): its team, dates and the members the reader may see, by id."""

    members = serializers.SerializerMethodField()

    class Meta:
        model = Household
        fields = [
            "id",
            "municipality",
            "team",
            "label",
            "neighbourhood",
            "opened_on",
            "closed_on",
            "members",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_members(self, obj: Household) -> list[int]:
        """Ids of the members who consent to the reader's team or organisation."""
        return [member.pk for member in getattr(obj, "visible_members", [])]


class ResidentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A resident as in the caseload: name, year of birth, household, neighbourhood."""

    team = serializers.IntegerField(source="household.team_id", read_only=True)

    class Meta:
        model = Resident
        fields = [
            "id",
            "household",
            "team",
            "name",
            "birth_year",
            "neighbourhood",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ResidentDetailSerializer(ResidentSerializer):
    """One resident as on the resident page: with the contact details. The BSN itself is
    never sent, only whether one is recorded."""

    has_bsn = serializers.SerializerMethodField()

    class Meta(ResidentSerializer.Meta):
        fields = [
            *ResidentSerializer.Meta.fields[:5],
            "address",
            "phone",
            "email",
            "has_bsn",
            *ResidentSerializer.Meta.fields[5:],
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_has_bsn(self, obj: Resident) -> bool:
        return bool(obj.bsn)


class ConsentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A consent: to whom (team and/or organisation by id), which parts, why, how, when,
    and where it stands today."""

    parts = serializers.ListField(
        child=serializers.ChoiceField(ConsentPart.choices), read_only=True
    )
    consent_purpose = serializers.ChoiceField(
        ConsentPurpose.choices, source="purpose", read_only=True
    )
    consent_form = serializers.ChoiceField(ConsentForm.choices, source="form", read_only=True)
    consent_status = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "resident",
            "household",
            "team",
            "organisation",
            "parts",
            "consent_purpose",
            "consent_form",
            "valid_from",
            "valid_until",
            "consent_status",
            "withdrawn_at",
            "recorded_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(ConsentStatus.choices))
    def get_consent_status(self, obj: Consent) -> str:
        return str(obj.status.value)


class ConsentInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a system sends to record a consent, as on the page "Record a consent". The
    services check the team, organisation, parts and dates."""

    resident = serializers.IntegerField(**_ID)
    team = serializers.IntegerField(**_ID, required=False, allow_null=True)
    organisation = serializers.IntegerField(**_ID, required=False, allow_null=True)
    parts = serializers.ListField(
        child=serializers.ChoiceField(ConsentPart.choices), required=False, max_length=10
    )
    consent_purpose = serializers.ChoiceField(ConsentPurpose.choices)
    consent_form = serializers.ChoiceField(
        [choice for choice in ConsentForm.choices if choice[0] != ConsentForm.DIGITAL]
    )
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("team") is None and attrs.get("organisation") is None:
            raise serializers.ValidationError({"team": [NO_RECIPIENT]}, code="required")
        return attrs


class RiskSignalSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A risk signal on a household. ``resident``: the member it is about when the reader
    may see that member, else null; ``about_other_member`` tells a signal about a member
    without consent to the reader from one on the whole household."""

    resident = serializers.SerializerMethodField()
    about_other_member = serializers.SerializerMethodField()
    risk_kind = serializers.ChoiceField(RiskKind.choices, source="kind", read_only=True)

    class Meta:
        model = RiskSignal
        fields = [
            "id",
            "household",
            "resident",
            "about_other_member",
            "risk_kind",
            "urgency",
            "description",
            "meldcode_step",
            "raised_on",
            "review_on",
            "resolved_on",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_resident(self, obj: RiskSignal) -> int | None:
        # Named by the viewset (``selectors._name_residents``): only a member the reader
        # may see has a name; unnamed, the signal names nobody.
        return obj.resident_id if obj.about_name else None

    @extend_schema_field(serializers.BooleanField())
    def get_about_other_member(self, obj: RiskSignal) -> bool:
        return bool(obj.about_other_member)


class RiskSignalInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Raise a risk signal on a household (optionally about one member the user may see),
    or change an open one (urgency, description, review date, Meldcode step), as on the
    household page. The services check consent and the Meldcode rules."""

    household = serializers.IntegerField(**_ID)
    resident = serializers.IntegerField(**_ID, required=False, allow_null=True)
    risk_kind = serializers.ChoiceField(RiskKind.choices)
    urgency = serializers.ChoiceField(Urgency.choices, required=False)
    description = serializers.CharField(max_length=MAX_TEXT)
    review_on = serializers.DateField(required=False, allow_null=True)
    meldcode_step = serializers.ChoiceField(MeldcodeStep.choices, required=False, allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            # The household, the member and the kind of a raised signal do not change.
            for name in ("household", "resident", "risk_kind"):
                self.fields.pop(name)


class ResolveInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    resolved_on = serializers.DateField(required=False, allow_null=True)


class ResidentInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A change of a resident's personalia, as on the page "Edit personal details". The BSN
    is not changed through the API (only on the page)."""

    name = serializers.CharField(max_length=150)
    birth_year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True
    )
    neighbourhood = serializers.IntegerField(**_ID, required=False, allow_null=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CloseInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    closed_on = serializers.DateField()
