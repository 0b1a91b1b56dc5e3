"""The second factor (TOTP): required per role, verification, setup, demo codes."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkkompas.accounts.constants import DEMO_TOTP_SECRET, ROLES_REQUIRING_2FA, Role
from wijkkompas.accounts.services import demo_device_ensure, otp_secret_b32
from wijkkompas.accounts.tests.factories import (
    DemoUserFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from wijkkompas.accounts.tests.helpers import current_code, wrong_code
from wijkkompas.audit.constants import Event
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def password_only_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", list(Role))
def test_second_factor_required_per_role(role):
    user = UserFactory.create(role=role)
    TOTPDeviceFactory.create(user=user)
    response = password_only_client(user).get(reverse("web:home"))
    if role in ROLES_REQUIRING_2FA:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:otp"))
    else:
        assert response.status_code == 200


def test_superuser_without_role_needs_second_factor():
    user = UserFactory.create(role="", is_superuser=True, is_staff=True)
    response = password_only_client(user).get(reverse("web:home"))
    assert response["Location"].startswith(reverse("accounts:otp"))


@pytest.mark.parametrize("role", sorted(ROLES_REQUIRING_2FA))
def test_verified_user_gets_through(role, login_client):
    user = UserFactory.create(role=role)
    assert login_client(user).get(reverse("web:home")).status_code == 200


def test_unverified_user_is_redirected_from_every_page_but_the_login_pages():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    TOTPDeviceFactory.create(user=user)
    client = password_only_client(user)
    for url in ["/teams/", "/privacy/", "/beheer/", "/gebieden/", "/does-not-exist/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:otp")), url
    assert client.get(reverse("accounts:otp")).status_code == 200
    assert client.get(reverse("accounts:password_change")).status_code == 302
    assert client.get("/health/").status_code == 200


def test_correct_code_verifies_and_is_logged():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    device = TOTPDeviceFactory.create(user=user)
    client = password_only_client(user)
    old_key = client.session.session_key
    # The code as an authenticator app computes it from the device's key.
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(
        reverse("accounts:otp") + "?next=/teams/", {"otp_token": code, "next": "/teams/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/teams/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != old_key  # new key after raising privilege
    assert client.get(reverse("web:home")).status_code == 200
    assert AccessLogEntry.objects.filter(event=Event.OTP_VERIFIED, user=user).count() == 1


def test_wrong_code_is_refused_and_logged():
    user = UserFactory.create(role=Role.TEAM_LEAD)
    device = TOTPDeviceFactory.create(user=user)
    client = password_only_client(user)
    response = client.post(reverse("accounts:otp"), {"otp_token": wrong_code(device)})
    assert response.status_code == 200
    assert "This code is not correct" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("web:home")).status_code == 302
    entry = AccessLogEntry.objects.get(event=Event.OTP_FAILED)
    assert entry.user == user
    assert entry.municipality_id == user.municipality_id


def test_repeated_wrong_codes_are_throttled():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    device = TOTPDeviceFactory.create(user=user)
    client = password_only_client(user)
    client.post(reverse("accounts:otp"), {"otp_token": wrong_code(device)})
    # Right after a failure the device refuses even the right code for a while.
    response = client.post(reverse("accounts:otp"), {"otp_token": current_code(device)})
    assert "Too many wrong codes" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_malformed_code_gets_a_form_error():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    TOTPDeviceFactory.create(user=user)
    response = password_only_client(user).post(reverse("accounts:otp"), {"otp_token": "12ab56"})
    assert "six digits" in response.content.decode()


def test_otp_page_needs_login():
    response = Client().get(reverse("accounts:otp"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_otp_page_sends_user_without_device_to_setup():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    response = password_only_client(user).get(reverse("accounts:otp"))
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_setup_flow_shows_secret_and_qr_and_confirms():
    user = UserFactory.create(role=Role.COORDINATOR)
    client = password_only_client(user)
    response = client.get(reverse("accounts:otp_setup"))
    assert response.status_code == 200
    content = response.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = otp_secret_b32(device)
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in content
    assert re.search(r"<svg [^>]*role=\"img\"", content)
    assert "<path" in content
    assert " style=" not in content
    # Reloading the page keeps the same secret.
    client.get(reverse("accounts:otp_setup"))
    assert TOTPDevice.objects.filter(user=user).count() == 1

    response = client.post(reverse("accounts:otp_setup"), {"otp_token": wrong_code(device)})
    assert response.status_code == 200
    assert "This code is not correct" in response.content.decode()

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(reverse("accounts:otp_setup"), {"otp_token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("web:home")).status_code == 200
    assert AccessLogEntry.objects.filter(event=Event.OTP_SETUP, user=user).exists()
    assert AccessLogEntry.objects.filter(event=Event.OTP_FAILED, user=user).exists()
    assert AccessLogEntry.objects.filter(event=Event.OTP_VERIFIED, user=user).exists()


def test_setup_is_refused_when_a_device_exists():
    """With only a password, nobody can add a second device to an account."""
    user = UserFactory.create(role=Role.PROFESSIONAL)
    TOTPDeviceFactory.create(user=user)
    client = password_only_client(user)
    response = client.get(reverse("accounts:otp_setup"))
    assert response["Location"].startswith(reverse("accounts:otp"))
    client.post(reverse("accounts:otp_setup"), {"otp_token": "123456"})
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_demo_device_ensure_is_idempotent_and_uses_the_demo_secret():
    user = DemoUserFactory.create(role=Role.PROFESSIONAL)
    first = demo_device_ensure(user=user)
    second = demo_device_ensure(user=user)
    assert first.pk == second.pk
    assert otp_secret_b32(second) == DEMO_TOTP_SECRET
    assert second.confirmed


def test_demo_device_ensure_refuses_real_accounts():
    with pytest.raises(ApplicationError):
        demo_device_ensure(user=UserFactory.create())
    assert not TOTPDevice.objects.exists()


def test_demo_totp_prints_codes_that_pass_the_second_step(capsys):
    user = DemoUserFactory.create(role=Role.PROFESSIONAL)
    demo_device_ensure(user=user)
    call_command("demo_totp", user.username)
    out = capsys.readouterr().out
    match = re.search(rf"^{re.escape(user.username)}\s+(\d{{6}})\s", out, re.M)
    assert match
    client = password_only_client(user)
    response = client.post(reverse("accounts:otp"), {"otp_token": match.group(1)})
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200


def test_demo_totp_without_names_lists_all_demo_accounts(capsys):
    users = [DemoUserFactory.create(), DemoUserFactory.create()]
    real = UserFactory.create()
    TOTPDeviceFactory.create(user=real)
    for user in users:
        demo_device_ensure(user=user)
    call_command("demo_totp")
    out = capsys.readouterr().out
    assert all(u.username in out for u in users)
    assert real.username not in out


def test_demo_totp_refuses_non_demo_accounts(capsys):
    demo = DemoUserFactory.create()
    demo_device_ensure(user=demo)
    real = UserFactory.create()
    TOTPDeviceFactory.create(user=real)
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_totp", demo.username, real.username)
    assert capsys.readouterr().out == ""
    with pytest.raises(CommandError, match="Unknown account"):
        call_command("demo_totp", "no-such-user")
