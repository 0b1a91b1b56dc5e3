"""resident_update and household_close."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.residents.services import household_close, resident_update

from ..conftest import SECRET_BSN

pytestmark = pytest.mark.django_db


def _update(world, *, user=None, resident=None, **overrides):
    kwargs = {
        "user": user or world.user(Role.PROFESSIONAL),
        "resident": resident or world.consented,
        "name": "Anna de Vries",
        "birth_year": 1980,
        "neighbourhood": world.neighbourhood,
        "phone": "",
        "email": "",
        "address": "Kerkstraat 9",
    }
    kwargs.update(overrides)
    return resident_update(**kwargs)


def test_updates_personalia_and_keeps_the_bsn(world):
    resident = _update(world)
    assert resident.address == "Kerkstraat 9" and resident.bsn == SECRET_BSN
    entry = AccessLogEntry.objects.get(event="update", object_type="residents.Resident")
    assert entry.purpose == "support"
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [resident.pk]


def test_replaces_and_removes_the_bsn(world):
    assert _update(world, bsn="123456782").bsn == "123456782"
    assert _update(world, bsn="").bsn == ""


def test_refuses_a_bsn_of_another_resident_without_echo(world):
    with pytest.raises(ApplicationError) as error:
        _update(world, resident=world.org_only, bsn=SECRET_BSN)
    assert SECRET_BSN not in str(error.value.message)
    world.org_only.refresh_from_db()
    assert world.org_only.bsn == ""


def test_refuses_bad_input(world):
    with pytest.raises(ApplicationError):
        _update(world, name="")
    with pytest.raises(ApplicationError):
        _update(world, bsn="123456789")
    world.consented.refresh_from_db()
    assert world.consented.address == "Dorpsstraat 1"


def test_without_consent_the_resident_does_not_exist(world):
    with pytest.raises(Http404):
        _update(world, user=world.user("colleague"), resident=world.org_only)
    with pytest.raises(Http404):
        _update(world, resident=world.withdrawn)


def test_close_a_case(world):
    lead = world.user(Role.TEAM_LEAD)
    today = timezone.localdate()
    with pytest.raises(ApplicationError, match="open risk signals"):
        household_close(user=lead, household=world.household, closed_on=today)
    world.signal.resolved_on = today
    world.signal.save()
    with pytest.raises(ApplicationError, match="future"):
        household_close(
            user=lead, household=world.household, closed_on=today + dt.timedelta(days=1)
        )
    with pytest.raises(ApplicationError, match="before it was opened"):
        household_close(
            user=lead,
            household=world.household,
            closed_on=world.household.opened_on - dt.timedelta(days=1),
        )
    household = household_close(user=lead, household=world.household, closed_on=today)
    assert household.closed_on == today
    entry = AccessLogEntry.objects.get(event="update", object_type="residents.Household")
    assert set(entry.subjects.values_list("resident_id", flat=True)) == {
        world.consented.pk,
        world.partner.pk,
    }
    with pytest.raises(ApplicationError, match="already closed"):
        household_close(user=lead, household=household, closed_on=today)


def test_close_needs_the_household_in_scope(world):
    with pytest.raises(Http404):
        household_close(
            user=world.user("other_team"),
            household=world.household,
            closed_on=timezone.localdate(),
        )
