"""Login with user name and password: messages, safe "next", lockout after 5 failures."""

import pytest
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.accounts.tests.helpers import post_login
from wijkkompas.audit.constants import Event
from wijkkompas.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_login_page_renders():
    response = Client().get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'autocomplete="current-password"' in response.content


def test_successful_login_without_2fa_role_goes_home():
    user = UserFactory.create(role=Role.POLICY_OFFICER)
    client = Client()
    response = post_login(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:start")
    assert client.get(reverse("web:start"))["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200
    assert AccessLogEntry.objects.filter(event=Event.LOGIN, user=user).count() == 1


def test_successful_login_of_2fa_role_goes_to_second_step():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    from wijkkompas.accounts.tests.factories import TOTPDeviceFactory

    TOTPDeviceFactory.create(user=user)
    response = post_login(Client(), user.username, next="/teams/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:otp')}?next=%2Fteams%2F"


def test_2fa_role_without_device_goes_to_setup():
    user = UserFactory.create(role=Role.ADMIN)
    response = post_login(Client(), user.username)
    assert response["Location"] == reverse("accounts:otp_setup")


def test_wrong_password_shows_a_clear_message_and_is_logged_with_municipality():
    user = UserFactory.create(role=Role.POLICY_OFFICER)
    response = post_login(Client(), user.username, "wrong-password-123")
    assert response.status_code == 200
    assert "user name or password is not correct" in response.content.decode()
    entry = AccessLogEntry.objects.get(event=Event.LOGIN_FAILED)
    assert entry.username == user.username
    assert entry.municipality_id == user.municipality_id
    assert entry.user is None


def test_failed_login_of_unknown_user_has_no_municipality():
    post_login(Client(), "nobody-here", "whatever-password")
    entry = AccessLogEntry.objects.get(event=Event.LOGIN_FAILED)
    assert entry.username == "nobody-here"
    assert entry.municipality_id is None


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/teams/", "/teams/"),
        ("/privacy/?event=login", "/privacy/?event=login"),
        ("https://evil.example/", "/start/"),
        ("//evil.example/", "/start/"),
        ("/\\evil.example/", "/start/"),
        ("http://testserver/teams/", "/start/"),
        ("javascript:alert(1)", "/start/"),
    ],
)
def test_next_only_allows_local_paths(next_url, expected):
    """Anything but a local path is ignored: the login goes on to the start redirect."""
    user = UserFactory.create(role=Role.RESEARCHER)
    response = post_login(Client(), user.username, next=next_url)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_lockout_after_five_failures_with_message_and_log():
    user = UserFactory.create(role=Role.POLICY_OFFICER)
    client = Client()
    for _ in range(4):
        assert post_login(client, user.username, "wrong-password-123").status_code == 200
    response = post_login(client, user.username, "wrong-password-123")
    assert response.status_code == 429
    content = response.content.decode()
    assert "Logging in is temporarily blocked" in content
    assert "What can you do?" in content
    assert user.username not in content
    # Even the right password is refused now.
    response = post_login(client, user.username)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Every attempt while locked is logged as a lockout too.
    locked = AccessLogEntry.objects.filter(event=Event.LOCKED_OUT).first()
    assert locked is not None
    assert locked.username == user.username
    assert locked.municipality_id == user.municipality_id
    assert AccessLogEntry.objects.filter(event=Event.LOGIN_FAILED).count() >= 5


def test_lockout_is_lifted_by_axes_reset():
    from django.core.management import call_command

    user = UserFactory.create(role=Role.POLICY_OFFICER)
    client = Client()
    for _ in range(5):
        post_login(client, user.username, "wrong-password-123")
    assert post_login(client, user.username).status_code == 429
    call_command("axes_reset", verbosity=0)
    assert post_login(client, user.username).status_code == 302


def test_inactive_account_cannot_log_in():
    user = UserFactory.create(role=Role.POLICY_OFFICER, is_active=False)
    response = post_login(Client(), user.username)
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session


def test_logged_in_user_visiting_login_is_sent_on(login_client):
    user = UserFactory.create(role=Role.POLICY_OFFICER)
    response = login_client(user).get(reverse("accounts:login"))
    assert response.status_code == 302


def test_no_password_in_python_logs(caplog):
    user = UserFactory.create(role=Role.POLICY_OFFICER)
    with caplog.at_level("INFO"):
        post_login(Client(), user.username, "secret-wrong-password-xyz")
        post_login(Client(), user.username)
    text = caplog.text
    assert "secret-wrong-password-xyz" not in text
    assert "correct-horse-battery-staple" not in text
    assert user.username not in text
