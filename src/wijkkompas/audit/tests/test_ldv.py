"""The access log follows the Logboek Dataverwerkingen standard where it fits: one trace id
per request or task, a span id per entry, the operation, a status, the processing activity
of the purpose, and when the processing started (docs/operators/access-log.md)."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.audit.constants import Event, Purpose, Status
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.audit.services import log_access, log_event, processing_trace

pytestmark = pytest.mark.django_db

HEX32 = re.compile(r"^[0-9a-f]{32}$")
HEX16 = re.compile(r"^[0-9a-f]{16}$")


def _read(user, **kwargs):
    return log_access(user=user, action=Event.READ, purpose=Purpose.SUPPORT, subjects=[1], **kwargs)


def test_entries_of_one_trace_share_the_trace_id_and_have_own_spans():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    with processing_trace() as trace:
        first, second = _read(user), _read(user)
        refusal = log_event(event=Event.REFUSED, user=user)
    assert HEX32.match(trace.trace_id)
    assert first.trace_id == second.trace_id == refusal.trace_id == trace.trace_id
    assert HEX16.match(first.span_id) and first.span_id != second.span_id
    assert first.started_at == trace.started_at <= first.at


def test_nested_traces_keep_the_outer_one():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    with processing_trace() as outer, processing_trace() as inner:
        assert inner is outer
        assert _read(user).trace_id == outer.trace_id


def test_without_a_trace_each_entry_gets_its_own():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    assert _read(user).trace_id != _read(user).trace_id


def test_one_trace_per_request(login_client):
    officer = UserFactory.create(role=Role.PRIVACY_OFFICER)
    client = login_client(officer)
    client.get(reverse("audit:log"))
    client.get(reverse("audit:log"))
    traces = list(
        AccessLogEntry.objects.filter(user=officer, event=Event.READ).values_list(
            "trace_id", flat=True
        )
    )
    assert len(traces) == 2 and len(set(traces)) == 2


def test_operation_names_the_caller_and_can_be_given():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    assert _read(user).operation == "audit.tests.test_ldv._read"
    assert _read(user, operation="residents.selectors.x").operation == "residents.selectors.x"


def test_processing_activity_from_the_purpose():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    assert _read(user).processing_activity_id == "urn:wijkkompas:verwerkingsactiviteit:support"
    register = {Purpose.SUPPORT: "https://register.example.nl/verwerkingen/17"}
    with override_settings(WIJKKOMPAS_PROCESSING_ACTIVITIES=register):
        assert _read(user).processing_activity_id == register[Purpose.SUPPORT]


def test_status_ok_for_processing_unset_for_refusals():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    assert _read(user).status == Status.OK
    assert _read(user, status=Status.ERROR).status == Status.ERROR
    assert log_event(event=Event.REFUSED, user=user).status == Status.UNSET
    assert log_event(event=Event.LOGIN, user=user).status == Status.OK
    with pytest.raises(ValueError):
        _read(user, status=7)


def test_role_and_organisations_at_the_time():
    from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory

    team = TeamFactory.create()
    user = UserFactory.create(role=Role.PROFESSIONAL, municipality=team.municipality, teams=[team])
    membership = MembershipFactory.create(team=team, user=user)
    entry = _read(user)
    assert entry.role == Role.PROFESSIONAL
    assert entry.organisations == str(membership.organisation_id)
    officer = UserFactory.create(role=Role.PRIVACY_OFFICER)
    assert _read(officer).organisations == ""


def test_entries_hold_ids_and_codes_only():
    user = UserFactory.create(role=Role.PROFESSIONAL, username="j.jansen")
    entry = _read(user)
    assert entry.username == "j.jansen"  # the account, as before
    for field in ("trace_id", "span_id", "operation", "processing_activity_id", "role"):
        assert "jansen" not in getattr(entry, field)
