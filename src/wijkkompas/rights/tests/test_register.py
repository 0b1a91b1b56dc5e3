"""The register of data requests: due in one month, only residents of the own
municipality, bad input refused with a message, concurrent edits refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given
from hypothesis import strategies as st

from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.rights import services
from wijkkompas.rights.constants import RequestKind, RequestStatus
from wijkkompas.rights.models import DataRequest


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_due_one_month_later_for_every_day(day):
    due = services.add_months(day, 1)
    assert (due.year * 12 + due.month) - (day.year * 12 + day.month) == 1
    assert due.day == day.day or (due.day < day.day and (due + dt.timedelta(days=1)).day == 1)


def test_month_end():
    assert services.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert services.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert services.add_months(dt.date(2025, 12, 15), 1) == dt.date(2026, 1, 15)


@pytest.mark.django_db
def test_register_and_update(case):
    data_request = services.data_request_register(
        user=case.officer,
        kind=RequestKind.ACCESS,
        resident_id=case.resident.pk,
        received_on=dt.date.today(),
    )
    assert data_request.due_on == services.add_months(dt.date.today(), 1)
    assert data_request.municipality_id == case.team.municipality_id
    updated = services.data_request_update(
        user=case.officer,
        data_request=data_request,
        expected_version=1,
        status=RequestStatus.COMPLETED,
        outcome_note="Export overhandigd.",
    )
    assert updated.handled_by == case.officer and updated.handled_on == dt.date.today()
    with pytest.raises(ApplicationError):
        services.data_request_update(
            user=case.officer,
            data_request=data_request,
            expected_version=2,
            status=RequestStatus.IN_PROGRESS,
        )


@pytest.mark.django_db
def test_concurrent_edit_is_refused(case):
    data_request = services.data_request_register(
        user=case.officer,
        kind=RequestKind.ERASURE,
        resident_id=case.resident.pk,
        received_on=dt.date.today(),
    )
    services.data_request_update(
        user=case.officer,
        data_request=data_request,
        expected_version=1,
        status=RequestStatus.IN_PROGRESS,
    )
    with pytest.raises(ApplicationError, match="Someone else"):
        services.data_request_update(
            user=case.officer,
            data_request=data_request,
            expected_version=1,
            status=RequestStatus.REFUSED,
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("resident", "received", "field"),
    [
        ("other_resident", 0, None),
        ("foreign_resident", 0, "resident_id"),
        ("resident", -3, "received_on"),
    ],
)
def test_bad_input_is_refused(case, resident, received, field):
    kwargs = {
        "user": case.officer,
        "kind": RequestKind.ACCESS,
        "resident_id": getattr(case, resident).pk,
        "received_on": dt.date.today() - dt.timedelta(days=received),
    }
    if field is None:
        services.data_request_register(**kwargs)
        return
    with pytest.raises(ApplicationError) as refusal:
        services.data_request_register(**kwargs)
    assert refusal.value.field == field
    assert not DataRequest.objects.exists()


@pytest.mark.django_db
def test_only_the_privacy_officer_registers(case):
    for user in (case.professional, case.resident_user):
        with pytest.raises(PermissionDenied):
            services.data_request_register(
                user=user,
                kind=RequestKind.ACCESS,
                resident_id=case.resident.pk,
                received_on=dt.date.today(),
            )
