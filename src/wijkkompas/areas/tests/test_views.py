"""Area pages for every role; other municipality answers 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.areas.models import District, Neighbourhood
from wijkkompas.areas.selectors import municipality_list

pytestmark = pytest.mark.django_db

VIEWERS = [
    Role.PROFESSIONAL,
    Role.COORDINATOR,
    Role.TEAM_LEAD,
    Role.POLICY_OFFICER,
    Role.PRIVACY_OFFICER,
    Role.ADMIN,
    Role.INITIATOR,
    Role.RESIDENT,
]


@pytest.mark.parametrize("role", VIEWERS)
def test_list_and_detail_for_viewers(world, login_client, role):
    client = login_client(world.user(role))
    html = client.get(reverse("areas:list")).content.decode()
    assert "Oldebroek" in html and "Alkmaar" not in html
    detail = client.get(reverse("areas:detail", args=[world.gm.pk]))
    assert detail.status_code == 200
    assert "WK026901" in detail.content.decode() and "BU02690101" in detail.content.decode()
    assert client.get(reverse("areas:detail", args=[world.other_gm.pk])).status_code == 404


def test_researcher_sees_sharing_municipalities_only(world, login_client):
    client = login_client(world.user(Role.RESEARCHER))
    html = client.get(reverse("areas:list")).content.decode()
    assert "Alkmaar" in html and "Oldebroek" not in html
    assert client.get(reverse("areas:detail", args=[world.gm.pk])).status_code == 404
    assert client.get(reverse("areas:detail", args=[world.other_gm.pk])).status_code == 200


def test_anonymous_goes_to_login(client, world):
    assert client.get(reverse("areas:list")).status_code == 302
    assert client.get(reverse("areas:detail", args=[world.gm.pk])).status_code == 302


def admin_pages(world):
    return [
        reverse("areas:edit", args=[world.gm.pk]),
        reverse("areas:district_add", args=[world.gm.pk]),
        reverse("areas:district_edit", args=[world.district.pk]),
        reverse("areas:neighbourhood_add", args=[world.district.pk]),
        reverse("areas:neighbourhood_edit", args=[world.neighbourhood.pk]),
    ]


def test_admin_pages_open_for_admin(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    for url in admin_pages(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [r for r in VIEWERS if r != Role.ADMIN] + [Role.RESEARCHER])
def test_admin_pages_refused_for_other_roles(world, login_client, role):
    client = login_client(world.user(role))
    for url in admin_pages(world):
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("areas:create")).status_code == 403


def test_admin_pages_of_other_municipality_are_404(world, login_client):
    client = login_client(world.user("other_admin"))
    for url in admin_pages(world):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("areas:create")).status_code == 403


def test_admin_adds_district_and_neighbourhood(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    response = client.post(
        reverse("areas:district_add", args=[world.gm.pk]), {"code": "WK026903", "name": "'t Loo"}
    )
    assert response.status_code == 302
    district = District.objects.get(code="WK026903")
    response = client.post(
        reverse("areas:neighbourhood_add", args=[district.pk]),
        {"code": "BU02690301", "name": "Loo-Noord"},
    )
    assert response.status_code == 302
    assert Neighbourhood.objects.filter(district=district).count() == 1


def test_invalid_code_shows_error_summary(world, login_client):
    response = login_client(world.user(Role.ADMIN)).post(
        reverse("areas:district_add", args=[world.gm.pk]), {"code": "WK12", "name": "Fout"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "wk-error-summary" in html and 'href="#id_code"' in html
    assert 'aria-describedby="id_code-description id_code-error"' in html
    assert 'aria-invalid="true"' in html
    assert not District.objects.filter(name="Fout").exists()


def test_list_query_count_is_constant(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        list(municipality_list(user=world.user(Role.ADMIN)))
