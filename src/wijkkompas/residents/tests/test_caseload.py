"""The caseload of a team: residents with consent (with details and a link); the others by
name only, marked "no consent", and only when the team lead switched it on."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.residents import selectors
from wijkkompas.residents.tests.factories import ConsentFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def _names(caseload):
    return [(row.name, row.consented) for row in caseload.rows]


def test_without_the_setting_only_consented_residents(world):
    caseload = selectors.caseload(user=world.user(Role.PROFESSIONAL), team=world.team)
    assert _names(caseload) == [("Anna de Vries", True), ("Carla Jansen", True)]
    caseload = selectors.caseload(user=world.user("colleague"), team=world.team)
    assert _names(caseload) == [("Anna de Vries", True)]


def test_with_the_setting_the_others_by_name_only(world):
    world.team.caseload_visible_without_consent = True
    world.team.save()
    caseload = selectors.caseload(user=world.user("colleague"), team=world.team)
    assert _names(caseload) == [
        ("Anna de Vries", True),
        ("Bram de Vries", False),
        ("Carla Jansen", False),
        ("Dirk Smit", False),
    ]
    no_consent = [row for row in caseload.rows if not row.consented]
    for row in no_consent:
        assert row.birth_year is None and row.household_label == "" and row.neighbourhood == ""
    # Residents of other teams never appear.
    assert "Eva Bakker" not in str(caseload.rows)


def test_page_without_consent_shows_no_link_and_no_content(world, login_client):
    world.team.caseload_visible_without_consent = True
    world.team.save()
    client = login_client(world.user("colleague"))
    html = client.get(reverse("residents:caseload", args=[world.team.pk])).content.decode()
    assert "Carla Jansen" in html and "no consent" in html
    assert reverse("residents:detail", args=[world.org_only.pk]) not in html
    assert "Huishouden Jansen" not in html  # the household's label is content
    assert reverse("residents:detail", args=[world.consented.pk]) in html
    assert "Familie De Vries" in html
    # Even with the name in the caseload, the file stays closed.
    assert client.get(reverse("residents:detail", args=[world.org_only.pk])).status_code == 404


def test_page_without_the_setting_hides_the_others(world, login_client):
    html = (
        login_client(world.user("colleague"))
        .get(reverse("residents:caseload", args=[world.team.pk]))
        .content.decode()
    )
    assert "Anna de Vries" in html
    for name in ("Bram de Vries", "Carla Jansen", "Dirk Smit", "Eva Bakker", "Frank Visser"):
        assert name not in html


def test_closed_cases_on_request(world, login_client):
    world.household.closed_on = timezone.localdate()
    world.household.save()
    user = world.user(Role.PROFESSIONAL)
    assert _names(selectors.caseload(user=user, team=world.team)) == [("Carla Jansen", True)]
    caseload = selectors.caseload(user=user, team=world.team, include_closed=True)
    assert [row.name for row in caseload.rows] == ["Anna de Vries", "Carla Jansen"]
    html = (
        login_client(user)
        .get(reverse("residents:caseload", args=[world.team.pk]) + "?gesloten=1")
        .content.decode()
    )
    assert "Case closed on" in html


def test_search_by_name_within_scope_only(world, login_client):
    user = world.user("colleague")
    assert _names(selectors.caseload(user=user, team=world.team, search="jansen")) == []
    world.team.caseload_visible_without_consent = True
    world.team.save()
    assert _names(selectors.caseload(user=user, team=world.team, search="jansen")) == [
        ("Carla Jansen", False)
    ]
    client = login_client(user)
    url = reverse("residents:caseload", args=[world.team.pk])
    response = client.post(url, {"naam": "vries"})
    html = response.content.decode()
    assert "Anna de Vries" in html and "Bram de Vries" in html and "Carla" not in html
    assert "vries" not in response.wsgi_request.get_full_path()  # never in the URL
    entry = AccessLogEntry.objects.filter(purpose="caseload").order_by("-pk")[0]
    assert "vries" not in entry.path


def test_search_shows_one_page_at_most(world, monkeypatch):
    monkeypatch.setattr(selectors, "CASELOAD_PAGE_SIZE", 2)
    for n in range(3):
        ConsentFactory(resident=ResidentFactory(household=world.household, name=f"Vries {n}"))
    caseload = selectors.caseload(
        user=world.user(Role.PROFESSIONAL), team=world.team, search="vries"
    )
    assert len(caseload.rows) == 2 and caseload.total == 4 and caseload.truncated


def test_pages(world, login_client, monkeypatch):
    monkeypatch.setattr(selectors, "CASELOAD_PAGE_SIZE", 1)
    client = login_client(world.user(Role.PROFESSIONAL))
    url = reverse("residents:caseload", args=[world.team.pk])
    first = client.get(url).content.decode()
    second = client.get(url + "?pagina=2").content.decode()
    assert "Anna de Vries" in first and "Carla Jansen" not in first and "pagina=2" in first
    assert "Carla Jansen" in second and "Anna de Vries" not in second


def test_caseload_of_another_team_is_404(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    assert client.get(reverse("residents:caseload", args=[world.sibling.pk])).status_code == 404
    assert client.get(reverse("residents:caseload", args=[world.foreign.pk])).status_code == 404


def test_caseload_read_is_logged_with_subjects(world, login_client):
    world.team.caseload_visible_without_consent = True
    world.team.save()
    login_client(world.user("colleague")).get(reverse("residents:caseload", args=[world.team.pk]))
    entry = AccessLogEntry.objects.get(event="read", purpose="caseload")
    assert entry.object_count == 4
    assert set(entry.subjects.values_list("resident_id", flat=True)) == {
        world.consented.pk,
        world.partner.pk,
        world.org_only.pk,
        world.withdrawn.pk,
    }


def test_team_lead_switches_the_setting_on_the_team_form(world, login_client):
    lead = world.user(Role.TEAM_LEAD)
    client = login_client(lead)
    url = reverse("teams:edit", args=[world.team.pk])
    html = client.get(url).content.decode()
    assert 'name="caseload_visible_without_consent"' in html
    district = world.team.districts.first()
    data = {
        "name": world.team.name,
        "team_type": world.team.team_type,
        "description": "",
        "neighbourhoods": [n.pk for n in world.team.neighbourhoods.all()],
        "target_group": world.team.target_group,
        "target_group_description": "",
        "positioning": world.team.positioning,
        "started_on": "",
        "caseload_visible_without_consent": "on",
    }
    if district is not None:
        data["districts"] = [district.pk]
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(
        r"utrecht-form-field-error-message.*", response.content.decode()
    )
    world.team.refresh_from_db()
    assert world.team.caseload_visible_without_consent
    detail = client.get(reverse("teams:detail", args=[world.team.pk])).content.decode()
    assert "Members see the names of all residents" in detail
    del data["caseload_visible_without_consent"]
    client.post(url, data)
    world.team.refresh_from_db()
    assert not world.team.caseload_visible_without_consent
