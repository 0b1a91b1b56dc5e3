"""The neighbourhood pages: who may open them (200, 403/404 per role), what they show."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import Role

pytestmark = pytest.mark.django_db

ROLES = [role.value for role in Role]


def _detail(code: str) -> str:
    return reverse("neighbourhoods:detail", args=[code])


def _public(code: str) -> str:
    return reverse("neighbourhoods:public", args=[code])


def test_anonymous_visitors_are_sent_to_the_login_page(world: Any) -> None:
    client = Client()
    for url in (reverse("neighbourhoods:index"), _detail(world.neighbourhood.code)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("role", ROLES)
def test_every_role_opens_the_index_and_its_own_neighbourhoods(
    role: str, world: Any, login_client: Any
) -> None:
    client = login_client(world.user(role))
    index = client.get(reverse("neighbourhoods:index"))
    assert index.status_code == 200
    own = client.get(_detail(world.neighbourhood.code))
    if role == Role.RESEARCHER:
        # Researchers see the municipalities that share their aggregates, not their own.
        assert world.neighbourhood.code not in index.content.decode()
        assert own.status_code == 404
        assert client.get(_detail(world.shared.code)).status_code == 200
    else:
        assert world.neighbourhood.name in index.content.decode()
        assert own.status_code == 200
        assert client.get(_detail(world.shared.code)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_other_municipalities_and_unknown_codes_answer_404(
    role: str, world: Any, login_client: Any
) -> None:
    client = login_client(world.user(role))
    assert client.get(_detail(world.foreign.code)).status_code == 404
    assert client.get(_detail("BU99999999")).status_code == 404
    assert client.get(_detail("nonsense")).status_code == 404


def test_the_page_shows_what_a_team_role_may_see(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    html = client.get(_detail(world.neighbourhood.code)).content.decode()
    assert "Jonge moedergroep" in html
    assert "Buurtmaaltijd 0" in html
    assert "Klussendienst (ingediend)" in html  # the team moderates it
    assert "Dorpshuis De Schakel" in html and "Moestuin" in html
    # Team roles see exact counts: seven participants.
    assert ">7<" in html


def test_the_page_suppresses_counts_for_a_policy_officer(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    html = client.get(_detail(world.neighbourhood.code)).content.decode()
    assert "Jonge moedergroep" in html
    assert ">7<" not in html
    assert "&lt;10" in html


@pytest.mark.parametrize("role", [None, *ROLES])
def test_the_public_page_is_open_to_everyone(role: Any, world: Any, login_client: Any) -> None:
    client = Client() if role is None else login_client(world.user(role))
    for neighbourhood in (world.neighbourhood, world.foreign):
        assert client.get(_public(neighbourhood.code)).status_code == 200
    assert client.get(_public("BU99999999")).status_code == 404


def test_the_public_page_shows_only_public_things(world: Any) -> None:
    html = Client().get(_public(world.neighbourhood.code)).content.decode()
    assert "Buurtmaaltijd 0" in html
    assert "Dorpshuis De Schakel" in html
    assert "Klussendienst (ingediend)" not in html  # not published
    assert "Moestuin" not in html  # not public
    assert "Buurtbewoner" not in html  # supporters' names
    assert "&lt;10" in html


def test_the_public_index_lists_municipalities_then_neighbourhoods(world: Any) -> None:
    client = Client()
    html = client.get(reverse("neighbourhoods:public_index")).content.decode()
    assert "Oldebroek" in html and "Apeldoorn" in html
    chosen = client.get(reverse("neighbourhoods:public_index"), {"gemeente": "gm0269"})
    html = chosen.content.decode()
    assert "Wezep-Centrum" in html and "Zevenhuizen" not in html
    assert _public(world.neighbourhood.code) in html
    unknown = client.get(reverse("neighbourhoods:public_index"), {"gemeente": "GM0000"})
    assert unknown.status_code == 200
    assert "Oldebroek" in unknown.content.decode()
