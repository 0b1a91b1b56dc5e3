"""Idle timeout per role, the absolute limit, and logout."""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import RESIDENT_ROLES, Role
from wijkkompas.accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.audit.constants import Event
from wijkkompas.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def shift_session(client: Client, *, seen_ago: int | None = None, started_ago: int | None = None):
    session = client.session
    now = int(time.time())
    if seen_ago is not None:
        session[SESSION_LAST_SEEN] = now - seen_ago
    if started_ago is not None:
        session[SESSION_STARTED] = now - started_ago
    session.save()


def expected_idle(role) -> int:
    return 15 * 60 if role in RESIDENT_ROLES else 30 * 60


def test_settings_match_the_policy():
    assert settings.SESSION_IDLE_TIMEOUT_STAFF == 30 * 60
    assert settings.SESSION_IDLE_TIMEOUT_RESIDENT == 15 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60


def test_login_starts_the_session_clocks(login_client):
    client = login_client(UserFactory.create(role=Role.PROFESSIONAL))
    session = client.session
    assert abs(session[SESSION_STARTED] - time.time()) < 5
    assert abs(session[SESSION_LAST_SEEN] - time.time()) < 5


@pytest.mark.parametrize("role", list(Role))
def test_idle_timeout_per_role(role, login_client):
    user = UserFactory.create(role=role)
    client = login_client(user)
    idle = expected_idle(role)

    shift_session(client, seen_ago=idle - 60)
    assert client.get(reverse("web:home")).status_code == 200

    shift_session(client, seen_ago=idle + 1)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    entry = AccessLogEntry.objects.get(event=Event.SESSION_EXPIRED)
    assert entry.user == user
    assert not AccessLogEntry.objects.filter(event=Event.LOGOUT).exists()
    # The login page tells the user why.
    page = client.get(response["Location"])
    assert "idle for too long" in page.content.decode()


def test_activity_keeps_the_session_alive(login_client):
    client = login_client(UserFactory.create(role=Role.RESIDENT))
    shift_session(client, seen_ago=14 * 60)
    assert client.get(reverse("web:home")).status_code == 200
    assert abs(client.session[SESSION_LAST_SEEN] - time.time()) < 5
    assert client.get(reverse("web:home")).status_code == 200


def test_absolute_limit_even_when_active(login_client):
    user = UserFactory.create(role=Role.PROFESSIONAL)
    client = login_client(user)
    shift_session(client, seen_ago=10, started_ago=12 * 60 * 60 - 120)
    assert client.get(reverse("web:home")).status_code == 200
    shift_session(client, seen_ago=10, started_ago=12 * 60 * 60 + 1)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AccessLogEntry.objects.filter(event=Event.SESSION_EXPIRED, user=user).count() == 1
    page = client.get(response["Location"])
    assert "maximum length of 12 hours" in page.content.decode()


def test_expired_htmx_request_redirects_the_whole_page(login_client):
    client = login_client(UserFactory.create(role=Role.PROFESSIONAL))
    shift_session(client, seen_ago=31 * 60)
    response = client.get(reverse("web:home"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("accounts:login")


def test_logout_is_post_only(login_client):
    client = login_client(UserFactory.create(role=Role.PROFESSIONAL))
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session


def test_logout_logs_out_with_message_and_is_logged(login_client):
    user = UserFactory.create(role=Role.PROFESSIONAL)
    client = login_client(user)
    response = client.post(reverse("accounts:logout"), follow=True)
    assert response.status_code == 200
    assert "You have been logged out" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessLogEntry.objects.filter(event=Event.LOGOUT, user=user).count() == 1


def test_logout_needs_csrf_token(login_client):
    user = UserFactory.create(role=Role.PROFESSIONAL)
    client = login_client(user)
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
