"""Data versions: a token that changes whenever some data changes, for caches keyed by it.

A page that shows only aggregates (the neighbourhood page for a policy officer) can keep
what it rendered for as long as the data it read did not change. The apps that write that
data call :func:`bump` (after the commit); the page puts :func:`current` in its cache key.

The token is a random string kept in Django's cache (Redis in production, shared by every
process). When the cache loses it, :func:`current` makes a new one, so an entry made under
an old token is never used again: a lost token costs a recomputation, never stale data.

**Settling changes.** Some writes come in streams that nobody watches one by one: every
recorded conversation changes a municipality's indicator figures, and every refresh of the
signals its area figures. Were each of them to change the token at once, every aggregate
page of the municipality would be computed again after every conversation: at a few
conversations a second, the pages would never be kept at all. ``bump(..., settle=True)``
therefore marks the scope as changed, and the token changes at the first :func:`current`
at least :func:`settle_seconds` after the *first* unsettled change (setting
``WIJKKOMPAS_AGGREGATE_SETTLE_SECONDS``, 60 by default; 0 changes the token at once). So
an aggregate page shows a change at most that long after it was committed, however many
changes follow it, and is computed again about once per period during a stream of writes.
A plain :func:`bump` (someone published an idea and expects to see it) changes the token at
once, settling changes included.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Hashable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

#: The aggregates of a municipality's areas (signals, ideas, initiatives, places): scope is
#: the municipality's id.
AREA_FIGURES = "area-figures"

#: How long a token lives without a change (then a new one is made).
TOKEN_SECONDS = 24 * 3600
#: The default of ``WIJKKOMPAS_AGGREGATE_SETTLE_SECONDS``.
DEFAULT_SETTLE_SECONDS = 60


def settle_seconds() -> float:
    """How long a settling change may wait before the token changes (see the module)."""
    return float(getattr(settings, "WIJKKOMPAS_AGGREGATE_SETTLE_SECONDS", DEFAULT_SETTLE_SECONDS))


def _key(namespace: str, scope: Hashable) -> str:
    return f"wk:version:{namespace}:{scope}"


def _due_key(namespace: str, scope: Hashable) -> str:
    """When the first unsettled change of ``scope`` is due (a Unix time)."""
    return f"wk:version-due:{namespace}:{scope}"


def current(namespace: str, scope: Hashable, *, settled: bool = False) -> str:
    """The token of ``namespace`` for ``scope`` (e.g. a municipality's id). One cache
    round trip, two when a settling change falls due or the token was lost.

    ``settled``: every committed change takes effect now, settling ones included (for what
    promises the current data, such as a factsheet)."""
    key, due_key = _key(namespace, scope), _due_key(namespace, scope)
    found = cache.get_many([key, due_key])
    token, due = found.get(key), found.get(due_key)
    # Whoever removes the due mark changes the token; another process that saw the same
    # mark keeps the old token for this request (one more computation at most).
    if token is not None and isinstance(due, int | float) and (settled or due <= time.time()):
        if cache.delete(due_key):
            token = uuid.uuid4().hex
            cache.set(key, token, TOKEN_SECONDS)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(key, token, TOKEN_SECONDS):
            token = cache.get(key) or token
    return str(token)


def bump(namespace: str, scope: Hashable, *, settle: bool = False) -> None:
    """Give ``namespace`` for ``scope`` a new token once the current transaction commits
    (at once outside a transaction), so entries made under the old one are not used.

    With ``settle``, the new token comes at most :func:`settle_seconds` later, together
    with every other settling change of that period (see the module)."""
    wait = settle_seconds() if settle else 0.0

    def change() -> None:
        if wait > 0:
            # The first unsettled change sets when the token changes; later ones wait with it.
            cache.add(_due_key(namespace, scope), time.time() + wait, TOKEN_SECONDS)
        else:
            cache.set(_key(namespace, scope), uuid.uuid4().hex, TOKEN_SECONDS)
            cache.delete(_due_key(namespace, scope))

    transaction.on_commit(change)
