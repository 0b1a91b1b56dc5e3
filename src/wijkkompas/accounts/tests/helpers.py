"""Helpers shared by the accounts tests."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.services import otp_current_token

PASSWORD = "correct-horse-battery-staple"


def post_login(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def current_code(device: Any) -> str:
    return otp_current_token(device)


def wrong_code(device: Any) -> str:
    right = otp_current_token(device)
    return f"{(int(right) + 500_000) % 1_000_000:06d}"
