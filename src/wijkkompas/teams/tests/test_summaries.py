"""The derived team summary follows every change that affects it."""

import pytest
from django.core.management import call_command

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.services import district_update
from wijkkompas.areas.tests.factories import DistrictFactory
from wijkkompas.organisations.constants import Craft
from wijkkompas.organisations.services import organisation_update
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.teams import services
from wijkkompas.teams.constants import Ring
from wijkkompas.teams.models import Team
from wijkkompas.teams.summaries import team_summaries_compute
from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db


def stored(team: Team) -> dict:
    team.refresh_from_db()
    return team.summary


def fresh(team: Team) -> dict:
    return team_summaries_compute([team.pk])[team.pk]


@pytest.fixture
def admin_and_team():
    team = TeamFactory.create()
    admin = UserFactory.create(role=Role.ADMIN, municipality=team.municipality)
    return admin, team


def test_membership_services_keep_the_summary(admin_and_team):
    admin, team = admin_and_team
    organisation = OrganisationFactory.create(municipality=team.municipality, craft=Craft.ZORG)
    member = services.membership_add(
        user=admin,
        team=team,
        person_name="Sanne Visser",
        organisation=organisation,
        ring=Ring.CORE,
        hours_per_week=8,
    )
    assert stored(team)["rings"] == {"core": 1} and stored(team)["crafts"] == {"zorg": 1}
    services.membership_update(
        user=admin,
        membership=member,
        person_name="Sanne Visser",
        organisation=organisation,
        ring=Ring.OUTER,
        hours_per_week=8,
    )
    assert stored(team)["rings"] == {"outer": 1}
    services.membership_remove(user=admin, membership=member)
    assert stored(team)["members"] == 0
    assert stored(team) == fresh(team)


def test_organisation_change_refreshes_the_teams_it_works_in(admin_and_team):
    admin, team = admin_and_team
    member = MembershipFactory.create(team=team)
    organisation = member.organisation
    organisation_update(
        user=admin,
        organisation=organisation,
        name=organisation.name,
        discipline=organisation.discipline,
        craft=Craft.WELZIJN,
    )
    assert stored(team)["crafts"] == {"welzijn": 1}
    assert stored(team) == fresh(team)


def test_district_rename_refreshes_the_teams_that_serve_it(admin_and_team):
    admin, team = admin_and_team
    district = DistrictFactory.create(municipality=team.municipality)
    team.districts.add(district)
    call_command("refresh_team_summaries")
    district_update(user=admin, district=district, code=district.code, name="Nieuwe Naam")
    assert "Nieuwe Naam" in stored(team)["areas"]
    assert stored(team) == fresh(team)
