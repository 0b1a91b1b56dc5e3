"""Data versions: a token that changes whenever some data changes, for caches keyed by it.

A page that shows only aggregates (the neighbourhood page for a policy officer) can keep
what it rendered for as long as the data it read did not change. The apps that write that
data call :func:`bump` (after the commit); the page puts :func:`current` in its cache key.

The token is a random string kept in Django's cache (Redis in production, shared by every
process). When the cache loses it, :func:`current` makes a new one, so an entry made under
an old token is never used again: a lost token costs a recomputation, never stale data.
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable

from django.core.cache import cache
from django.db import transaction

#: The aggregates of a municipality's areas (signals, ideas, initiatives, places): scope is
#: the municipality's id.
AREA_FIGURES = "area-figures"

#: How long a token lives without a change (then a new one is made).
TOKEN_SECONDS = 24 * 3600


def _key(namespace: str, scope: Hashable) -> str:
    return f"wk:version:{namespace}:{scope}"


def current(namespace: str, scope: Hashable) -> str:
    """The token of ``namespace`` for ``scope`` (e.g. a municipality's id)."""
    key = _key(namespace, scope)
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(key, token, TOKEN_SECONDS):
            token = cache.get(key) or token
    return str(token)


def bump(namespace: str, scope: Hashable) -> None:
    """Give ``namespace`` for ``scope`` a new token once the current transaction commits
    (at once outside a transaction), so entries made under the old one are not used."""

    def change() -> None:
        cache.set(_key(namespace, scope), uuid.uuid4().hex, TOKEN_SECONDS)

    transaction.on_commit(change)
