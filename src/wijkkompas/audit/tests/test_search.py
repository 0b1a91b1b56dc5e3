"""The privacy officer searches the log by data subject (resident id), purpose, kind of
object, account, request and dates, and downloads the selection as CSV; no case content,
a constant number of queries, and every search and download is logged itself."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.audit.services import log_access, processing_trace

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory.create(role=Role.PRIVACY_OFFICER)


def _log(user, purpose=Purpose.SUPPORT, subjects=(), object_type="residents.Resident"):
    return log_access(
        user=user,
        action=Event.READ,
        purpose=purpose,
        subjects=subjects,
        object_type=object_type,
        object_id="1",
    )


def _rows(client, **params):
    response = client.get(reverse("audit:log"), params)
    assert response.status_code == 200
    return response.context["rows"]


def test_search_by_data_subject_purpose_object_and_trace(officer, login_client):
    pro = UserFactory.create(role=Role.PROFESSIONAL, municipality=officer.municipality)
    about_41 = _log(pro, subjects=[41, 42])
    _log(pro, purpose=Purpose.RISK, subjects=[43], object_type="residents.RiskSignal")
    with processing_trace() as trace:
        one = _log(pro, subjects=[44])
        two = _log(pro, subjects=[44])
    client = login_client(officer)
    assert [e.pk for e in _rows(client, resident=41)] == [about_41.pk]
    assert {e.pk for e in _rows(client, resident=44)} == {one.pk, two.pk}
    assert [e.subject_ids() for e in _rows(client, purpose=Purpose.RISK)] == [[43]]
    assert len(_rows(client, object_type="residents.RiskSignal")) == 1
    assert {e.pk for e in _rows(client, trace=trace.trace_id)} == {one.pk, two.pk}
    assert _rows(client, resident=999) == []


def test_the_search_is_logged_with_the_subjects_it_showed(officer, login_client):
    pro = UserFactory.create(role=Role.PROFESSIONAL, municipality=officer.municipality)
    _log(pro, subjects=[41, 42])
    login_client(officer).get(reverse("audit:log"), {"resident": 41})
    read = AccessLogEntry.objects.get(user=officer, purpose=Purpose.PRIVACY_SUPERVISION)
    assert read.subject_ids() == [41, 42]


def test_other_municipality_never_shows_up(officer, login_client):
    stranger = UserFactory.create(role=Role.PROFESSIONAL, municipality=MunicipalityFactory())
    _log(stranger, subjects=[41])
    assert _rows(login_client(officer), resident=41) == []


def test_bad_input_is_a_form_error(officer, login_client):
    client = login_client(officer)
    for params in ({"trace": "not-a-trace"}, {"resident": "abc"}, {"resident": "-3"}):
        response = client.get(reverse("audit:log"), params)
        assert response.status_code == 200 and response.context["form"].errors


def test_search_page_shows_no_case_content(officer, login_client):
    pro = UserFactory.create(role=Role.PROFESSIONAL, municipality=officer.municipality)
    _log(pro, subjects=[41])
    content = login_client(officer).get(reverse("audit:log")).content.decode()
    assert "41" in content and "residents.Resident" in content


def _count(client, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("audit:log"), params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"resident": 41}, {"purpose": Purpose.SUPPORT}])
def test_query_count_does_not_grow_with_the_log(officer, login_client, params):
    pro = UserFactory.create(role=Role.PROFESSIONAL, municipality=officer.municipality)
    client = login_client(officer)
    for _ in range(3):
        _log(pro, subjects=[41, 42])
    _count(client, params)
    small = _count(client, params)
    for _ in range(60):
        _log(pro, subjects=[41, 42, 43])
    assert _count(client, params) == small


def test_csv_export_of_the_selection_is_logged(officer, login_client):
    pro = UserFactory.create(role=Role.PROFESSIONAL, municipality=officer.municipality)
    entry = _log(pro, subjects=[41, 42])
    _log(pro, purpose=Purpose.RISK, subjects=[43])
    response = login_client(officer).get(reverse("audit:export"), {"purpose": Purpose.SUPPORT})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["trace_id"] for r in rows] == [entry.trace_id]
    assert rows[0]["data_subjects"] == "41 42"
    assert rows[0]["processing_activity_id"] == "urn:wijkkompas:verwerkingsactiviteit:support"
    export = AccessLogEntry.objects.get(user=officer, purpose=Purpose.PRIVACY_SUPERVISION)
    assert export.object_count == 1 and export.subject_ids() == [41, 42]
    assert export.operation == "audit.views.AccessLogExportView"


def test_csv_cells_are_not_formulas(officer, login_client):
    AccessLogEntry.objects.create(
        event=Event.LOGIN_FAILED, username="=HYPERLINK(1)", municipality=officer.municipality
    )
    content = login_client(officer).get(reverse("audit:export")).content.decode()
    assert "'=HYPERLINK(1)" in content


def test_csv_with_bad_filter_goes_back_to_the_page(officer, login_client):
    response = login_client(officer).get(reverse("audit:export"), {"trace": "x"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("audit:log"))


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PRIVACY_OFFICER])
def test_csv_export_is_for_the_privacy_officer_only(role, login_client):
    response = login_client(UserFactory.create(role=role)).get(reverse("audit:export"))
    assert response.status_code == 403
