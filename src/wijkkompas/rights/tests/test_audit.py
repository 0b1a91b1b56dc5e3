"""Every read and write of personal data of the rights app leaves an access-log entry with
its purpose and the residents concerned (the data subjects).

The tables ENUMERATE the public functions of ``selectors.py`` and ``services.py``; the
meta-tests fail when one is added without a place in a table.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.rights import selectors, services
from wijkkompas.rights.constants import RequestKind, RequestStatus
from wijkkompas.rights.models import PurgeRun
from wijkkompas.rights.tests.factories import DataRequestFactory

pytestmark = pytest.mark.django_db


def _req(case: Any, kind: str = RequestKind.ACCESS) -> Any:
    return DataRequestFactory.create(
        municipality=case.team.municipality, resident_id=case.resident.pk, kind=kind
    )


def _ready(case: Any) -> Any:
    from django.test.utils import CaptureQueriesContext  # noqa: F401

    data_request = _req(case)
    export = services.access_export_request(user=case.officer, pk=data_request.pk)
    services.access_export_store(export_id=export.pk)
    return data_request


def _purge_run(case: Any) -> Any:
    return PurgeRun.objects.create(
        municipality=case.team.municipality,
        closed_before=timezone.localdate(),
        resident_ids=[case.resident.pk],
    )


#: function -> (call it on the case world, event, purpose, subject: the case resident's id?)
READS: dict[str, tuple[Callable[[Any], Any], str, str]] = {
    "data_request_get": (
        lambda c: selectors.data_request_get(user=c.officer, pk=_req(c).pk),
        Event.READ,
        Purpose.DATA_REQUEST,
    ),
    "log_data_request_page": (
        lambda c: selectors.log_data_request_page(user=c.officer, rows=[_req(c)]),
        Event.READ,
        Purpose.DATA_REQUEST,
    ),
    "purge_runs": (
        lambda c: (_purge_run(c), selectors.purge_runs(user=c.officer)),
        Event.READ,
        Purpose.RETENTION,
    ),
}

#: public selectors that log nothing themselves, with the reason
NOT_LOGGED_READS = {
    "data_request_list": "a queryset; the page that shows rows logs them (log_data_request_page)",
    "exports_of": "status, size and checksum of exports: no personal data",
    "ready_export": "whether an export waits: no personal data",
    "is_overdue": "a date comparison",
    "may_use_rights": "the role only",
    "resident_export_data": "plain data for access_export_build, which logs (in WRITES)",
    "erasure_data": "plain data for the erasure rule; nothing is shown; resident_erase logs",
    "erasure_obstacles": "a pure rule on plain data",
    "your_rights": "fixed text: retention periods and rights",
}

#: services -> (call, event, purpose)
WRITES: dict[str, tuple[Callable[[Any], Any], str, str]] = {
    "data_request_register": (
        lambda c: services.data_request_register(
            user=c.officer,
            kind=RequestKind.ACCESS,
            resident_id=c.resident.pk,
            received_on=timezone.localdate(),
        ),
        Event.CREATE,
        Purpose.DATA_REQUEST,
    ),
    "data_request_update": (
        lambda c: services.data_request_update(
            user=c.officer,
            data_request=_req(c),
            expected_version=1,
            status=RequestStatus.IN_PROGRESS,
        ),
        Event.UPDATE,
        Purpose.DATA_REQUEST,
    ),
    "access_export_build": (
        lambda c: services.access_export_build(user=c.resident_user, resident_id=c.resident.pk),
        Event.READ,
        Purpose.DATA_REQUEST,
    ),
    "own_export": (
        lambda c: services.own_export(user=c.resident_user),
        Event.READ,
        Purpose.DATA_REQUEST,
    ),
    "access_export_request": (
        lambda c: services.access_export_request(user=c.officer, pk=_req(c).pk),
        Event.CREATE,
        Purpose.DATA_REQUEST,
    ),
    "access_export_store": (
        lambda c: _ready(c),
        Event.READ,
        Purpose.DATA_REQUEST,
    ),
    "access_export_download": (
        lambda c: services.access_export_download(user=c.officer, pk=_ready(c).pk),
        Event.READ,
        Purpose.DATA_REQUEST,
    ),
    "resident_erase": (
        lambda c: services.resident_erase(
            user=c.officer, request_id=_req(c, RequestKind.ERASURE).pk
        ),
        Event.DELETE,
        Purpose.DATA_REQUEST,
    ),
}

#: services tested elsewhere or touching no single resident, with the reason
OTHER_SERVICES = {
    "add_months": "a pure computation on dates",
    "closed_cases_purge": "one RETENTION entry per municipality: test_purge.py",
    "exports_expire": "a RETENTION entry per expired export: test_export.py",
}


class Since:
    def __init__(self) -> None:
        self.after = (
            AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )

    def entries(self) -> Any:
        return AccessLogEntry.objects.filter(pk__gt=self.after)


@pytest.mark.parametrize("name", sorted(READS) + sorted(WRITES))
def test_each_read_and_write_is_logged_with_purpose_and_subject(case, name):
    call, event, purpose = {**READS, **WRITES}[name]
    since = Since()
    call(case)
    matching = [
        e
        for e in since.entries().prefetch_related("subjects")
        if (e.event, e.purpose) == (event, purpose)
    ]
    assert matching, f"{name} wrote no {event}/{purpose} entry"
    assert any(case.resident.pk in e.subject_ids() for e in matching), name


def _public(module: Any) -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(module, inspect.isfunction)
        if value.__module__ == module.__name__ and not name.startswith("_")
    }


def test_every_public_selector_is_in_a_table():
    assert _public(selectors) == set(READS) | set(NOT_LOGGED_READS)


def test_every_public_service_is_in_a_table():
    assert _public(services) == set(WRITES) | set(OTHER_SERVICES)


def test_log_entries_hold_no_names(case):
    for call, _event, _purpose in [*READS.values(), *WRITES.values()]:
        call(case)
    for entry in AccessLogEntry.objects.all():
        text = " ".join(str(v) for v in entry.__dict__.values())
        assert "Anna" not in text and "111222333" not in text and "Geheim" not in text
