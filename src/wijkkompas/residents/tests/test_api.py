"""/api/v1/households/, residents/, consents/, risk-signals/: the scope of the resident and
household pages (consent per part, per team or organisation), logged reads, no BSN, the
withdrawal of a consent with If-Match, bad input a 400 that changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry, AccessLogSubject
from wijkkompas.residents.models import Consent
from wijkkompas.residents.tests.factories import ConsentFactory, ResidentFactory

from .conftest import SECRET_BSN

pytestmark = pytest.mark.django_db

API = "/api/v1/"
TEAM_ROLES = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]
NO_CASE_ROLES = [
    Role.POLICY_OFFICER,
    Role.RESEARCHER,
    Role.INITIATOR,
    Role.PRIVACY_OFFICER,
    Role.ADMIN,
    Role.RESIDENT,
]
RESOURCES = ["households", "residents", "consents", "risk-signals"]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def subjects_of_last_entry() -> tuple[AccessLogEntry, set[int]]:
    entry = AccessLogEntry.objects.order_by("-pk")[0]
    return entry, set(
        AccessLogSubject.objects.filter(entry=entry).values_list("resident_id", flat=True)
    )


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_team_roles_see_what_the_pages_show(world, login_client, role):
    client = login_client(world.user(role))
    visible = ids(client.get(f"{API}residents/"))
    assert world.consented.pk in visible
    # No consent, a withdrawn one, another team, another municipality: absent.
    for absent in ("partner", "withdrawn", "sibling_resident", "foreign_resident"):
        assert getattr(world, absent).pk not in visible
    # The consent to the professional's organisation counts for them only.
    assert (world.org_only.pk in visible) == (role == Role.PROFESSIONAL)
    households = client.get(f"{API}households/{world.household.pk}/").json()
    assert households["members"] == [world.consented.pk]  # the partner did not consent


def test_no_bsn_in_any_answer(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    detail = client.get(f"{API}residents/{world.consented.pk}/")
    assert detail.status_code == 200
    assert detail.json()["has_bsn"] is True and detail.json()["phone"] == "06-12345678"
    for url in [f"{API}{name}/" for name in RESOURCES] + [
        f"{API}residents/{world.consented.pk}/",
        f"{API}residents/export/?formaat=json",
    ]:
        body = client.get(url).content.decode()
        assert SECRET_BSN not in body and "2333" not in body, url
    # A list shows no contact details, as the caseload.
    row = client.get(f"{API}residents/").json()["results"][0]
    assert "phone" not in row and "has_bsn" not in row


@pytest.mark.parametrize("role", NO_CASE_ROLES)
def test_roles_without_case_work_get_403_problem(world, login_client, role):
    client = login_client(world.user(role))
    for name in RESOURCES:
        response = client.get(f"{API}{name}/")
        assert response.status_code == 403, name
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("who", ["other_team", "other_municipality"])
def test_other_team_and_municipality_get_404(world, login_client, who):
    client = login_client(world.user(who))
    consent = Consent.objects.get(resident=world.consented)
    for url in (
        f"households/{world.household.pk}/",
        f"residents/{world.consented.pk}/",
        f"consents/{consent.pk}/",
        f"risk-signals/{world.signal.pk}/",
    ):
        assert client.get(f"{API}{url}").status_code == 404, url
    assert world.consented.pk not in ids(client.get(f"{API}residents/"))
    assert ids(client.get(f"{API}risk-signals/")) == []


def test_partial_consent_hides_the_parts_it_does_not_cover(world, login_client):
    # A consent for the personalia only: the resident is there, the risk signals are not.
    resident: Any = ResidentFactory(household=world.org_only.household, name="Gijs Jansen")
    ConsentFactory(resident=resident, covers_plan=False)
    world.signal.household = resident.household
    world.signal.save()
    client = login_client(world.user(Role.COORDINATOR))
    assert resident.pk in ids(client.get(f"{API}residents/"))
    assert client.get(f"{API}risk-signals/{world.signal.pk}/").status_code == 404


def test_risk_signal_names_only_a_member_the_reader_may_see(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    before = AccessLogEntry.objects.count()
    row = client.get(f"{API}risk-signals/{world.signal.pk}/").json()
    assert row["resident"] is None and row["about_other_member"] is True
    assert AccessLogEntry.objects.count() == before + 1
    entry, subjects = subjects_of_last_entry()
    assert entry.purpose == "risk" and subjects == {world.partner.pk}


def test_reads_are_logged_with_purpose_and_subjects(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    client.get(f"{API}households/{world.household.pk}/")
    entry, subjects = subjects_of_last_entry()
    assert entry.purpose == "support"
    assert subjects == {world.consented.pk, world.partner.pk}  # every member, as the page
    client.get(f"{API}consents/")
    entry, subjects = subjects_of_last_entry()
    assert entry.purpose == "consent" and world.consented.pk in subjects


def test_list_queries_do_not_grow_with_rows(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    counts = []
    for _round in range(2):
        for name in RESOURCES:
            client.get(f"{API}{name}/")  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            for name in RESOURCES:
                client.get(f"{API}{name}/")
        counts.append(len(queries))
        for n in range(3):
            extra = ResidentFactory(household=world.household, name=f"Kind {n}")
            ConsentFactory(resident=extra)
    assert counts[1] == counts[0]


def test_withdraw_needs_if_match_and_ends_access(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    consent = Consent.objects.get(resident=world.consented)
    url = f"{API}consents/{consent.pk}/"
    etag = client.get(url)["ETag"]
    assert client.post(f"{url}withdraw/").status_code == 428
    assert client.post(f"{url}withdraw/", HTTP_IF_MATCH='"stale"').status_code == 412
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    response = client.post(f"{url}withdraw/", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["consent_status"] == "withdrawn"
    # Access based on it ends at once.
    assert client.get(f"{API}residents/{world.consented.pk}/").status_code == 404


def test_record_a_consent_and_bad_input(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    count = Consent.objects.count()
    bad = {
        "resident": world.consented.pk,
        "team": 2**70,
        "parts": ["everything"],
        "consent_purpose": "x" * 500,
        "consent_form": "digital",
        "valid_from": "morgen",
    }
    response = client.post(f"{API}consents/", json.dumps(bad), content_type="application/json")
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert {"team", "parts.0", "consent_purpose", "consent_form", "valid_from"} <= names
    # No team or organisation: refused with the page's message.
    body = {"resident": world.consented.pk, "consent_purpose": "support", "consent_form": "verbal"}
    response = client.post(f"{API}consents/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "Say to whom" in response.json()["invalidParams"][0]["reason"]
    # A team of another municipality does not exist for the user.
    body["team"] = world.foreign.pk
    response = client.post(f"{API}consents/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert Consent.objects.count() == count
    body["team"] = world.team.pk
    body["parts"] = ["plan"]
    response = client.post(f"{API}consents/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["parts"] == ["personalia", "plan"]
    assert Consent.objects.count() == count + 1


def test_consent_for_a_resident_out_of_scope_is_404(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    body = {
        "resident": world.partner.pk,
        "team": world.team.pk,
        "consent_purpose": "support",
        "consent_form": "verbal",
    }
    response = client.post(f"{API}consents/", json.dumps(body), content_type="application/json")
    assert response.status_code == 404


def test_raise_change_and_resolve_a_risk_signal(world, login_client):
    from wijkkompas.residents.models import RiskSignal

    client = login_client(world.user(Role.PROFESSIONAL))
    body = {
        "household": world.household.pk,
        "resident": world.consented.pk,
        "risk_kind": "domestic_violence",
        "urgency": 3,
        "description": "Zorgen over de veiligheid thuis.",
    }
    response = client.post(f"{API}risk-signals/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    row = response.json()
    assert row["resident"] == world.consented.pk and row["meldcode_step"] == 1
    url = f"{API}risk-signals/{row['id']}/"
    etag = response["ETag"]
    change = json.dumps({"meldcode_step": 2})
    assert client.patch(url, change, content_type="application/json").status_code == 428
    response = client.patch(url, change, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200 and response.json()["meldcode_step"] == 2
    assert client.post(f"{url}resolve/", HTTP_IF_MATCH=etag).status_code == 412
    response = client.post(
        f"{url}resolve/", "{}", content_type="application/json", HTTP_IF_MATCH=response["ETag"]
    )
    assert response.status_code == 200 and response.json()["resolved_on"]
    assert RiskSignal.objects.get(pk=row["id"]).resolved_on is not None


@pytest.mark.parametrize(
    "change",
    [
        {"risk_kind": "brand"},
        {"urgency": 99},
        {"description": "x" * 20_000},
        {"meldcode_step": 3},  # only for domestic violence
        {"resident": "partner"},  # a member the user may not see
        {"household": 2**70},
        {"review_on": "2000-01-01"},
    ],
)
def test_bad_risk_signal_is_a_400_and_records_nothing(world, login_client, change):
    from wijkkompas.residents.models import RiskSignal

    client = login_client(world.user(Role.PROFESSIONAL))
    if change.get("resident") == "partner":
        change = {"resident": world.partner.pk}
    body = {
        "household": world.household.pk,
        "risk_kind": "debts",
        "description": "Achterstand.",
        **change,
    }
    count = RiskSignal.objects.count()
    response = client.post(f"{API}risk-signals/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert RiskSignal.objects.count() == count


def test_change_personal_details_with_if_match_keeps_the_bsn(world, login_client):
    from wijkkompas.residents.models import Resident

    client = login_client(world.user(Role.PROFESSIONAL))
    url = f"{API}residents/{world.consented.pk}/"
    etag = client.get(url)["ETag"]
    body = json.dumps({"phone": "06-87654321", "bsn": "123456782"})
    assert client.patch(url, body, content_type="application/json").status_code == 428
    response = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "06-87654321" and "bsn" not in response.json()
    assert (
        client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag).status_code
        == 412
    )
    resident = Resident.objects.get(pk=world.consented.pk)
    assert resident.bsn == SECRET_BSN and resident.name == "Anna de Vries"
    for bad in (
        {"email": "geen-adres"},
        {"birth_year": 1850},
        {"name": "x" * 200},
        {"neighbourhood": 2**70},
        {"name": ""},
    ):
        etag = client.get(url)["ETag"]
        answer = client.patch(
            url, json.dumps(bad), content_type="application/json", HTTP_IF_MATCH=etag
        )
        assert answer.status_code == 400, (bad, answer.content)
    assert Resident.objects.get(pk=world.consented.pk).phone == "06-87654321"


def test_close_a_case_with_if_match(world, login_client):
    import datetime as dt

    client = login_client(world.user(Role.PROFESSIONAL))
    url = f"{API}households/{world.org_only.household_id}/"
    etag = client.get(url)["ETag"]
    today = json.dumps({"closed_on": dt.date.today().isoformat()})
    assert client.post(f"{url}close/", today, content_type="application/json").status_code == 428
    future = json.dumps({"closed_on": "2999-01-01"})
    response = client.post(
        f"{url}close/", future, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400
    response = client.post(
        f"{url}close/", today, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert response.json()["closed_on"] == dt.date.today().isoformat()
