"""After logging in, professionals and coordinators start on their worklist, a resident
on "Mijn plan" and an initiator on their initiatives; everyone else on the start page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.accounts.tests.helpers import post_login

pytestmark = pytest.mark.django_db

EXPECTED = {
    Role.PROFESSIONAL: "plans:worklist",
    Role.COORDINATOR: "plans:worklist",
    Role.RESIDENT: "portal:overview",
    Role.INITIATOR: "initiatives:list",
}


def test_the_login_goes_to_the_start_redirect():
    assert settings.LOGIN_REDIRECT_URL == "web:start"


@pytest.mark.parametrize("role", Role.values)
def test_each_role_lands_on_its_first_page(role, login_client):
    user = UserFactory(role=role)
    response = login_client(user).get(reverse("web:start"))
    assert response.status_code == 302
    assert response["Location"] == reverse(EXPECTED.get(role, "web:home"))


def test_anonymous_start_asks_to_log_in():
    response = Client().get(reverse("web:start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_next_page_still_wins():
    user = UserFactory(role=Role.POLICY_OFFICER)
    response = post_login(Client(), str(user.username), next="/teams/")
    assert response["Location"] == "/teams/"
