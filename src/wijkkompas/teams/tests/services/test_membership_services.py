"""membership_add/update/remove and partner_add/update/remove: rules and permission."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.teams import services
from wijkkompas.teams.constants import PartnerKind, Ring
from wijkkompas.teams.models import Membership, Partner

pytestmark = pytest.mark.django_db


def _add(world, user=None, **overrides):
    kwargs = dict(
        user=user or world.user(Role.TEAM_LEAD),
        team=world.team,
        person_name="Eva Visser",
        organisation=world.amw,
        ring=Ring.FIRST_SHELL,
        hours_per_week=Decimal("12.5"),
        personal_drive="Omdat het kan.",
    )
    kwargs.update(overrides)
    return services.membership_add(**kwargs)


def test_add_member(world):
    member = _add(world)
    assert member.pk and member.team == world.team and member.hours_per_week == Decimal("12.5")


def test_duplicate_person_and_organisation_is_refused_with_message(world):
    with pytest.raises(ApplicationError, match="already a member of this team") as exc:
        _add(world, person_name="  ANNA   de vries ")
    assert exc.value.field == "person_name"
    assert Membership.objects.filter(team=world.team).count() == 2


def test_same_name_at_other_organisation_is_allowed(world):
    _add(world, person_name="Anna de Vries", organisation=world.nurse_org)


def test_same_account_twice_is_refused(world):
    account = UserFactory(role=Role.PROFESSIONAL, municipality=world.gm)
    _add(world, account=account)
    with pytest.raises(ApplicationError, match="already linked") as exc:
        _add(world, person_name="Iemand anders", account=account)
    assert exc.value.field == "user"


def test_account_of_other_municipality_or_non_team_role_is_refused(world):
    with pytest.raises(ApplicationError):
        _add(world, account=UserFactory(role=Role.PROFESSIONAL, municipality=world.other_gm))
    with pytest.raises(ApplicationError):
        _add(world, account=world.user(Role.RESIDENT))


def test_organisation_of_other_municipality_is_refused(world):
    foreign = OrganisationFactory(municipality=world.other_gm)
    with pytest.raises(ApplicationError, match="municipality") as exc:
        _add(world, organisation=foreign)
    assert exc.value.field == "organisation"
    assert not Membership.objects.filter(person_name="Eva Visser").exists()


@pytest.mark.parametrize("hours", [Decimal("-1"), Decimal("40.5"), None])
def test_hours_out_of_range_are_refused(world, hours):
    with pytest.raises(ApplicationError):
        _add(world, hours_per_week=hours)


def test_empty_name_and_bad_ring_are_refused(world):
    with pytest.raises(ApplicationError):
        _add(world, person_name=" ")
    with pytest.raises(ApplicationError):
        _add(world, ring="middle")


def test_membership_permissions(world):
    with pytest.raises(PermissionDenied):
        _add(world, user=world.user(Role.PROFESSIONAL))
    with pytest.raises(PermissionDenied):
        _add(world, user=world.user(Role.POLICY_OFFICER))
    with pytest.raises(Http404):
        _add(world, user=world.user("other_team_lead"))
    with pytest.raises(Http404):
        _add(world, user=world.user("other_admin"))
    assert not Membership.objects.filter(person_name="Eva Visser").exists()


def test_update_member(world):
    member = world.members[0]
    services.membership_update(
        user=world.user(Role.ADMIN),
        membership=member,
        person_name="Anna de Vries-Bos",
        organisation=world.nurse_org,
        ring=Ring.ON_CALL,
        hours_per_week=4,
    )
    member.refresh_from_db()
    assert (member.person_name, member.organisation, member.ring) == (
        "Anna de Vries-Bos",
        world.nurse_org,
        Ring.ON_CALL,
    )


def test_update_into_duplicate_is_refused_and_nothing_changes(world):
    member = world.members[1]  # Bram Jansen, Thuiszorg
    with pytest.raises(ApplicationError):
        services.membership_update(
            user=world.user(Role.TEAM_LEAD),
            membership=member,
            person_name="Anna de Vries",
            organisation=world.amw,
            ring=Ring.CORE,
            hours_per_week=2,
        )
    member.refresh_from_db()
    assert member.person_name == "Bram Jansen" and member.ring == Ring.FIRST_SHELL


def test_update_and_remove_member_of_other_team_is_404(world):
    other = world.members[2]
    with pytest.raises(Http404):
        services.membership_remove(user=world.user(Role.TEAM_LEAD), membership=other)
    with pytest.raises(Http404):
        services.membership_update(
            user=world.user(Role.TEAM_LEAD),
            membership=other,
            person_name="X",
            organisation=world.amw,
            ring=Ring.CORE,
            hours_per_week=1,
        )
    assert Membership.objects.filter(pk=other.pk).exists()


def test_remove_member(world):
    member = world.members[0]
    services.membership_remove(user=world.user(Role.TEAM_LEAD), membership=member)
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_professional_cannot_remove(world):
    with pytest.raises(PermissionDenied):
        services.membership_remove(user=world.user(Role.PROFESSIONAL), membership=world.members[0])


# --- partners ----------------------------------------------------------------------------


def test_partner_add_update_remove(world):
    lead = world.user(Role.TEAM_LEAD)
    partner = services.partner_add(
        user=lead,
        team=world.team,
        name="Dementieketen",
        kind=PartnerKind.CARE_CHAIN,
        ring=Ring.ON_CALL,
    )
    services.partner_update(
        user=lead,
        partner=partner,
        name="Dementieketen",
        kind=PartnerKind.CARE_CHAIN,
        ring=Ring.OUTER,
        organisation=world.nurse_org,
    )
    partner.refresh_from_db()
    assert partner.ring == Ring.OUTER and partner.organisation == world.nurse_org
    services.partner_remove(user=lead, partner=partner)
    assert not Partner.objects.filter(pk=partner.pk).exists()


def test_partner_refusals(world):
    lead = world.user(Role.TEAM_LEAD)
    with pytest.raises(ApplicationError, match="already has a partner"):
        services.partner_add(
            user=lead, team=world.team, name="jeugdteam wezep", kind=PartnerKind.NETWORK
        )
    with pytest.raises(ApplicationError):
        services.partner_add(user=lead, team=world.team, name="X", kind="club")
    with pytest.raises(ApplicationError):
        services.partner_add(user=lead, team=world.team, name="", kind=PartnerKind.NETWORK)
    with pytest.raises(ApplicationError, match="municipality"):
        services.partner_add(
            user=lead,
            team=world.team,
            name="Y",
            kind=PartnerKind.NETWORK,
            organisation=OrganisationFactory(municipality=world.other_gm),
        )
    with pytest.raises(PermissionDenied):
        services.partner_add(
            user=world.user(Role.PROFESSIONAL), team=world.team, name="Z", kind=PartnerKind.NETWORK
        )
    with pytest.raises(Http404):
        services.partner_remove(user=world.user("other_team_lead"), partner=world.partner)
    assert Partner.objects.filter(team=world.team).count() == 1
