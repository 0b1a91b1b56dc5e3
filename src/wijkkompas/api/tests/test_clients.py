"""The API clients page (/api/koppelingen/): who may see and manage clients, the token
shown once, its scopes on /api/v1/, and a revoked token refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.api import services
from wijkkompas.api.models import ApiClient
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.teams.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:clients")
CREATE = reverse("api:client_create")


@pytest.fixture
def world() -> dict[str, Any]:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    other = MunicipalityFactory(code="GM0363", name="Amsterdam")
    team = TeamFactory(municipality=gm)
    users = {
        role: UserFactory(
            username=f"ak-{role}",
            role=role,
            municipality=gm,
            teams=[team] if role in (Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD) else None,
        )
        for role in Role.values
    }
    users["other_admin"] = UserFactory(username="ak-other", role=Role.ADMIN, municipality=other)
    organisation = OrganisationFactory(municipality=gm, name="Wijkzorg Oldebroek")
    client, token = services.api_client_create(
        user=users[Role.ADMIN],
        name="Wmo-registratie",
        account=users[Role.PROFESSIONAL],
        scopes=["cases:read"],
        organisation=organisation,
    )
    return {
        "gm": gm,
        "users": users,
        "organisation": organisation,
        "client": client,
        "token": token,
    }


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PRIVACY_OFFICER])
def test_admin_and_privacy_officer_see_the_list(world, login_client, role):
    response = login_client(world["users"][role]).get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Wmo-registratie" in page and world["client"].token_prefix in page
    assert world["token"] not in page
    assert ("Add an API client" in page) is (role == Role.ADMIN)
    assert AccessLogEntry.objects.filter(object_type="api.ApiClient").exists()


@pytest.mark.parametrize(
    "role",
    [Role.PROFESSIONAL, Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.RESEARCHER, Role.RESIDENT],
)
def test_other_roles_get_403(world, login_client, role):
    client = login_client(world["users"][role])
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403


def test_privacy_officer_may_not_create_or_revoke(world, login_client):
    client = login_client(world["users"][Role.PRIVACY_OFFICER])
    assert client.get(CREATE).status_code == 403
    url = reverse("api:client_revoke", args=[world["client"].pk])
    assert client.post(url).status_code == 403


def test_other_municipality_gets_404_and_an_empty_list(world, login_client):
    client = login_client(world["users"]["other_admin"])
    assert "Wmo-registratie" not in client.get(LIST).content.decode()
    url = reverse("api:client_revoke", args=[world["client"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    world["client"].refresh_from_db()
    assert world["client"].revoked_at is None


def _create(world, login_client, scopes):
    admin = login_client(world["users"][Role.ADMIN])
    response = admin.post(
        CREATE,
        {
            "name": "Systeem van de wijkzorg",
            "organisation": world["organisation"].pk,
            "account": world["users"][Role.PROFESSIONAL].pk,
            "scopes": scopes,
        },
    )
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Copy the token now." in page
    new = ApiClient.objects.get(name="Systeem van de wijkzorg")
    token = page.split('id="api-token" type="text" readonly value="')[1].split('"')[0]
    assert token.startswith(f"wk_{new.token_prefix}_")
    # Shown once: the list never shows it again.
    assert token not in admin.get(LIST).content.decode()
    return new, token


def test_the_token_works_with_its_scopes(world, login_client):
    _new, token = _create(world, login_client, ["cases:read", "learning:read"])
    api = Client()
    response = api.get("/api/v1/conversations/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200, response.content


def test_a_token_without_the_scope_gets_403(world, login_client):
    _new, token = _create(world, login_client, ["learning:read"])
    response = Client().get("/api/v1/conversations/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "cases:read" in response.json()["detail"]


def test_bad_input_shows_errors_and_creates_nothing(world, login_client):
    admin = login_client(world["users"][Role.ADMIN])
    count = ApiClient.objects.count()
    response = admin.post(
        CREATE,
        {"name": "", "account": world["users"]["other_admin"].pk, "scopes": ["root:all"]},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"name", "account", "scopes"} <= set(form.errors)
    assert ApiClient.objects.count() == count


def test_revoke_with_confirmation_then_the_token_is_refused(world, login_client):
    admin = login_client(world["users"][Role.ADMIN])
    url = reverse("api:client_revoke", args=[world["client"].pk])
    api = Client()
    auth = {"Authorization": f"Token {world['token']}"}
    assert api.get("/api/v1/conversations/", headers=auth).status_code == 200
    confirm = admin.get(url)
    assert confirm.status_code == 200 and "Wmo-registratie" in confirm.content.decode()
    assert admin.post(url).status_code == 302
    world["client"].refresh_from_db()
    assert world["client"].revoked_at is not None
    refused = api.get("/api/v1/conversations/", headers=auth)
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert AccessLogEntry.objects.filter(
        object_type="api.ApiClient", event="update", object_id=str(world["client"].pk)
    ).exists()


def test_the_menu_names_the_page_for_administrators(world, login_client):
    page = login_client(world["users"][Role.ADMIN]).get(LIST).content.decode()
    assert f'href="{LIST}"' in page
    other = login_client(world["users"][Role.POLICY_OFFICER]).get("/").content.decode()
    assert f'href="{LIST}"' not in other
