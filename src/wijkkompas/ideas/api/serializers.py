"""What the API reads and writes of residents' ideas.

An idea holds no personal data; who sent or joined it does (``IdeaSupporter``) and is not
part of this resource. What a role reads is what the idea pages show it: the coach only to
those who may change the idea ("a team member" for the rest: ``has_coach``), the team only
where the user may see it, the number of supporters exact for team roles and suppressed
below the threshold for everyone else (and for visitors without an account).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wijkkompas.api.serializers import NamedChoiceField

from ..constants import IdeaStatus
from ..forms import ModerateForm
from ..models import Idea
from ..selectors import supporter_count_for

DECISION_PUBLISH = ModerateForm.PUBLISH
DECISION_REJECT = ModerateForm.REJECT


class IdeaSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    status = NamedChoiceField(IdeaStatus.choices, component="IdeaStatus", read_only=True)
    team = serializers.SerializerMethodField()
    coach = serializers.SerializerMethodField()
    has_coach = serializers.SerializerMethodField()
    rejection_reason = serializers.SerializerMethodField()
    supporter_count = serializers.SerializerMethodField()
    supporter_count_display = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id",
            "neighbourhood",
            "team",
            "title",
            "description",
            "place",
            "status",
            "public",
            "has_coach",
            "coach",
            "rejection_reason",
            "supporter_count",
            "supporter_count_display",
            "created_at",
            "published_at",
            "grown_at",
        ]
        read_only_fields = fields

    def _seen(self, name: str) -> Any:
        return self.context.get(name, frozenset())

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_team(self, idea: Idea) -> int | None:
        return idea.team_id if idea.team_id in self._seen("visible_team_ids") else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_coach(self, idea: Idea) -> int | None:
        return idea.coach_id if idea.pk in self._seen("changeable_ids") else None

    def get_has_coach(self, idea: Idea) -> bool:
        return idea.coach_id is not None

    def get_rejection_reason(self, idea: Idea) -> str:
        return idea.rejection_reason if idea.pk in self._seen("staff_ids") else ""

    def _count(self, idea: Idea) -> Any:
        request = self.context.get("request")
        return supporter_count_for(
            user=getattr(request, "user", None), n=getattr(idea, "supporter_count", 0)
        )

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_supporter_count(self, idea: Idea) -> int | None:
        return self._count(idea).value  # type: ignore[no-any-return]

    def get_supporter_count_display(self, idea: Idea) -> str:
        return str(self._count(idea).display)


class IdeaInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What the idea's team sends to moderate an idea or choose its coach (the pages'
    "Publish or reject" and "Choose coach" forms). Every field is optional."""

    decision = NamedChoiceField(
        ModerateForm.base_fields["decision"].choices,  # type: ignore[attr-defined]
        component="IdeaDecision",
        required=False,
    )
    title = serializers.CharField(max_length=120, required=False)
    description = serializers.CharField(max_length=3000, required=False)
    rejection_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    coach = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )
