"""A data version changes on a bump after the commit, and never comes back."""

from __future__ import annotations

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
