"""The permission layer: tenant and team scoping for every model with a policy."""

import pytest

from wijkkompas.accounts.access import can, restrict
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.teams.models import Membership, Team
from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_team_roles_see_only_their_own_teams():
    gm = MunicipalityFactory.create()
    mine, other = TeamFactory.create(municipality=gm), TeamFactory.create(municipality=gm)
    foreign = TeamFactory.create()
    user = UserFactory.create(role=Role.PROFESSIONAL, municipality=gm, teams=[mine])
    assert list(restrict(Team.objects.all(), user)) == [mine]
    assert not can(user, Action.VIEW, other)
    assert not can(user, Action.VIEW, foreign)
    assert not can(user, Action.CHANGE, mine)


def test_team_lead_changes_own_team_only():
    gm = MunicipalityFactory.create()
    mine, other = TeamFactory.create(municipality=gm), TeamFactory.create(municipality=gm)
    lead = UserFactory.create(role=Role.TEAM_LEAD, municipality=gm, teams=[mine])
    assert can(lead, Action.CHANGE, mine)
    assert not can(lead, Action.CHANGE, other)


def test_policy_officer_sees_teams_of_own_municipality_but_no_member_names():
    gm = MunicipalityFactory.create()
    team = TeamFactory.create(municipality=gm)
    MembershipFactory.create(team=team)
    officer = UserFactory.create(role=Role.POLICY_OFFICER, municipality=gm)
    assert can(officer, Action.VIEW, team)
    assert not restrict(Membership.objects.all(), officer).exists()
    assert not can(officer, Action.VIEW, TeamFactory.create())


def test_anonymous_and_inactive_see_nothing():
    from django.contrib.auth.models import AnonymousUser

    team = TeamFactory.create()
    assert not restrict(Team.objects.all(), AnonymousUser()).exists()
    inactive = UserFactory.create(role=Role.ADMIN, municipality=team.municipality, is_active=False)
    assert not restrict(Team.objects.all(), inactive).exists()
