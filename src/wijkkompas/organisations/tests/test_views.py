"""Organisation pages for every role; filter; other municipality answers 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.organisations.models import Discipline, Organisation
from wijkkompas.organisations.selectors import organisation_list

pytestmark = pytest.mark.django_db

VIEWERS = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.ADMIN]
REFUSED = [Role.INITIATOR, Role.RESIDENT, Role.PRIVACY_OFFICER]


@pytest.mark.parametrize("role", VIEWERS)
def test_list_and_detail(world, login_client, role):
    client = login_client(world.user(role))
    html = client.get(reverse("organisations:list")).content.decode()
    assert "Welzijn Oldebroek" in html and "Thuiszorg Noord-Veluwe" in html
    foreign = world.members[3].organisation
    assert foreign.name not in html
    assert client.get(reverse("organisations:detail", args=[world.amw.pk])).status_code == 200
    assert client.get(reverse("organisations:detail", args=[foreign.pk])).status_code == 404


@pytest.mark.parametrize("role", REFUSED)
def test_refused_roles(world, login_client, role):
    client = login_client(world.user(role))
    assert client.get(reverse("organisations:list")).status_code == 403
    assert client.get(reverse("organisations:detail", args=[world.amw.pk])).status_code == 403


def test_researcher_sees_shared_municipalities_only(world, login_client):
    client = login_client(world.user(Role.RESEARCHER))
    assert client.get(reverse("organisations:detail", args=[world.amw.pk])).status_code == 404
    foreign = world.members[3].organisation
    assert client.get(reverse("organisations:detail", args=[foreign.pk])).status_code == 200


def test_anonymous(client, world):
    assert client.get(reverse("organisations:list")).status_code == 302


def test_filter(world, login_client):
    client = login_client(world.user(Role.POLICY_OFFICER))
    html = client.get(reverse("organisations:list"), {"craft": "zorg"}).content.decode()
    assert "Thuiszorg Noord-Veluwe" in html and "Welzijn Oldebroek" not in html
    discipline = Discipline.objects.get(code="amw")
    html = client.get(reverse("organisations:list"), {"discipline": discipline.pk}).content.decode()
    assert "Welzijn Oldebroek" in html and "Thuiszorg Noord-Veluwe" not in html
    html = client.get(reverse("organisations:list"), {"q": "thuis"}).content.decode()
    assert "Thuiszorg Noord-Veluwe" in html and "Welzijn Oldebroek" not in html
    assert list(organisation_list(user=world.user(Role.ADMIN), craft="welzijn")) == []


def test_admin_create_and_edit(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    discipline = Discipline.objects.get(code="jongerenwerk")
    assert client.get(reverse("organisations:create")).status_code == 200
    response = client.post(
        reverse("organisations:create"),
        {
            "municipality": world.gm.pk,
            "name": "Jongerenwerk Wezep",
            "discipline": discipline.pk,
            "craft": "welzijn",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Jongerenwerk Wezep")
    url = reverse("organisations:edit", args=[org.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "Welzijn Oldebroek", "discipline": discipline.pk, "craft": "welzijn"}
    )
    assert (
        response.status_code == 200 and "already has an organisation" in response.content.decode()
    )


def test_municipality_of_other_tenant_is_not_a_choice(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    discipline = Discipline.objects.get(code="amw")
    response = client.post(
        reverse("organisations:create"),
        {
            "municipality": world.other_gm.pk,
            "name": "Stiekem",
            "discipline": discipline.pk,
            "craft": "hulp",
        },
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Stiekem").exists()


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.PROFESSIONAL, *REFUSED])
def test_edit_pages_refused(world, login_client, role):
    client = login_client(world.user(role))
    assert client.get(reverse("organisations:create")).status_code == 403
    assert client.get(reverse("organisations:edit", args=[world.amw.pk])).status_code == 403


def test_edit_page_other_municipality_is_404(world, login_client):
    client = login_client(world.user("other_admin"))
    assert client.get(reverse("organisations:edit", args=[world.amw.pk])).status_code == 404
