"""team_create, team_update, team_set_perspective: permission, every refusal, nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.areas.tests.factories import DistrictFactory
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.teams import services
from wijkkompas.teams.constants import Positioning, TargetGroup, TeamType
from wijkkompas.teams.models import PerspectiveVersion, Team

pytestmark = pytest.mark.django_db


def _create(world, user, **overrides):
    kwargs = dict(
        user=user,
        municipality=world.gm,
        name="Team Hattemerbroek",
        team_type=TeamType.FLEXIBLE_NETWORK,
        districts=[world.district],
        neighbourhoods=[],
        positioning=Positioning.ZEROTH,
    )
    kwargs.update(overrides)
    return services.team_create(**kwargs)


def test_admin_creates_team_with_first_perspective_version(world):
    admin = world.user(Role.ADMIN)
    team = _create(world, admin, perspective="Samen sterk", perspective_with_residents=True)
    assert list(team.districts.all()) == [world.district]
    version = team.perspective_versions.get()
    assert version.text == "Samen sterk" and version.written_with_residents
    assert version.changed_by == admin


def test_team_without_area_is_refused(world):
    with pytest.raises(ApplicationError, match="at least one district or neighbourhood") as exc:
        _create(world, world.user(Role.ADMIN), districts=[], neighbourhoods=[])
    assert exc.value.field == "districts"
    assert not Team.objects.filter(name="Team Hattemerbroek").exists()


def test_area_of_other_municipality_is_refused(world):
    foreign_district = DistrictFactory(municipality=world.other_gm)
    with pytest.raises(ApplicationError, match="not in Oldebroek"):
        _create(world, world.user(Role.ADMIN), districts=[world.district, foreign_district])
    foreign_neighbourhood = world.foreign.neighbourhoods.first()
    with pytest.raises(ApplicationError, match="not in Oldebroek"):
        _create(world, world.user(Role.ADMIN), neighbourhoods=[foreign_neighbourhood])
    assert not Team.objects.filter(name="Team Hattemerbroek").exists()


def test_duplicate_team_name_is_refused(world):
    with pytest.raises(ApplicationError, match="already has a team"):
        _create(world, world.user(Role.ADMIN), name="krachtstroom wezep")


def test_specific_target_group_needs_description(world):
    with pytest.raises(ApplicationError) as exc:
        _create(world, world.user(Role.ADMIN), target_group=TargetGroup.SPECIFIC)
    assert exc.value.field == "target_group_description"


def test_invalid_choices_are_refused(world):
    with pytest.raises(ApplicationError):
        _create(world, world.user(Role.ADMIN), team_type="mega")
    with pytest.raises(ApplicationError):
        _create(world, world.user(Role.ADMIN), positioning="9")
    with pytest.raises(ApplicationError):
        _create(world, world.user(Role.ADMIN), name="   ")


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.PROFESSIONAL])
def test_only_admin_creates_teams(world, role):
    with pytest.raises(PermissionDenied):
        _create(world, world.user(role))


def test_admin_of_other_municipality_cannot_create_here(world):
    with pytest.raises(PermissionDenied):
        _create(world, world.user("other_admin"))


def _update(world, user, team=None, **overrides):
    kwargs = dict(
        user=user,
        team=team or world.team,
        name="Krachtstroom Wezep",
        team_type=TeamType.FIXED_EXTENDED,
        districts=[world.district],
        neighbourhoods=[world.neighbourhood],
        target_group=TargetGroup.ALL_RESIDENTS,
        positioning=Positioning.FIRST,
        description="Nieuw",
    )
    kwargs.update(overrides)
    return services.team_update(**kwargs)


def test_team_lead_updates_own_team(world):
    team = _update(world, world.user(Role.TEAM_LEAD))
    team.refresh_from_db()
    assert team.team_type == TeamType.FIXED_EXTENDED and team.description == "Nieuw"


def test_update_permissions(world):
    with pytest.raises(PermissionDenied):  # sees the team, may not change it
        _update(world, world.user(Role.PROFESSIONAL))
    with pytest.raises(PermissionDenied):
        _update(world, world.user(Role.POLICY_OFFICER))
    with pytest.raises(Http404):  # another team: not even seen
        _update(world, world.user("other_team_lead"))
    with pytest.raises(Http404):
        _update(world, world.user("other_admin"))


def test_update_without_area_changes_nothing(world):
    before = (
        world.team.team_type,
        set(world.team.districts.all()),
        set(world.team.neighbourhoods.all()),
    )
    with pytest.raises(ApplicationError):
        _update(world, world.user(Role.ADMIN), districts=[], neighbourhoods=[])
    world.team.refresh_from_db()
    after = (
        world.team.team_type,
        set(world.team.districts.all()),
        set(world.team.neighbourhoods.all()),
    )
    assert before == after


def test_update_with_foreign_area_changes_nothing(world):
    foreign_district = DistrictFactory(municipality=world.other_gm)
    with pytest.raises(ApplicationError):
        _update(world, world.user(Role.ADMIN), districts=[foreign_district], description="changed")
    world.team.refresh_from_db()
    assert world.team.description == ""
    assert list(world.team.districts.all()) == [world.district]


def test_set_perspective_keeps_history(world):
    lead = world.user(Role.TEAM_LEAD)
    services.team_set_perspective(user=lead, team=world.team, text="Eerste", note="start")
    services.team_set_perspective(
        user=lead, team=world.team, text="Tweede", written_with_residents=True, note="buurtavond"
    )
    world.team.refresh_from_db()
    assert world.team.perspective == "Tweede"
    assert [v.text for v in PerspectiveVersion.objects.filter(team=world.team)] == [
        "Tweede",
        "Eerste",
    ]


def test_set_perspective_refusals(world):
    lead = world.user(Role.TEAM_LEAD)
    with pytest.raises(ApplicationError, match="Write the shared perspective"):
        services.team_set_perspective(user=lead, team=world.team, text="  ")
    services.team_set_perspective(user=lead, team=world.team, text="Stip")
    with pytest.raises(ApplicationError, match="the same as the current one"):
        services.team_set_perspective(user=lead, team=world.team, text="Stip ")
    # The same text, now written with residents, is a new version.
    services.team_set_perspective(
        user=lead, team=world.team, text="Stip", written_with_residents=True
    )
    assert world.team.perspective_versions.count() == 2
    with pytest.raises(PermissionDenied):
        services.team_set_perspective(user=world.user(Role.PROFESSIONAL), team=world.team, text="X")
    with pytest.raises(Http404):
        services.team_set_perspective(user=world.user("other_team_lead"), team=world.team, text="X")
    world.team.refresh_from_db()
    assert world.team.perspective == "Stip"


def test_too_long_note_is_refused_and_nothing_saved(world):
    with pytest.raises(ApplicationError):
        services.team_set_perspective(
            user=world.user(Role.ADMIN), team=world.team, text="Nieuw", note="x" * 301
        )
    world.team.refresh_from_db()
    assert world.team.perspective != "Nieuw"
    assert not world.team.perspective_versions.exists()
