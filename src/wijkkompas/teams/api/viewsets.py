"""/api/v1/teams/, /memberships/, /partners/: as on the team pages.

* Teams and partners: the policy officer and the administrator see those of their
  municipality, team roles their own teams, researchers those of sharing municipalities.
* Memberships hold names of professionals (personal data): team roles of the team and the
  administrator only (others 403, as the member list is absent from their team page); every
  read is logged with the purpose "team composition".
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from wijkkompas.accounts.access import restrict
from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    PageLikeChangeLookup,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
)
from wijkkompas.areas.models import District, Neighbourhood
from wijkkompas.audit.constants import Purpose
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.organisations.models import Organisation

from .. import services
from ..models import Membership, Partner, Team
from .serializers import (
    MembershipInputSerializer,
    MembershipSerializer,
    PartnerInputSerializer,
    PartnerSerializer,
    TeamInputSerializer,
    TeamSerializer,
)

TAGS = ["teams"]


@extend_schema_view(
    list=extend_schema(summary="Teams the user may see", tags=TAGS),
    retrieve=extend_schema(summary="One team", tags=TAGS),
    update=extend_schema(summary="Change a team (team lead, administrator)", tags=TAGS),
    partial_update=extend_schema(summary="Change part of a team", tags=TAGS),
    export=extend_schema(summary="Export teams", tags=TAGS),
)
class TeamViewSet(
    PageLikeChangeLookup, ListMixin, RetrieveMixin, UpdateMixin, ExportMixin, ScopedViewSet
):
    access_model = Team
    scope_family = ScopeFamily.ORGANISATION
    serializer_class = TeamSerializer
    input_serializer_class = TeamInputSerializer
    filterset_fields = {
        "municipality": ["exact"],
        "team_type": ["exact"],
        "neighbourhoods": ["exact"],
        "districts": ["exact"],
    }
    ordering_fields = ["pk", "name"]
    ordering = ["name", "pk"]

    def base_queryset(self) -> QuerySet[Team]:
        return Team.objects.prefetch_related("districts", "neighbourhoods")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Filtering on a to-many field may repeat a team.
        return super().filter_queryset(queryset).distinct()

    def perform_update(self, instance: Team, data: dict[str, Any]) -> Team:
        values: dict[str, Any] = {
            "name": instance.name,
            "team_type": instance.team_type,
            "districts": [d.pk for d in instance.districts.all()],
            "neighbourhoods": [n.pk for n in instance.neighbourhoods.all()],
            "target_group": instance.target_group,
            "target_group_description": instance.target_group_description,
            "positioning": instance.positioning,
            "description": instance.description,
            "started_on": instance.started_on,
        }
        values.update(data)
        for name, model in (("districts", District), ("neighbourhoods", Neighbourhood)):
            wanted = set(values[name])
            found = list(model.objects.filter(pk__in=wanted).select_related())
            if len(found) != len(wanted):
                raise ApplicationError(
                    _("Choose districts and neighbourhoods of the team's municipality."),
                    field=name,
                )
            values[name] = found
        services.team_update(user=self.request.user, team=instance, **values)
        return self.base_queryset().get(pk=instance.pk)


@extend_schema_view(
    list=extend_schema(summary="Members of the teams the user may see", tags=TAGS),
    retrieve=extend_schema(summary="One membership", tags=TAGS),
    create=extend_schema(summary="Add a member to a team (team lead, administrator)", tags=TAGS),
    update=extend_schema(summary="Change a member", tags=TAGS),
    partial_update=extend_schema(summary="Change part of a member", tags=TAGS),
    export=extend_schema(summary="Export memberships", tags=TAGS),
)
class MembershipViewSet(
    PageLikeChangeLookup,
    ListMixin,
    RetrieveMixin,
    CreateMixin,
    UpdateMixin,
    ExportMixin,
    ScopedViewSet,
):
    access_model = Membership
    scope_family = ScopeFamily.ORGANISATION
    purpose = Purpose.TEAM_COMPOSITION
    serializer_class = MembershipSerializer
    input_serializer_class = MembershipInputSerializer
    filterset_fields = {"team": ["exact"], "organisation": ["exact"], "ring": ["exact"]}
    ordering_fields = ["pk", "person_name"]
    ordering = ["team", "person_name", "pk"]

    def base_queryset(self) -> QuerySet[Membership]:
        return Membership.objects.select_related("organisation")

    def _related(self, data: dict[str, Any], team: Team) -> dict[str, Any]:
        """The organisation and account ids as objects; whether they fit the team is for
        the service to say."""
        values = dict(data)
        values["organisation"] = Organisation.objects.filter(pk=values["organisation"]).first()
        if values["organisation"] is None:
            raise ApplicationError(
                _("The organisation must work in the team's municipality."), field="organisation"
            )
        if values.get("user") is not None:
            values["user"] = get_user_model().objects.filter(pk=values["user"]).first()
            if values["user"] is None:
                raise ApplicationError(
                    _("Link an account of a team role in the team's municipality."), field="user"
                )
        values["account"] = values.pop("user", None)
        return values

    def perform_create(self, data: dict[str, Any]) -> Membership:
        user: Any = self.request.user
        team = restrict(Team.objects.all(), user).filter(pk=data["team"]).first()
        if team is None:
            raise ApplicationError(_("Choose one of your own teams."), field="team")
        values = self._related({k: v for k, v in data.items() if k != "team"}, team)
        membership = services.membership_add(user=user, team=team, request=self.request, **values)
        return self.base_queryset().get(pk=membership.pk)

    def perform_update(self, instance: Membership, data: dict[str, Any]) -> Membership:
        current = {
            "person_name": instance.person_name,
            "organisation": instance.organisation_id,
            "job_title": instance.job_title,
            "ring": instance.ring,
            "hours_per_week": instance.hours_per_week,
            "personal_drive": instance.personal_drive,
            "user": instance.user_id,
            "started_on": instance.started_on,
        }
        values = self._related({**current, **data}, instance.team)
        membership = services.membership_update(
            user=self.request.user, membership=instance, request=self.request, **values
        )
        return self.base_queryset().get(pk=membership.pk)


@extend_schema_view(
    list=extend_schema(summary="Partners and programmes around the teams", tags=TAGS),
    retrieve=extend_schema(summary="One partner", tags=TAGS),
    create=extend_schema(summary="Link a partner to a team (team lead, administrator)", tags=TAGS),
    update=extend_schema(summary="Change a partner", tags=TAGS),
    partial_update=extend_schema(summary="Change part of a partner", tags=TAGS),
    export=extend_schema(summary="Export partners", tags=TAGS),
)
class PartnerViewSet(
    PageLikeChangeLookup,
    ListMixin,
    RetrieveMixin,
    CreateMixin,
    UpdateMixin,
    ExportMixin,
    ScopedViewSet,
):
    access_model = Partner
    scope_family = ScopeFamily.ORGANISATION
    serializer_class = PartnerSerializer
    input_serializer_class = PartnerInputSerializer
    filterset_fields = {
        "team": ["exact"],
        "organisation": ["exact"],
        "kind": ["exact"],
        "ring": ["exact"],
    }
    ordering_fields = ["pk", "name"]
    ordering = ["team", "name", "pk"]

    def _organisation(self, pk: int | None) -> Organisation | None:
        if pk is None:
            return None
        organisation = Organisation.objects.filter(pk=pk).first()
        if organisation is None:
            raise ApplicationError(
                _("The organisation must work in the team's municipality."), field="organisation"
            )
        return organisation

    def perform_create(self, data: dict[str, Any]) -> Partner:
        user: Any = self.request.user
        values = dict(data)
        team = restrict(Team.objects.all(), user).filter(pk=values.pop("team")).first()
        if team is None:
            raise ApplicationError(_("Choose one of your own teams."), field="team")
        values["organisation"] = self._organisation(values.get("organisation"))
        return services.partner_add(user=user, team=team, **values)

    def perform_update(self, instance: Partner, data: dict[str, Any]) -> Partner:
        values: dict[str, Any] = {
            "name": instance.name,
            "kind": instance.kind,
            "ring": instance.ring,
            "organisation": instance.organisation_id,
            "description": instance.description,
        }
        values.update(data)
        values["organisation"] = self._organisation(values["organisation"])
        return services.partner_update(user=self.request.user, partner=instance, **values)
