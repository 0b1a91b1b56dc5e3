"""Writes of the teams domain: teams, their shared perspective, memberships, partners.

Rules (with the message the user sees):

* a team serves at least one district or neighbourhood, all of its own municipality;
* members and partners come from organisations of the team's municipality;
* a person (name + organisation) or an account is in a team at most once;
* every change of the shared perspective is kept as a :class:`PerspectiveVersion`.

Every function checks permission itself (404 when the object is out of scope, 403 when
the user may see but not change it), validates fully before saving and runs in one
transaction, so a refusal leaves nothing half-saved. Writes of memberships (personal
data) are logged with their purpose.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.constants import TEAM_ROLES, Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from .constants import TEAM_CHANGE_ROLES, PartnerKind, Positioning, Ring, TargetGroup, TeamType
from .models import Membership, Partner, PerspectiveVersion, Team
from .summaries import team_summaries_refresh

# team_summaries_refresh is also used by the bulk loaders (demo, generator) through here.

# --- helpers -----------------------------------------------------------------------------


def _may_create_team(user: Any, municipality: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role in TEAM_CHANGE_ROLES and user.municipality_id == municipality.pk


def _check_areas(*, municipality: Any, districts: list[Any], neighbourhoods: list[Any]) -> None:
    if not districts and not neighbourhoods:
        raise ApplicationError(
            _("A team serves at least one district or neighbourhood: choose the areas it serves."),
            field="districts",
        )
    for district in districts:
        if district.municipality_id != municipality.pk:
            raise ApplicationError(
                _("District %(name)s is not in %(municipality)s.")
                % {"name": district.name, "municipality": municipality.name},
                field="districts",
            )
    for neighbourhood in neighbourhoods:
        if neighbourhood.district.municipality_id != municipality.pk:
            raise ApplicationError(
                _("Neighbourhood %(name)s is not in %(municipality)s.")
                % {"name": neighbourhood.name, "municipality": municipality.name},
                field="neighbourhoods",
            )


def _check_team_fields(
    *,
    municipality: Any,
    name: str,
    team_type: str,
    target_group: str,
    positioning: str,
    pk: int | None,
) -> str:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the team a name."), field="name")
    if team_type not in TeamType.values:
        raise ApplicationError(_("Choose the type of team."), field="team_type")
    if target_group not in TargetGroup.values:
        raise ApplicationError(_("Choose the target group."), field="target_group")
    if positioning not in Positioning.values:
        raise ApplicationError(_("Choose the positioning of the team."), field="positioning")
    same_name = Team.objects.filter(municipality=municipality, name__iexact=name)
    if pk is not None:
        same_name = same_name.exclude(pk=pk)
    if same_name.exists():
        raise ApplicationError(
            _("%(municipality)s already has a team called %(name)s.")
            % {"municipality": municipality.name, "name": name},
            field="name",
        )
    return name


# --- teams -------------------------------------------------------------------------------


@transaction.atomic
def team_create(
    *,
    user: Any,
    municipality: Any,
    name: str,
    team_type: str,
    districts: Iterable[Any] = (),
    neighbourhoods: Iterable[Any] = (),
    target_group: str = TargetGroup.ALL_RESIDENTS,
    target_group_description: str = "",
    positioning: str = Positioning.ZEROTH_FIRST,
    description: str = "",
    perspective: str = "",
    perspective_with_residents: bool = False,
    started_on: date | None = None,
    caseload_visible_without_consent: bool = False,
) -> Team:
    """Create a team in a municipality (administrator). A first perspective starts its history."""
    if not _may_create_team(user, municipality):
        raise PermissionDenied
    districts, neighbourhoods = list(districts), list(neighbourhoods)
    name = _check_team_fields(
        municipality=municipality,
        name=name,
        team_type=team_type,
        target_group=target_group,
        positioning=positioning,
        pk=None,
    )
    _check_areas(municipality=municipality, districts=districts, neighbourhoods=neighbourhoods)
    if target_group == TargetGroup.SPECIFIC and not target_group_description.strip():
        raise ApplicationError(
            _("Describe the specific group the team is for."), field="target_group_description"
        )
    team = Team(
        municipality=municipality,
        name=name,
        team_type=team_type,
        target_group=target_group,
        target_group_description=target_group_description.strip(),
        positioning=positioning,
        description=description.strip(),
        perspective=perspective.strip(),
        started_on=started_on,
        caseload_visible_without_consent=caseload_visible_without_consent,
    )
    _full_clean(team)
    team.save()
    team.districts.set(districts)
    team.neighbourhoods.set(neighbourhoods)
    team_summaries_refresh([team.pk])
    if team.perspective:
        version = PerspectiveVersion(
            team=team,
            text=team.perspective,
            written_with_residents=perspective_with_residents,
            note=_("First version"),
            changed_by=user,
        )
        _full_clean(version)
        version.save()
    return team


@transaction.atomic
def team_update(
    *,
    user: Any,
    team: Team,
    name: str,
    team_type: str,
    districts: Iterable[Any],
    neighbourhoods: Iterable[Any],
    target_group: str,
    target_group_description: str = "",
    positioning: str,
    description: str = "",
    started_on: date | None = None,
    caseload_visible_without_consent: bool | None = None,
) -> Team:
    """Change a team's description, type, areas served, target group and positioning.

    ``caseload_visible_without_consent`` (None: unchanged) is the team lead's decision
    whether members see the names of residents in the team's caseload who did not consent
    to them (never the content; see ``residents.selectors.caseload``).
    The shared perspective changes only through :func:`team_set_perspective`.
    """
    _require(user, Action.CHANGE, team)
    team = Team.objects.select_for_update().select_related("municipality").get(pk=team.pk)
    districts, neighbourhoods = list(districts), list(neighbourhoods)
    team.name = _check_team_fields(
        municipality=team.municipality,
        name=name,
        team_type=team_type,
        target_group=target_group,
        positioning=positioning,
        pk=team.pk,
    )
    _check_areas(municipality=team.municipality, districts=districts, neighbourhoods=neighbourhoods)
    if target_group == TargetGroup.SPECIFIC and not target_group_description.strip():
        raise ApplicationError(
            _("Describe the specific group the team is for."), field="target_group_description"
        )
    team.team_type = team_type
    team.target_group = target_group
    team.target_group_description = target_group_description.strip()
    team.positioning = positioning
    team.description = description.strip()
    team.started_on = started_on
    if caseload_visible_without_consent is not None:
        team.caseload_visible_without_consent = caseload_visible_without_consent
    _full_clean(team)
    team.save()
    team.districts.set(districts)
    team.neighbourhoods.set(neighbourhoods)
    team_summaries_refresh([team.pk])
    return team


@transaction.atomic
def team_set_perspective(
    *,
    user: Any,
    team: Team,
    text: str,
    written_with_residents: bool = False,
    note: str = "",
) -> PerspectiveVersion:
    """Change the team's shared perspective (stip aan de horizon), keeping the history."""
    _require(user, Action.CHANGE, team)
    team = Team.objects.select_for_update().get(pk=team.pk)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Write the shared perspective of the team."), field="text")
    latest = team.perspective_versions.order_by("-changed_at", "-pk").first()
    if (
        latest is not None
        and text == team.perspective.strip() == latest.text.strip()
        and latest.written_with_residents == written_with_residents
    ):
        raise ApplicationError(
            _("The shared perspective is the same as the current one: nothing to save."),
            field="text",
        )
    version = PerspectiveVersion(
        team=team,
        text=text,
        written_with_residents=written_with_residents,
        note=note.strip(),
        changed_by=user,
    )
    _full_clean(version)
    team.perspective = text
    _full_clean(team)
    team.save(update_fields=["perspective", "updated_at"])
    version.save()
    return version


# --- memberships (personal data) --------------------------------------------------------


def _check_membership(
    *,
    team: Team,
    person_name: str,
    organisation: Any,
    account: Any,
    ring: str,
    hours_per_week: Decimal | int | float,
    pk: int | None,
) -> str:
    person_name = " ".join((person_name or "").split())
    if not person_name:
        raise ApplicationError(_("Give the name of the team member."), field="person_name")
    if organisation is None:
        raise ApplicationError(_("Choose the employer organisation."), field="organisation")
    if organisation.municipality_id != team.municipality_id:
        raise ApplicationError(
            _("The organisation must work in the team's municipality."), field="organisation"
        )
    if ring not in Ring.values:
        raise ApplicationError(_("Choose the ring of the member."), field="ring")
    if hours_per_week is None or not 0 <= Decimal(str(hours_per_week)) <= 40:
        raise ApplicationError(
            _("Hours per week must be between 0 and 40."), field="hours_per_week"
        )
    others = Membership.objects.filter(team=team)
    if pk is not None:
        others = others.exclude(pk=pk)
    if others.filter(person_name__iexact=person_name, organisation=organisation).exists():
        raise ApplicationError(
            _("%(name)s of %(organisation)s is already a member of this team.")
            % {"name": person_name, "organisation": organisation.name},
            field="person_name",
        )
    if account is not None:
        if account.municipality_id != team.municipality_id or account.role not in TEAM_ROLES:
            raise ApplicationError(
                _("Link an account of a team role in the team's municipality."), field="user"
            )
        if others.filter(user=account).exists():
            raise ApplicationError(
                _("This account is already linked to another member of this team."), field="user"
            )
    return person_name


@transaction.atomic
def membership_add(
    *,
    user: Any,
    team: Team,
    person_name: str,
    organisation: Any,
    ring: str = Ring.CORE,
    hours_per_week: Decimal | int | float = 0,
    job_title: str = "",
    personal_drive: str = "",
    account: Any = None,
    started_on: date | None = None,
    request: Any = None,
) -> Membership:
    """Add a person to a team, in one ring, from an employer organisation."""
    _require(user, Action.CHANGE, team)
    Team.objects.select_for_update().filter(pk=team.pk).first()
    person_name = _check_membership(
        team=team,
        person_name=person_name,
        organisation=organisation,
        account=account,
        ring=ring,
        hours_per_week=hours_per_week,
        pk=None,
    )
    membership = Membership(
        team=team,
        person_name=person_name,
        user=account,
        organisation=organisation,
        job_title=job_title.strip(),
        ring=ring,
        hours_per_week=Decimal(str(hours_per_week)),
        personal_drive=personal_drive.strip(),
        started_on=started_on,
    )
    _full_clean(membership)
    membership.save()
    team_summaries_refresh([membership.team_id])
    log_access(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.TEAM_MANAGEMENT,
        obj=membership,
        request=request,
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    user: Any,
    membership: Membership,
    person_name: str,
    organisation: Any,
    ring: str,
    hours_per_week: Decimal | int | float,
    job_title: str = "",
    personal_drive: str = "",
    account: Any = None,
    started_on: date | None = None,
    request: Any = None,
) -> Membership:
    """Change a member's details, ring or hours."""
    _require(user, Action.CHANGE, membership)
    membership = Membership.objects.select_for_update().select_related("team").get(pk=membership.pk)
    membership.person_name = _check_membership(
        team=membership.team,
        person_name=person_name,
        organisation=organisation,
        account=account,
        ring=ring,
        hours_per_week=hours_per_week,
        pk=membership.pk,
    )
    membership.organisation = organisation
    membership.user = account
    membership.ring = ring
    membership.hours_per_week = Decimal(str(hours_per_week))
    membership.job_title = job_title.strip()
    membership.personal_drive = personal_drive.strip()
    membership.started_on = started_on
    _full_clean(membership)
    membership.save()
    team_summaries_refresh([membership.team_id])
    log_access(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.TEAM_MANAGEMENT,
        obj=membership,
        request=request,
    )
    return membership


@transaction.atomic
def membership_remove(*, user: Any, membership: Membership, request: Any = None) -> None:
    """Remove a member from the team (the person's data of this membership is deleted)."""
    _require(user, Action.CHANGE, membership)
    log_access(
        user=user,
        action=Event.DELETE,
        purpose=Purpose.TEAM_MANAGEMENT,
        obj=membership,
        request=request,
    )
    team_id = membership.team_id
    membership.delete()
    team_summaries_refresh([team_id])


# --- partners --------------------------------------------------------------------------


def _check_partner(
    *, team: Team, name: str, kind: str, ring: str, organisation: Any, pk: int | None
) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(_("Give the partner or programme a name."), field="name")
    if kind not in PartnerKind.values:
        raise ApplicationError(_("Choose the kind of partner."), field="kind")
    if ring not in Ring.values:
        raise ApplicationError(_("Choose the ring of the partner."), field="ring")
    if organisation is not None and organisation.municipality_id != team.municipality_id:
        raise ApplicationError(
            _("The organisation must work in the team's municipality."), field="organisation"
        )
    same_name = Partner.objects.filter(team=team, name__iexact=name)
    if pk is not None:
        same_name = same_name.exclude(pk=pk)
    if same_name.exists():
        raise ApplicationError(
            _("This team already has a partner called %(name)s.") % {"name": name}, field="name"
        )
    return name


@transaction.atomic
def partner_add(
    *,
    user: Any,
    team: Team,
    name: str,
    kind: str,
    ring: str = Ring.OUTER,
    organisation: Any = None,
    description: str = "",
) -> Partner:
    """Link a partner, programme or network to the team, in one ring."""
    _require(user, Action.CHANGE, team)
    name = _check_partner(
        team=team, name=name, kind=kind, ring=ring, organisation=organisation, pk=None
    )
    partner = Partner(
        team=team,
        name=name,
        kind=kind,
        ring=ring,
        organisation=organisation,
        description=description.strip(),
    )
    _full_clean(partner)
    partner.save()
    return partner


@transaction.atomic
def partner_update(
    *,
    user: Any,
    partner: Partner,
    name: str,
    kind: str,
    ring: str,
    organisation: Any = None,
    description: str = "",
) -> Partner:
    """Change a partner's name, kind, ring, organisation or description."""
    _require(user, Action.CHANGE, partner)
    partner = Partner.objects.select_for_update().select_related("team").get(pk=partner.pk)
    partner.name = _check_partner(
        team=partner.team, name=name, kind=kind, ring=ring, organisation=organisation, pk=partner.pk
    )
    partner.kind = kind
    partner.ring = ring
    partner.organisation = organisation
    partner.description = description.strip()
    _full_clean(partner)
    partner.save()
    return partner


@transaction.atomic
def partner_remove(*, user: Any, partner: Partner) -> None:
    """Unlink a partner from the team."""
    _require(user, Action.CHANGE, partner)
    partner.delete()
