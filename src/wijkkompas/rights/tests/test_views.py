"""The privacy officer's pages: only the privacy officer (403 for every other role), only
requests of the own municipality (404 otherwise), and no case content on any page."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.rights.constants import RequestKind
from wijkkompas.rights.models import DataRequest
from wijkkompas.rights.tests.factories import DataRequestFactory

pytestmark = pytest.mark.django_db

SECRETS = ("Anna Geheimnaam", "111222333", "Vraag over schulden", "Familie Geheim")


def _request(case, **kwargs):
    return DataRequestFactory.create(
        municipality=case.team.municipality, resident_id=case.resident.pk, **kwargs
    )


def _pages(pk):
    return [
        reverse("rights:list"),
        reverse("rights:create"),
        reverse("rights:purges"),
        reverse("rights:detail", args=[pk]),
        reverse("rights:update", args=[pk]),
        reverse("rights:export", args=[pk]),
        reverse("rights:download", args=[pk]),
        reverse("rights:erase", args=[pk]),
    ]


def test_anonymous_goes_to_login(case):
    for url in _pages(_request(case).pk):
        assert Client().get(url)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PRIVACY_OFFICER])
def test_other_roles_are_refused(case, login_client, role):
    client = login_client(UserFactory.create(role=role, municipality=case.team.municipality))
    for url in _pages(_request(case).pk):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_officer_pages_show_no_case_content(case, login_client):
    client = login_client(case.officer)
    for url in _pages(_request(case).pk):
        response = client.get(url)
        assert response.status_code == 200, url
        for secret in SECRETS:
            assert secret not in response.content.decode(), (url, secret)


def test_requests_of_another_municipality_are_404(case, login_client):
    foreign = DataRequestFactory.create(
        municipality=case.foreign_officer.municipality, resident_id=case.foreign_resident.pk
    )
    client = login_client(case.officer)
    for url in _pages(foreign.pk)[3:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    listing = client.get(reverse("rights:list"), {"alle": "1"}).content.decode()
    assert reverse("rights:detail", args=[foreign.pk]) not in listing


def test_register_through_the_form(case, login_client):
    client = login_client(case.officer)
    response = client.post(
        reverse("rights:create"),
        {
            "kind": RequestKind.ERASURE,
            "resident_id": case.resident.pk,
            "received_on": dt.date.today().isoformat(),
        },
    )
    data_request = DataRequest.objects.get()
    assert response["Location"] == reverse("rights:detail", args=[data_request.pk])
    bad = client.post(
        reverse("rights:create"),
        {"kind": RequestKind.ACCESS, "resident_id": 999999, "received_on": "2025-01-01"},
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    assert DataRequest.objects.count() == 1


def test_export_download_once_through_the_pages(
    case, login_client, django_capture_on_commit_callbacks
):
    data_request = _request(case)
    client = login_client(case.officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rights:export", args=[data_request.pk]))
    detail = client.get(reverse("rights:detail", args=[data_request.pk])).content.decode()
    assert "Ready to download" in detail and "Anna" not in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rights:download", args=[data_request.pk]))
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "gegevens.pdf" in archive.namelist()
    again = client.post(reverse("rights:download", args=[data_request.pk]))
    assert again.status_code == 302


def test_erasure_refusal_is_a_message(case, login_client):
    from wijkkompas.conversations.tests.factories import ConversationFactory

    ConversationFactory.create(resident=case.resident, wmo=True)
    data_request = _request(case, kind=RequestKind.ERASURE)
    client = login_client(case.officer)
    response = client.post(reverse("rights:erase", args=[data_request.pk]), follow=True)
    content = response.content.decode()
    assert "Wmo procedure is still open" in content
    assert "Vraag over schulden" not in content
