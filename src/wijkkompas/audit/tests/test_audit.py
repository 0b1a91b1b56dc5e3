"""The audit app's own reads and the security events it records.

Personal-data reads of this app: the access log page and the security overview (both
log a READ with purpose "privacy supervision")."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.signals import access_refused
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.audit.services import log_event

pytestmark = pytest.mark.django_db


def test_reading_the_log_is_itself_logged(login_client):
    officer = UserFactory.create(role=Role.PRIVACY_OFFICER)
    log_event(event=Event.LOGIN, username="x", municipality_id=officer.municipality_id)
    login_client(officer).get(reverse("audit:log"))
    read = AccessLogEntry.objects.get(event=Event.READ, user=officer)
    assert read.purpose == Purpose.PRIVACY_SUPERVISION
    assert read.object_type == "audit.AccessLogEntry"
    assert read.municipality_id == officer.municipality_id


def test_reading_the_security_overview_is_logged(login_client):
    officer = UserFactory.create(role=Role.PRIVACY_OFFICER)
    login_client(officer).get(reverse("audit:security"))
    assert AccessLogEntry.objects.filter(event=Event.READ, user=officer).exists()


def test_refusal_by_the_permission_layer_is_logged_once(login_client):
    user = UserFactory.create(role=Role.RESIDENT)
    response = login_client(user).get(reverse("audit:log"))
    assert response.status_code == 403
    entries = AccessLogEntry.objects.filter(event=Event.REFUSED, user=user)
    assert entries.count() == 1
    assert entries.get().object_type == "audit.AccessLogEntry"
    assert entries.get().path == reverse("audit:log")


def test_access_refused_signal_is_logged():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    access_refused.send(sender=AccessLogEntry, request=None, user=user)
    entry = AccessLogEntry.objects.get(event=Event.REFUSED)
    assert entry.user == user and entry.municipality_id == user.municipality_id


def test_log_event_writes_no_personal_data_to_python_logging(caplog):
    user = UserFactory.create(role=Role.PROFESSIONAL, username="jan.jansen")
    with caplog.at_level(logging.DEBUG, logger="wijkkompas.audit"):
        log_event(event=Event.LOGIN, user=user)
        log_event(event=Event.LOGIN_FAILED, username="piet.pietersen")
    assert "jan.jansen" not in caplog.text
    assert "piet.pietersen" not in caplog.text
    assert "event=login" in caplog.text


def test_client_ip_is_recorded():
    user = UserFactory.create(role=Role.POLICY_OFFICER)
    Client(REMOTE_ADDR="192.0.2.10").post(
        reverse("accounts:login"), {"username": user.username, "password": "nope-nope-nope"}
    )
    assert AccessLogEntry.objects.get(event=Event.LOGIN_FAILED).ip_address == "192.0.2.10"


def test_entries_of_other_municipalities_do_not_leak_via_failed_logins():
    """A failed login for a user of municipality A is visible to A's officer only."""
    a, b = MunicipalityFactory.create(), MunicipalityFactory.create()
    user = UserFactory.create(municipality=a, role=Role.POLICY_OFFICER)
    Client().post(reverse("accounts:login"), {"username": user.username, "password": "x" * 12})
    entry = AccessLogEntry.objects.get(event=Event.LOGIN_FAILED)
    assert entry.municipality_id == a.pk != b.pk
