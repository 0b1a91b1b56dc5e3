"""What the API reads and writes of collective opportunities and initiatives.

As on the initiative pages: the names of people (residents in charge, coaches, who changed
a stage or told a story) only for the roles that see them there
(:func:`..selectors.may_see_names`), here as account ids; the team and the partner
organisations only where the user may see them; the number of referrals exact for team
roles and suppressed for everyone else. Referrals themselves are case data and not here.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wijkkompas.api.serializers import NamedChoiceField
from wijkkompas.signals.suppression import count_for

from ..constants import OpportunityStatus, Origin, SignalAreaKind, SignalPeriod, Stage
from ..constants import TransformationLevel as Level
from ..models import Initiative, InitiativeStory, Opportunity, OpportunityComment, StageChange

TEXT_MAX = 5000
#: Most ids in one list of related objects (neighbourhoods, coaches …).
IDS_MAX = 100


def _id(**kwargs: Any) -> serializers.IntegerField:
    """An id: bounded, so a number too large for the database is a 400, not a 500."""
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1, **kwargs)


def _stage(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(Stage.choices, component="InitiativeStage", **kwargs)


def _ids(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=_id(), max_length=IDS_MAX, required=False, **kwargs)


class _Seen(serializers.Serializer):  # type: ignore[type-arg]
    """Reads what the viewset worked out the user may see of this page of rows."""

    def seen(self, name: str) -> Any:
        return self.context.get(name, frozenset())

    def names(self) -> bool:
        return bool(self.context.get("show_names"))


class StageChangeSerializer(_Seen, serializers.ModelSerializer):  # type: ignore[type-arg]
    # Blank for the first entry: a new initiative came from no stage.
    from_stage = NamedChoiceField(
        Stage.choices, component="InitiativeFromStage", read_only=True, allow_blank=True
    )
    to_stage = _stage(read_only=True)
    changed_by = serializers.SerializerMethodField()

    class Meta:
        model = StageChange
        fields = ["from_stage", "to_stage", "note", "changed_at", "changed_by"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_changed_by(self, change: StageChange) -> int | None:
        return change.changed_by_id if self.names() else None


class StorySerializer(_Seen, serializers.ModelSerializer):  # type: ignore[type-arg]
    author = serializers.SerializerMethodField()

    class Meta:
        model = InitiativeStory
        fields = ["id", "text", "created_at", "author"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_author(self, story: InitiativeStory) -> int | None:
        return story.author_id if self.names() else None


class InitiativeSerializer(_Seen, serializers.ModelSerializer):  # type: ignore[type-arg]
    level = NamedChoiceField(Level.choices, component="TransformationLevel", read_only=True)
    origin = NamedChoiceField(Origin.choices, component="InitiativeOrigin", read_only=True)
    stage = _stage(read_only=True)
    neighbourhoods: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    team = serializers.SerializerMethodField()
    partner_organisations = serializers.SerializerMethodField()
    residents_in_charge = serializers.SerializerMethodField()
    coaches = serializers.SerializerMethodField()
    referral_count = serializers.SerializerMethodField()
    referral_count_display = serializers.SerializerMethodField()
    stage_changes = StageChangeSerializer(many=True, read_only=True)
    stories = StorySerializer(many=True, read_only=True)

    class Meta:
        model = Initiative
        fields = [
            "id",
            "municipality",
            "team",
            "name",
            "description",
            "level",
            "origin",
            "origin_idea",
            "stage",
            "lesson_learned",
            "neighbourhoods",
            "place",
            "budget",
            "participants_count",
            "public",
            "how_to_join",
            "partner_organisations",
            "other_partners",
            "residents_in_charge",
            "coaches",
            "referral_count",
            "referral_count_display",
            "stage_changes",
            "stories",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_team(self, initiative: Initiative) -> int | None:
        return initiative.team_id if initiative.team_id in self.seen("visible_team_ids") else None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_partner_organisations(self, initiative: Initiative) -> list[int]:
        seen = self.seen("visible_organisation_ids")
        return sorted(o.pk for o in initiative.partner_organisations.all() if o.pk in seen)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_residents_in_charge(self, initiative: Initiative) -> list[int]:
        return sorted(u.pk for u in initiative.residents_in_charge.all()) if self.names() else []

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_coaches(self, initiative: Initiative) -> list[int]:
        return sorted(u.pk for u in initiative.coaches.all()) if self.names() else []

    def _referrals(self, initiative: Initiative) -> Any:
        request = self.context.get("request")
        return count_for(getattr(request, "user", None), getattr(initiative, "referral_n", 0))

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_referral_count(self, initiative: Initiative) -> int | None:
        return self._referrals(initiative).value  # type: ignore[no-any-return]

    def get_referral_count_display(self, initiative: Initiative) -> str:
        return str(self._referrals(initiative).display)


class InitiativeInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a system sends to start or change an initiative (the pages' initiative form).
    Related objects by id; the services check that they belong to the municipality, that
    the team is the user's own and that initiators change no team fields. The stage is
    given only when starting; later it changes through ``stage-changes``."""

    name = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    level = NamedChoiceField(Level.choices, component="TransformationLevel")
    origin = NamedChoiceField(Origin.choices, component="InitiativeOrigin")
    stage = _stage(required=False)
    team = _id(required=False, allow_null=True)
    neighbourhoods = _ids()
    place = _id(required=False, allow_null=True)
    budget = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    participants_count = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False)
    residents_in_charge = _ids()
    coaches = _ids()
    partner_organisations = _ids()
    other_partners = serializers.CharField(max_length=300, required=False, allow_blank=True)
    public = serializers.BooleanField(required=False)
    how_to_join = serializers.CharField(max_length=1000, required=False, allow_blank=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields.pop("stage")


class StageChangeInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    stage = _stage()
    note = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)


class StoryInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    text = serializers.CharField(max_length=2000)


# --- opportunities -----------------------------------------------------------------------


def _area_kind(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(SignalAreaKind.choices, component="SignalAreaKind", **kwargs)


def _period(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(SignalPeriod.choices, component="SignalPeriod", **kwargs)


def _status(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(OpportunityStatus.choices, component="OpportunityStatus", **kwargs)


class OpportunityCommentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = OpportunityComment
        fields = ["id", "text", "author", "created_at"]
        read_only_fields = fields


class OpportunitySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An opportunity of the user's team: the signal it answers by its key (and the text
    stored when it was made), or the idea; its status, the initiative that answers it and
    the team's discussion (authors by account id), as on the opportunity page."""

    comments = OpportunityCommentSerializer(many=True, read_only=True)
    signal_area_kind = _area_kind(read_only=True, allow_blank=True)
    signal_period = _period(read_only=True, allow_blank=True)
    status = _status(read_only=True)
    comment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "team",
            "title",
            "description",
            "signal_area_kind",
            "signal_area_id",
            "signal_period",
            "signal_period_start",
            "signal_measure",
            "signal_snapshot",
            "idea",
            "status",
            "initiative",
            "comment_count",
            "comments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class OpportunityInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Make an opportunity from a signal (its key) or a residents' idea (its id)."""

    team = _id()
    title = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    signal_area_kind = _area_kind(required=False, allow_blank=True)
    signal_area_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    signal_period = _period(required=False, allow_blank=True)
    signal_period_start = serializers.DateField(required=False)
    signal_measure = serializers.CharField(max_length=100, required=False, allow_blank=True)
    idea = _id(required=False, allow_null=True)


class CommentInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    text = serializers.CharField(max_length=2000)


class OpportunityChangeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Drop an opportunity or open it again (``status``), or link it to an initiative."""

    status = NamedChoiceField(
        [(OpportunityStatus.OPEN, OpportunityStatus.OPEN.label)]
        + [(OpportunityStatus.DROPPED, OpportunityStatus.DROPPED.label)],
        component="OpportunityStatusChange",
        required=False,
    )
    initiative = _id(required=False)
