"""/api/v1/instruments/ (reference data for every role, other municipalities' own
instruments absent) and /api/v1/assessments/ (the scope of the resident page: consent for
self-sufficiency scores; recorded through the scoring service; bad input a 400)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry, AccessLogSubject
from wijkkompas.instruments.models import Assessment, AssessmentScore

from .conftest import TEAM_ROLES
from .factories import InstrumentFactory, make_assessment, make_version

pytestmark = pytest.mark.django_db

INSTRUMENTS = "/api/v1/instruments/"
ASSESSMENTS = "/api/v1/assessments/"
NO_CASE_ROLES = sorted(set(Role.values) - TEAM_ROLES)


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.fixture
def scored(world: Any) -> Assessment:
    return make_assessment(resident=world.resident, version=world.zrm, scores={"financien": 3})


@pytest.mark.parametrize("role", Role.values)
def test_every_role_reads_the_instruments_of_its_municipality(world, login_client, role):
    own: Any = InstrumentFactory(municipality=world.gm, name="Wat telt")
    other: Any = InstrumentFactory(municipality=world.other_gm, name="Elders")
    make_version(instrument=own)
    client = login_client(world.user(role))
    visible = ids(client.get(f"{INSTRUMENTS}?page_size=200"))
    assert own.pk in visible and world.zrm.instrument_id in visible and other.pk not in visible
    assert client.get(f"{INSTRUMENTS}{other.pk}/").status_code == 404
    zrm = client.get(f"{INSTRUMENTS}{world.zrm.instrument_id}/").json()
    version = next(v for v in zrm["versions"] if v["id"] == world.zrm.pk)
    assert len(version["domains"]) == 13 and [lv["value"] for lv in version["levels"]] == [
        1,
        2,
        3,
        4,
        5,
    ]


@pytest.mark.parametrize("role", sorted(TEAM_ROLES))
def test_team_roles_read_assessments_under_consent(world, login_client, scored, role):
    client = login_client(world.user(role))
    assert ids(client.get(ASSESSMENTS)) == [scored.pk]
    row = client.get(f"{ASSESSMENTS}{scored.pk}/").json()
    assert row["scores"][0]["domain_code"] == "financien" and row["scores"][0]["value"] == 3
    assert "Fatima" not in json.dumps(row)


@pytest.mark.parametrize("role", NO_CASE_ROLES)
def test_roles_without_case_work_get_403(world, login_client, role):
    response = login_client(world.user(role)).get(ASSESSMENTS)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_other_team_and_a_consent_without_scores_see_nothing(world, login_client, scored):
    client = login_client(world.user("other_team_professional"))
    assert client.get(f"{ASSESSMENTS}{scored.pk}/").status_code == 404
    assert ids(client.get(ASSESSMENTS)) == []
    world.resident.consents.update(covers_assessments=False)
    client = login_client(world.user(Role.PROFESSIONAL))
    assert client.get(f"{ASSESSMENTS}{scored.pk}/").status_code == 404


def test_reads_are_logged_with_the_resident(world, login_client, scored):
    client = login_client(world.user(Role.PROFESSIONAL))
    client.get(ASSESSMENTS)
    entry = AccessLogEntry.objects.order_by("-pk")[0]
    assert entry.purpose == "support" and entry.object_type == "instruments.Assessment"
    subjects = AccessLogSubject.objects.filter(entry=entry).values_list("resident_id", flat=True)
    assert list(subjects) == [world.resident.pk]


def test_list_queries_do_not_grow_with_rows(world, login_client, scored):
    client = login_client(world.user(Role.PROFESSIONAL))
    client.get(ASSESSMENTS)
    with CaptureQueriesContext(connection) as first:
        client.get(ASSESSMENTS)
    rung = world.ladder.domains.get().code
    for _n in range(3):
        make_assessment(resident=world.resident, version=world.ladder, scores={rung: 2})
    with CaptureQueriesContext(connection) as second:
        assert len(client.get(ASSESSMENTS).json()["results"]) == 4
    assert len(second) == len(first)


def test_record_an_assessment(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    body = {
        "resident": world.resident.pk,
        "version": world.zrm.pk,
        "assessed_on": dt.date.today().isoformat(),
        "scores": [
            {"domain_code": "financien", "value": 2},
            {"domain_code": "huisvesting", "value": 4},
        ],
    }
    response = client.post(ASSESSMENTS, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert {s["domain_code"]: s["value"] for s in response.json()["scores"]} == {
        "financien": 2,
        "huisvesting": 4,
    }


@pytest.mark.parametrize(
    "change",
    [
        {"scores": [{"domain_code": "financien", "value": 9}]},  # not a level of the ZRM
        {"scores": [{"domain_code": "bestaat-niet", "value": 2}]},
        {"scores": []},
        {"scores": [{"domain_code": "financien", "value": 2}] * 2},
        {"assessed_on": "2999-01-01"},
        {"assessed_on": "gisteren"},
        {"version": 2**70},
        {"conversation": 2**62},
    ],
)
def test_bad_input_is_a_400_and_records_nothing(world, login_client, change):
    client = login_client(world.user(Role.PROFESSIONAL))
    body = {
        "resident": world.resident.pk,
        "version": world.zrm.pk,
        "assessed_on": dt.date.today().isoformat(),
        "scores": [{"domain_code": "financien", "value": 2}],
        **change,
    }
    response = client.post(ASSESSMENTS, json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert not Assessment.objects.exists() and not AssessmentScore.objects.exists()
