"""Area services: CBS code validation, parent rules, permission, nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas import services
from wijkkompas.areas.models import District, Municipality, Neighbourhood
from wijkkompas.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["WK12", "wk02690", "GM026901", "WK02690A", ""])
def test_invalid_district_codes_are_refused(world, code):
    with pytest.raises(ApplicationError) as exc:
        services.district_create(
            user=world.user(Role.ADMIN), municipality=world.gm, code=code, name="X"
        )
    assert exc.value.field == "code"
    assert District.objects.filter(municipality=world.gm).count() == 1


def test_district_code_must_match_municipality(world):
    with pytest.raises(ApplicationError, match="municipality code"):
        services.district_create(
            user=world.user(Role.ADMIN), municipality=world.gm, code="WK099901", name="X"
        )


def test_district_create_normalises_and_refuses_duplicates(world):
    admin = world.user(Role.ADMIN)
    district = services.district_create(
        user=admin, municipality=world.gm, code=" wk026902 ", name="Hattemerbroek"
    )
    assert district.code == "WK026902"
    with pytest.raises(ApplicationError, match="already in use"):
        services.district_create(user=admin, municipality=world.gm, code="WK026902", name="Dubbel")


def test_neighbourhood_rules(world):
    admin = world.user(Role.ADMIN)
    hood = services.neighbourhood_create(
        user=admin, district=world.district, code="BU02690102", name="Zuid"
    )
    assert hood.district == world.district
    for bad in ["BU0269010", "BU03610101", "WK02690103"]:
        with pytest.raises(ApplicationError):
            services.neighbourhood_create(user=admin, district=world.district, code=bad, name="X")
    with pytest.raises(ApplicationError, match="already in use"):
        services.neighbourhood_create(
            user=admin, district=world.district, code="BU02690101", name="X"
        )
    services.neighbourhood_update(
        user=admin, neighbourhood=hood, code="BU02690103", name="Zuid-Oost"
    )
    hood.refresh_from_db()
    assert (hood.code, hood.name) == ("BU02690103", "Zuid-Oost")


def test_district_code_cannot_change_with_neighbourhoods(world):
    admin = world.user(Role.ADMIN)
    with pytest.raises(ApplicationError, match="has neighbourhoods"):
        services.district_update(user=admin, district=world.district, code="WK026909", name="Wezep")
    services.district_update(
        user=admin, district=world.district, code="WK026901", name="Wezep-dorp"
    )
    world.district.refresh_from_db()
    assert world.district.name == "Wezep-dorp"


def test_area_permissions(world):
    for role in (Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.PROFESSIONAL):
        with pytest.raises(PermissionDenied):
            services.district_create(
                user=world.user(role), municipality=world.gm, code="WK026905", name="X"
            )
    with pytest.raises(Http404):
        services.district_create(
            user=world.user("other_admin"), municipality=world.gm, code="WK026905", name="X"
        )
    with pytest.raises(Http404):
        services.neighbourhood_update(
            user=world.user("other_admin"),
            neighbourhood=world.neighbourhood,
            code="BU02690101",
            name="X",
        )
    assert not District.objects.filter(code="WK026905").exists()


def test_municipality_create_only_for_operator(world):
    with pytest.raises(PermissionDenied):
        services.municipality_create(user=world.user(Role.ADMIN), code="GM0999", name="Nergens")
    root = UserFactory.create(role=Role.ADMIN, municipality=None, is_superuser=True)
    municipality = services.municipality_create(user=root, code="gm0999", name="Nergens")
    assert municipality.code == "GM0999"
    with pytest.raises(ApplicationError):
        services.municipality_create(user=root, code="GM99", name="Fout")
    with pytest.raises(ApplicationError, match="already in use"):
        services.municipality_create(user=root, code="GM0269", name="Dubbel")
    assert not Municipality.objects.filter(name__in=["Fout", "Dubbel"]).exists()


def test_municipality_update(world):
    admin = world.user(Role.ADMIN)
    services.municipality_update(
        user=admin, municipality=world.gm, name="Oldebroek", shares_aggregates=True
    )
    world.gm.refresh_from_db()
    assert world.gm.shares_aggregates
    with pytest.raises(ApplicationError, match="has districts"):
        services.municipality_update(
            user=admin, municipality=world.gm, name="Oldebroek", code="GM0270"
        )
    with pytest.raises(Http404):
        services.municipality_update(
            user=world.user("other_admin"), municipality=world.gm, name="X"
        )
    world.gm.refresh_from_db()
    assert world.gm.code == "GM0269" and world.gm.name == "Oldebroek"
    assert Neighbourhood.objects.filter(district__municipality=world.gm).count() == 1
