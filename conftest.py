"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Every test starts with an empty Django cache and without the domains and levels the
    instruments app keeps per process: kept pages (``neighbourhoods.cache``), data versions
    and reference data read in one test (and rolled back with it) must not reach the next."""
    from django.core.cache import cache

    from wijkkompas.instruments.selectors import forget_reference

    cache.clear()
    forget_reference()
    yield
    cache.clear()
    forget_reference()


@pytest.fixture
def keeping() -> Any:
    """Case pages and kept API lists are kept in this test (``core.pagecache``, for 300 s
    whatever the settings say), in a store emptied before and after it."""
    from django.test import override_settings

    from wijkkompas.core import pagecache

    pagecache.clear()
    with override_settings(WIJKKOMPAS_CASE_PAGE_CACHE_SECONDS=300):
        yield
    pagecache.clear()


@pytest.fixture
def login_client() -> Callable[..., Client]:
    """``login_client(user)``: a test client logged in as ``user``, second factor passed."""

    def make(user: Any, *, verified: bool = True) -> Client:
        from wijkkompas.accounts.tests.factories import TOTPDeviceFactory

        client = Client()
        client.force_login(user)
        if verified:
            device = TOTPDeviceFactory(user=user)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return make
