"""Writes of the accounts app: second-factor devices (TOTP) and demo devices."""

from __future__ import annotations

import base64
import time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkkompas.core.exceptions import ApplicationError

from .constants import ADMIN_GROUP_NAME, ADMIN_GROUP_PERMISSIONS, DEMO_TOTP_SECRET, Role
from .models import User

#: Name of the device a user sets up on the setup page.
DEVICE_NAME = "authenticator"
#: Name of the device of a demo account.
DEMO_DEVICE_NAME = "demo"


def otp_device_for(user: User) -> TOTPDevice | None:
    """The user's confirmed TOTP device (the oldest, when there are several)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def otp_secret_b32(device: TOTPDevice) -> str:
    """The device's secret in base32, as authenticator apps want it (without padding)."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def otp_current_token(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the device shows now (for demo accounts and tests only)."""
    generator = TOTP(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    generator.time = int(time.time() if at is None else at)
    code = generator.token()
    return f"{code:0{device.digits}d}"


def _clean_token(token: str) -> str:
    return "".join(str(token).split())


def _token_error(device: TOTPDevice, token: str) -> ApplicationError | None:
    """Why ``token`` does not pass ``device`` (None when it does).

    The device records the attempt (throttling counter, last used time step), so the
    caller must not roll back its transaction on failure: it returns the error and raises
    only after the transaction committed.
    """
    allowed, extra = device.verify_is_allowed()
    if not allowed:
        failures = (extra or {}).get("failure_count", 0)
        return ApplicationError(
            _("Too many wrong codes (%(count)d). Wait a little while before you try again.")
            % {"count": failures},
            field="otp_token",
        )
    if not device.verify_token(_clean_token(token)):
        return ApplicationError(
            _("This code is not correct. Check the time on your phone and try the current code."),
            field="otp_token",
        )
    return None


def otp_token_verify(*, user: User, token: str) -> TOTPDevice:
    """Check ``token`` against the user's confirmed device; return it or raise.

    Throttling (growing delays after failures) and replay protection are the device's.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            error: ApplicationError | None = ApplicationError(
                _("You have not set up the second step yet.")
            )
        else:
            error = _token_error(device, token)
    if error is not None:
        raise error
    assert device is not None
    return device


@transaction.atomic
def otp_setup_device_get_or_create(*, user: User) -> TOTPDevice:
    """The unconfirmed device the user is setting up (one at a time)."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ApplicationError(_("The second step has already been set up for this account."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=DEVICE_NAME).first()
    if device is None:
        device = TOTPDevice(user=user, name=DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


def otp_setup_device_confirm(*, user: User, token: str) -> TOTPDevice:
    """Confirm the device being set up with a code from the app; raise when wrong."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False, name=DEVICE_NAME)
            .first()
        )
        if device is None or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            error: ApplicationError | None = ApplicationError(
                _("There is no second step waiting to be confirmed.")
            )
        else:
            error = _token_error(device, token)
        if error is None and device is not None:
            device.confirmed = True
            device.full_clean()
            device.save()
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    if error is not None:
        raise error
    assert device is not None
    return device


@transaction.atomic
def otp_devices_reset(*, user: User) -> int:
    """Remove all second-factor devices of ``user`` (a lost phone); they set it up again."""
    deleted, _detail = TOTPDevice.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def demo_device_ensure(*, user: User, secret_b32: str = DEMO_TOTP_SECRET) -> TOTPDevice:
    """Give a demo account a confirmed TOTP device with a known secret (idempotent).

    For the demo loader only: refuses any account that is not a demo account, because a
    known secret is no second factor at all.
    """
    if not user.is_demo:
        raise ApplicationError(_("A known second-step secret is only for demo accounts."))
    padded = secret_b32.strip().upper() + "=" * (-len(secret_b32.strip()) % 8)
    try:
        key = base64.b32decode(padded).hex()
    except ValueError as exc:  # binascii.Error is a ValueError
        raise ApplicationError(_("The demo secret is not valid base32.")) from exc
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"key": key, "confirmed": True}
    )
    if device.key != key or not device.confirmed:
        device.key = key
        device.confirmed = True
        device.full_clean()
        device.save()
    return device


def demo_tokens(usernames: list[str] | None = None) -> list[tuple[str, str, int]]:
    """``(username, code, seconds left)`` for demo accounts; raise for any other account."""
    users: Any = User.objects.filter(is_demo=True).order_by("username")
    if usernames:
        found = {u.username: u for u in User.objects.filter(username__in=usernames)}
        missing = [n for n in usernames if n not in found]
        if missing:
            raise ApplicationError(_("Unknown account: %(names)s") % {"names": ", ".join(missing)})
        not_demo = [n for n in usernames if not found[n].is_demo]
        if not_demo:
            raise ApplicationError(
                _("Refused: %(names)s is not a demo account.") % {"names": ", ".join(not_demo)}
            )
        users = [found[n] for n in usernames]
    now = time.time()
    rows = []
    for user in users:
        device = otp_device_for(user)
        if device is None:
            continue
        left = device.step - int(now - device.t0) % device.step
        rows.append((user.username, otp_current_token(device, at=now), left))
    return rows


def admin_group_ensure() -> Any:
    """The group of functional administrators with exactly its permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=ADMIN_GROUP_NAME)
    wanted = [
        Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
        for app_label, model, actions in ADMIN_GROUP_PERMISSIONS
        for action in actions
    ]
    group.permissions.set(wanted)
    return group


@transaction.atomic
def user_apply_role(*, user: User) -> User:
    """Give the functional administrator (role ``admin``) the admin site and its group;
    take both away from every other role. Superusers (operators) are left alone."""
    if user.is_superuser:
        return user
    group = admin_group_ensure()
    is_admin = user.role == Role.ADMIN and user.is_active
    if user.is_staff != is_admin:
        user.is_staff = is_admin
        user.save(update_fields=["is_staff"])
    if is_admin:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    return user
