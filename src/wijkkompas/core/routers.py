"""Read replicas for the aggregate pages (docs/operators/production.md).

With ``DATABASE_REPLICA_URL`` set, the settings add one database alias per replica
(``replica``, ``replica_2``, ...) and list them in ``WIJKKOMPAS_READ_REPLICAS``. Nothing is
read from a replica unless the code says so: reads inside :func:`reading_aggregates` go to a
replica, everything else — every write, every read outside that block, and every read
after the block has written anything — goes to the primary (``default``). The access log is
written like any other model, so always on the primary.

The pages that only show aggregates (dashboards, neighbourhood pages, indicators,
factsheets, the knowledge circle) are read inside the block by ``ops``' middleware, named
by URL namespace in ``WIJKKOMPAS_REPLICA_NAMESPACES``; code can also use the block directly::

    with reading_aggregates():
        rows = list(selectors.neighbourhood_figures(...))
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS


@dataclass
class _Reading:
    """One block of aggregate reads: the replica chosen for it, and whether it wrote."""

    replica: str
    wrote: bool = field(default=False)


_reading: ContextVar[_Reading | None] = ContextVar("wk_reading_aggregates", default=None)
_turn = itertools.count()


def read_replicas() -> list[str]:
    """The configured replica aliases (empty: everything on the primary)."""
    return list(getattr(settings, "WIJKKOMPAS_READ_REPLICAS", []))


@contextmanager
def reading_aggregates() -> Iterator[str]:
    """Send the reads inside the block to a read replica (round robin over the replicas);
    yields the alias used (``default`` when there is no replica). Nesting keeps the outer
    block's choice."""
    current = _reading.get()
    if current is not None:
        yield current.replica
        return
    replicas = read_replicas()
    if not replicas:
        yield DEFAULT_DB_ALIAS
        return
    state = _Reading(replica=replicas[next(_turn) % len(replicas)])
    token = _reading.set(state)
    try:
        yield state.replica
    finally:
        _reading.reset(token)


def read_alias() -> str:
    """Where a read made now goes: the block's replica inside :func:`reading_aggregates`
    (until the block writes), else the primary. ``core.compiled`` keys its queries by it,
    so SQL compiled for a replica is never sent to the primary's reads, nor the reverse."""
    state = _reading.get()
    if state is None or state.wrote:
        return DEFAULT_DB_ALIAS
    return state.replica


class ReplicaRouter:
    """Reads inside :func:`reading_aggregates` (until the first write) go to the replica;
    all else to the primary. Migrations run on the primary only (replicas copy it)."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type, **hints: Any) -> str:
        state = _reading.get()
        if state is not None:
            state.wrote = True  # read what was just written from the primary from now on
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        same = {DEFAULT_DB_ALIAS, *read_replicas()}
        if obj1._state.db in same and obj2._state.db in same:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        if db in read_replicas():
            return False
        return None
