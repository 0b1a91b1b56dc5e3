"""The place pages: who may open them and what they show."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.components.sections import _REGISTRY, Section, register_section
from wijkkompas.places.models import Place

pytestmark = pytest.mark.django_db


def test_anonymous_goes_to_login_except_on_the_public_list(world: Any) -> None:
    client = Client()
    for url in (
        reverse("places:list"),
        reverse("places:create"),
        reverse("places:detail", args=[world.place.pk]),
        reverse("places:edit", args=[world.place.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    response = client.get(reverse("places:public", args=[world.neighbourhood.code]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "De Klaproos" in text and "Keukentafel bij Jansen" not in text
    assert client.get(reverse("places:public", args=["BU00000000"])).status_code == 404


def test_researcher_has_no_place_pages(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.RESEARCHER))
    assert client.get(reverse("places:list")).status_code == 403
    assert client.get(reverse("places:detail", args=[world.place.pk])).status_code == 403


def test_public_place_of_another_municipality_hides_its_areas(
    world: Any, login_client: Any
) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.get(reverse("places:detail", args=[world.foreign_public_place.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bibliotheek Noord" in text
    assert world.foreign_neighbourhood.name not in text and "Amsterdam" not in text


@pytest.mark.parametrize(
    "role", [Role.PROFESSIONAL, Role.POLICY_OFFICER, Role.INITIATOR, Role.RESIDENT, Role.ADMIN]
)
def test_list_and_detail(role: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(role))
    text = client.get(reverse("places:list")).content.decode()
    assert "De Klaproos" in text and "Keukentafel bij Jansen" in text
    assert "Bibliotheek Noord" not in text  # the list is of the own municipality
    assert client.get(reverse("places:detail", args=[world.place.pk])).status_code == 200
    foreign = client.get(reverse("places:detail", args=[world.foreign_place.pk]))
    assert foreign.status_code == 404


def test_filter(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.ADMIN))
    text = client.get(reverse("places:list"), {"soort": "kitchen_table"}).content.decode()
    assert "Keukentafel bij Jansen" in text and "De Klaproos" not in text


def test_create_and_edit(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.COORDINATOR))
    response = client.post(
        reverse("places:create"),
        {
            "name": "Basisschool De Wegwijzer",
            "kind": "school",
            "neighbourhood": world.neighbourhood.pk,
            "address": "Schoolstraat 3",
            "accessible": "on",
            "public": "on",
        },
    )
    assert response.status_code == 302
    place = Place.objects.get(name="Basisschool De Wegwijzer")
    response = client.post(
        reverse("places:edit", args=[place.pk]),
        {"name": "De Klaproos", "kind": "school"},
    )
    assert response.status_code == 200  # the name is taken: a form error, nothing saved
    place.refresh_from_db()
    assert place.name == "Basisschool De Wegwijzer"


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.INITIATOR, Role.RESIDENT])
def test_non_team_roles_may_not_create_or_edit(role: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(role))
    assert client.get(reverse("places:create")).status_code == 403
    assert client.get(reverse("places:edit", args=[world.place.pk])).status_code == 403
    response = client.post(reverse("places:create"), {"name": "X", "kind": "other"})
    assert response.status_code == 403
    assert not Place.objects.filter(name="X").exists()


def test_place_page_renders_registered_sections(world: Any, login_client: Any) -> None:
    def provider(*, request: Any, obj: Any) -> Section | None:
        return Section(template="places/tests/section.html", context={"name": obj.name})

    saved = {page: list(entries) for page, entries in _REGISTRY.items()}
    register_section("place", provider, order=1)
    try:
        response = login_client(world.user(Role.PROFESSIONAL)).get(
            reverse("places:detail", args=[world.place.pk])
        )
    finally:
        _REGISTRY.clear()
        _REGISTRY.update(saved)
    assert "Sectie over De Klaproos" in response.content.decode()
