"""The main menu: every entry names a page that exists, and every page in a role's menu
opens (200) for that role."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.residents.constants import CASE_TEAM_ROLES
from wijkkompas.teams.tests.factories import TeamFactory
from wijkkompas.web.navigation import ROLE_MENU, nav_items, role_entries


@pytest.mark.parametrize("entry", ROLE_MENU, ids=lambda e: e.url_name)
def test_every_work_page_of_the_menu_exists(entry: Any) -> None:
    assert reverse(entry.url_name).startswith("/")
    assert entry.roles <= set(Role.values)


def test_no_page_twice_in_one_menu() -> None:
    for role in Role.values:
        names = [e.url_name for e in role_entries(SimpleNamespace(role=role))]
        assert len(names) == len(set(names)), role


def _menu(user: Any) -> list[Any]:
    return nav_items(SimpleNamespace(user=user, path="/"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_page_in_the_menu_opens_for_its_role(role: str, login_client: Any) -> None:
    gm = MunicipalityFactory()
    team = TeamFactory(municipality=gm)
    user = UserFactory(
        role=role, municipality=gm, teams=[team] if role in CASE_TEAM_ROLES else None
    )
    client = login_client(user)
    items = _menu(user)
    assert items, role
    for item in items:
        response = client.get(item.url)
        assert response.status_code == 200, (role, item.url, response.status_code)


@pytest.mark.django_db
def test_the_menus_of_the_roles() -> None:
    gm = MunicipalityFactory()
    urls = {
        role: [item.url for item in _menu(UserFactory(role=role, municipality=gm))]
        for role in Role.values
    }
    assert urls[Role.RESIDENT][0] == reverse("portal:overview")
    for role in (Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD):
        assert urls[role][:5] == [
            reverse("plans:worklist"),
            reverse("residents:index"),
            reverse("conversations:mine"),
            reverse("plans:mine"),
            reverse("plans:discussions"),
        ]
    assert reverse("instruments:list") in urls[Role.ADMIN]
    assert reverse("rights:list") in urls[Role.PRIVACY_OFFICER]
    case_pages = {reverse("plans:worklist"), reverse("residents:index"), reverse("portal:overview")}
    for role in (Role.POLICY_OFFICER, Role.RESEARCHER, Role.INITIATOR):
        assert not case_pages & set(urls[role]), role
    assert reverse("portal:overview") not in urls[Role.ADMIN]


@pytest.mark.django_db
def test_the_current_page_is_marked() -> None:
    user = UserFactory(role=Role.PROFESSIONAL)
    items = nav_items(SimpleNamespace(user=user, path=reverse("plans:worklist")))
    assert [item.url for item in items if item.current] == [reverse("plans:worklist")]


@pytest.mark.django_db
def test_no_menu_before_the_second_step(login_client: Any) -> None:
    """A role that must pass the second factor sees no menu on the second-step page (every
    link would lead back to it); once verified, the menu is there."""
    from wijkkompas.accounts.tests.factories import TOTPDeviceFactory

    user = UserFactory(role=Role.TEAM_LEAD, municipality=MunicipalityFactory())
    TOTPDeviceFactory(user=user)  # a device, not yet used in this session
    unverified = login_client(user, verified=False)
    response = unverified.get(reverse("accounts:otp"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("risks:index") not in html and reverse("plans:worklist") not in html
    verified = login_client(user)
    html = verified.get(reverse("web:home"), follow=True).content.decode()
    assert reverse("risks:index") in html and reverse("plans:worklist") in html
