"""A data version changes on a bump after the commit, and never comes back."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.db import transaction

from wijkkompas.core import versions

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_token_is_stable_until_a_bump():
    first = versions.current("test", 1)
    assert versions.current("test", 1) == first
    assert versions.current("test", 2) != first
    versions.bump("test", 1)
    assert versions.current("test", 1) != first


def test_the_bump_waits_for_the_commit_and_is_lost_with_a_rollback():
    first = versions.current("test", 3)
    with pytest.raises(RuntimeError), transaction.atomic():
        versions.bump("test", 3)
        assert versions.current("test", 3) == first
        raise RuntimeError
    assert versions.current("test", 3) == first
    with transaction.atomic():
        versions.bump("test", 3)
        assert versions.current("test", 3) == first
    assert versions.current("test", 3) != first


def test_a_lost_token_is_replaced_by_a_new_one():
    first = versions.current("test", 4)
    cache.clear()
    assert versions.current("test", 4) != first


@pytest.fixture
def settling(settings):
    settings.WIJKKOMPAS_AGGREGATE_SETTLE_SECONDS = 60
    return settings


class Clock:
    """``time.time`` of ``core.versions``, moved on by hand."""

    def __init__(self, monkeypatch):
        self.now = time.time()
        monkeypatch.setattr(versions.time, "time", lambda: self.now)


def test_a_settling_change_waits_its_period_from_the_first_change(settling, monkeypatch):
    clock = Clock(monkeypatch)
    first = versions.current("test", 5)
    versions.bump("test", 5, settle=True)
    assert versions.current("test", 5) == first
    clock.now += 40
    # A later change does not put the first one off.
    versions.bump("test", 5, settle=True)
    assert versions.current("test", 5) == first
    clock.now += 20
    second = versions.current("test", 5)
    assert second != first
    # Both changes took effect with the one new token.
    clock.now += 120
    assert versions.current("test", 5) == second


def test_a_plain_change_takes_effect_at_once_with_the_settling_ones(settling, monkeypatch):
    clock = Clock(monkeypatch)
    first = versions.current("test", 6)
    versions.bump("test", 6, settle=True)
    versions.bump("test", 6)
    second = versions.current("test", 6)
    assert second != first
    # The settling change went with it: no second change when its period ends.
    clock.now += 120
    assert versions.current("test", 6) == second


def test_a_settling_change_waits_for_the_commit_too(settling, monkeypatch):
    clock = Clock(monkeypatch)
    first = versions.current("test", 7)
    with pytest.raises(RuntimeError), transaction.atomic():
        versions.bump("test", 7, settle=True)
        raise RuntimeError
    clock.now += 120
    assert versions.current("test", 7) == first


def test_without_a_settling_period_every_change_takes_effect_at_once(settings):
    settings.WIJKKOMPAS_AGGREGATE_SETTLE_SECONDS = 0
    first = versions.current("test", 8)
    versions.bump("test", 8, settle=True)
    assert versions.current("test", 8) != first


def test_what_promises_the_current_data_takes_every_change_now(settling):
    first = versions.current("test", 9)
    versions.bump("test", 9, settle=True)
    assert versions.current("test", 9) == first
    now = versions.current("test", 9, settled=True)
    assert now != first
    # and for everyone after it.
    assert versions.current("test", 9) == now
