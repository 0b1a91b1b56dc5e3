"""Writes of places."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.places import services
from wijkkompas.places.constants import PlaceKind
from wijkkompas.places.models import Place

pytestmark = pytest.mark.django_db


def test_team_role_adds_a_place_to_its_municipality(world: Any) -> None:
    place = services.place_create(
        user=world.user(Role.PROFESSIONAL),
        name=" Moestuin Wezep ",
        kind=PlaceKind.GARDEN,
        neighbourhood=world.neighbourhood,
        accessible=True,
    )
    assert place.municipality == world.gm and place.name == "Moestuin Wezep"


@pytest.mark.parametrize(
    "role", [Role.POLICY_OFFICER, Role.RESEARCHER, Role.INITIATOR, Role.RESIDENT]
)
def test_other_roles_may_not_add_places(role: str, world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.place_create(user=world.user(role), name="X", kind=PlaceKind.OTHER)
    assert not Place.objects.filter(name="X").exists()


def test_neighbourhood_of_another_municipality_is_refused(world: Any) -> None:
    with pytest.raises(ApplicationError):
        services.place_create(
            user=world.user(Role.ADMIN),
            name="Elders",
            kind=PlaceKind.OTHER,
            neighbourhood=world.foreign_neighbourhood,
        )
    assert not Place.objects.filter(name="Elders").exists()


def test_name_once_per_municipality(world: Any) -> None:
    with pytest.raises(ApplicationError):
        services.place_create(user=world.user(Role.ADMIN), name="de klaproos", kind="school")
    # Another municipality may use the same name.
    services.place_create(user=world.user("foreign_admin"), name="De Klaproos", kind="school")


def test_update(world: Any) -> None:
    place = services.place_update(
        user=world.user(Role.TEAM_LEAD), place=world.place, activities="Elke dinsdag koffie"
    )
    assert place.activities == "Elke dinsdag koffie"
    with pytest.raises(PermissionDenied):
        # Public, so visible, but not to change for another municipality.
        services.place_update(user=world.user("foreign_admin"), place=world.place, name="X")
    with pytest.raises(Http404):
        services.place_update(user=world.user(Role.ADMIN), place=world.foreign_place, name="X")
    with pytest.raises(PermissionDenied):
        services.place_update(user=world.user(Role.POLICY_OFFICER), place=world.place, name="X")
