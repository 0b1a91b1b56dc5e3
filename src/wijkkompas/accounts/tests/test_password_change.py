"""Password change: at least 12 characters, no common passwords."""

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.accounts.tests.helpers import PASSWORD
from wijkkompas.audit.constants import Event
from wijkkompas.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def change(client, new, old=PASSWORD):
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_page_needs_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Kort-1x", "at least 12 characters"),
        ("password1234", "too common"),
        ("123456789012", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(new, message, login_client, settings):
    settings.LANGUAGE_CODE = "en"
    user = UserFactory.create(role=Role.PROFESSIONAL)
    client = login_client(user)
    response = change(client, new)
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_wrong_old_password_is_refused(login_client):
    user = UserFactory.create(role=Role.PROFESSIONAL)
    response = change(login_client(user), "een-lange-zin-als-wachtwoord", old="wrong-one-123")
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_good_password_is_accepted_and_session_kept(login_client):
    user = UserFactory.create(role=Role.PROFESSIONAL)
    client = login_client(user)
    response = change(client, "een-lange-zin-als-wachtwoord")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("een-lange-zin-als-wachtwoord")
    assert client.get(reverse("web:home")).status_code == 200
    assert AccessLogEntry.objects.filter(event=Event.PASSWORD_CHANGED, user=user).exists()
