"""Every read and write of personal data of the instruments app leaves one access-log entry
with its purpose and the resident as data subject. Reference data (instruments, versions,
criterion texts) is not personal data and is not logged.

The tables below ENUMERATE the public functions of selectors.py and services.py: a new
public function fails :func:`test_every_public_function_is_classified` until it is added
to one of them (with its expected log entry when it reads or writes personal data).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.instruments import sections, selectors, services
from wijkkompas.instruments.models import Assessment, AssessmentScore
from wijkkompas.instruments.tests.factories import make_assessment

pytestmark = pytest.mark.django_db


def _profile(world: Any) -> None:
    selectors.profile(user=world.user(Role.PROFESSIONAL), resident=world.resident)


def _assessment_list(world: Any) -> None:
    selectors.assessment_list(user=world.user(Role.PROFESSIONAL), resident=world.resident)


def _assessment_record(world: Any) -> None:
    services.assessment_record(
        user=world.user(Role.PROFESSIONAL),
        resident=world.resident,
        version=world.zrm,
        scores={"financien": 3},
        assessed_on=dt.date.today(),
    )


def _resident_section(world: Any) -> None:
    request = SimpleNamespace(user=world.user(Role.PROFESSIONAL), path="/inwoners/1/")
    sections.resident_profile(request=request, obj=world.resident)


#: Every function that reads or writes assessments: (call, event, purpose).
PERSONAL: dict[str, tuple[Callable[[Any], None], str, str]] = {
    "selectors.profile": (_profile, Event.READ, Purpose.SUPPORT),
    "selectors.assessment_list": (_assessment_list, Event.READ, Purpose.SUPPORT),
    "services.assessment_record": (_assessment_record, Event.CREATE, Purpose.SUPPORT),
    "sections.resident_profile": (_resident_section, Event.READ, Purpose.SUPPORT),
}

#: Functions that read personal data for a caller that writes the log entry itself.
CALLER_LOGS: dict[str, str] = {
    "selectors.export_for_resident": (
        "an access request (AVG art. 15): rights.services logs it with DATA_REQUEST"
    ),
}

#: Public functions that touch no personal data, and why.
NOT_PERSONAL: dict[str, str] = {
    "selectors.may_import": "a yes/no about the user's role",
    "selectors.may_change_version": "a yes/no about reference data",
    "selectors.may_view_scores": "a yes/no about the user's role",
    "selectors.may_score": "a yes/no (scope and consent), no data of the resident is shown",
    "selectors.version_list": "reference data",
    "selectors.version_get": "reference data",
    "selectors.version_choices": "reference data",
    "selectors.forget_reference": "drops kept reference data (a signal receiver)",
    "selectors.criteria_grid": "reference data (licensed criterion texts)",
    "selectors.version_for_import": "reference data, for the command line",
    "selectors.municipality_for_code": "a municipality (tenant), for the command line",
    "selectors.active_versions": "reference data",
    "selectors.field_name": "pure: a form field name",
    "selectors.scoring_fields": "reference data (domains, levels, criterion texts)",
    "selectors.scores_from_cleaned_data": "pure: turns form data into a dict, reads nothing",
    "selectors.compare": "pure: works on assessments read (and logged) by assessment_list",
    "services.instrument_import": "reference data; provenance kept in imported_from",
    "services.version_set_active": "reference data",
}


#: The bulk import from other systems: logged as one EXCHANGE entry per import, with the
#: residents as subjects (``imports/tests/test_services.py``).
IMPORT_SERVICES: dict[str, str] = {
    "services.assessments_import": "logged as exchange by the import itself",
}


def _public(module: Any, prefix: str) -> set[str]:
    return {
        f"{prefix}.{name}"
        for name, member in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and member.__module__ == module.__name__
    }


def test_every_public_function_is_classified():
    public = _public(selectors, "selectors") | _public(services, "services")
    public |= _public(sections, "sections")
    classified = set(PERSONAL) | set(NOT_PERSONAL) | set(CALLER_LOGS) | set(IMPORT_SERVICES)
    assert public - classified == set(), "add these to PERSONAL or NOT_PERSONAL"
    assert classified - public == set(), "these are no longer public functions"


def test_the_models_declare_personal_data():
    assert Assessment.access_policy.personal and AssessmentScore.access_policy.personal


@pytest.mark.parametrize("name", sorted(PERSONAL))
def test_personal_data_access_is_logged_once_with_purpose_and_subject(world, name):
    make_assessment(resident=world.resident, version=world.zrm, scores={"financien": 2})
    call, event, purpose = PERSONAL[name]
    call(world)
    entry = AccessLogEntry.objects.get(event=event)
    assert entry.purpose == purpose
    assert entry.object_type == "instruments.Assessment"
    assert entry.user == world.user(Role.PROFESSIONAL)
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.resident.pk]


def test_a_purpose_can_be_given(world):
    make_assessment(resident=world.resident, version=world.zrm, scores={"financien": 2})
    selectors.profile(
        user=world.user(Role.COORDINATOR),
        resident=world.resident,
        purpose=Purpose.CASE_COORDINATION,
    )
    assert AccessLogEntry.objects.get().purpose == Purpose.CASE_COORDINATION


@pytest.mark.parametrize("name", ["selectors.profile", "selectors.assessment_list"])
def test_nothing_read_nothing_logged(world, name):
    PERSONAL[name][0](world)
    assert not AccessLogEntry.objects.filter(event=Event.READ).exists()


def test_reference_reads_log_nothing(world):
    user = world.user(Role.ADMIN)
    selectors.may_import(user=user)
    selectors.may_change_version(user=user, version=world.zrm)
    selectors.may_view_scores(user=user)
    selectors.may_score(user=world.user(Role.PROFESSIONAL), resident=world.resident)
    list(selectors.version_list(user=user))
    version = selectors.version_get(user=user, pk=world.zrm.pk)
    list(selectors.version_choices(user=user))
    selectors.criteria_grid(user=user, version=version)
    selectors.version_for_import(municipality=world.gm, instrument_code="zrm", label="2017")
    selectors.municipality_for_code("GM0363")
    versions = selectors.active_versions(user=user)
    selectors.scoring_fields(versions=versions)
    selectors.scores_from_cleaned_data(versions=versions, cleaned_data={})
    assert not AccessLogEntry.objects.exists()


def test_the_export_for_an_access_request_leaves_the_log_to_its_caller(world):
    make_assessment(resident=world.resident, version=world.zrm, scores={"financien": 2})
    data = selectors.export_for_resident(resident=world.resident)
    assert data["assessments"][0]["scores"][0]["level"] == "Niet zelfredzaam"
    assert not AccessLogEntry.objects.exists()


def test_instrument_pages_log_no_personal_data_reads(world, login_client):
    from django.urls import reverse

    client = login_client(world.user(Role.ADMIN))
    client.get(reverse("instruments:list"))
    client.get(reverse("instruments:version", args=[world.zrm.pk]))
    assert not AccessLogEntry.objects.filter(event=Event.READ).exists()


def test_log_entries_hold_no_names(world):
    make_assessment(resident=world.resident, version=world.zrm, scores={"financien": 2})
    _profile(world)
    _assessment_record(world)
    for entry in AccessLogEntry.objects.all():
        values = " ".join(str(v) for v in entry.__dict__.values())
        assert "Fatima" not in values and "Amrani" not in values
