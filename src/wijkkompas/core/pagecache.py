"""Kept case pages: a rendered page served again while what it read is unchanged.

The resident page and the worklist are opened many times a day and mostly show the same
as the time before. Rendering them (a dozen reads, four section templates) costs far more
than asking the database whether anything they read has changed. A page that is
*recorded* (:func:`recording`) reads only through compiled queries (``core.compiled``);
each query is recorded with its parameters and a digest of the rows it answered, computed
by PostgreSQL in the same statement as the rows (SQLite: in Python). The rendered body is
kept (:func:`put`) with those records. The next request for the same page by the same
user runs :func:`fingerprint`: every recorded query again, in **one** statement, each
answering only the digest of its rows. When every digest is the same, the body is what
rendering would give now, and it is served (:func:`get`).

Why this cannot show stale or foreign data:

* the rows, not change hooks, are compared: a change of any row a query reads (an update,
  an insert, a delete, a bulk update that bypasses ``save()``), a consent withdrawn or
  expired (the consent rule is part of every scoped query), or a change of scope shows as
  a different digest, and the page is computed again;
* the page's own scoped lookup (the access check) is one of the recorded queries: out of
  scope it answers no row, so the digest differs and the normal path answers 404;
* a page that ran any query other than a compiled one while it was recorded is not kept
  (:attr:`Recording.keepable`), so nothing it read can escape the comparison;
* the key holds the user's whole scope (``accounts.access.scope_key``: account, role,
  municipality, teams, organisations, the day), the name shown in the header, the
  language and the full path: a kept body never reaches another user;
* the access log: a kept page writes the same entries as the computed one (purpose,
  objects, data subjects; ``audit.services.log_replay``) on every request.

Kept bodies hold personal data, so they are kept only in the memory of the process
(never in the shared cache, never on disk), at most :data:`MAX_ENTRIES` of them, each for at
most ``WIJKKOMPAS_CASE_PAGE_CACHE_SECONDS`` (300; 0 keeps nothing).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connections

from . import compiled
from .compiled import Record, digest_rows, digest_sql

#: The longest a kept body lives, in seconds (setting ``WIJKKOMPAS_CASE_PAGE_CACHE_SECONDS``).
DEFAULT_SECONDS = 300
#: How many bodies a process keeps (least recently used go first).
MAX_ENTRIES = 500

#: Stands for the CSRF token in a kept body; replaced by a fresh token on every request.
CSRF_MARKER = "wk-csrf-" + secrets.token_hex(16)


def seconds() -> int:
    return int(getattr(settings, "WIJKKOMPAS_CASE_PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


def enabled() -> bool:
    return seconds() > 0


@dataclass(frozen=True)
class Kept:
    """A rendered body and what it read."""

    body: str
    content_type: str
    records: tuple[Record, ...]
    digests: tuple[str, ...]
    #: What the access log gets on every request (``audit.services.log_replay``).
    log: tuple[Any, ...]
    expires: float


_store: OrderedDict[Hashable, Kept] = OrderedDict()
_lock = threading.Lock()
#: How many pages were served kept and how many computed, in this process.
counts: Counter[str] = Counter()


def count(what: str) -> None:
    counts[what] += 1


def get(key: Hashable) -> Kept | None:
    """The kept body under ``key`` if it has not expired (still to be checked with
    :func:`fingerprint`)."""
    with _lock:
        kept = _store.get(key)
        if kept is None:
            return None
        if kept.expires < time.monotonic():
            del _store[key]
            return None
        _store.move_to_end(key)
        return kept


def put(
    key: Hashable,
    *,
    body: str,
    content_type: str,
    records: Sequence[Record],
    log: Sequence[Any],
) -> None:
    kept = Kept(
        body=body,
        content_type=content_type,
        records=tuple(records),
        digests=tuple(r.digest for r in records),
        log=tuple(log),
        expires=time.monotonic() + seconds(),
    )
    with _lock:
        _store[key] = kept
        _store.move_to_end(key)
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)


def forget(key: Hashable) -> None:
    with _lock:
        _store.pop(key, None)


def clear() -> None:
    """Forget every kept body (tests; reference data changed in this process)."""
    with _lock:
        _store.clear()
        counts.clear()


# --- recording ----------------------------------------------------------------------------


@dataclass
class Recording:
    """What a page read while it was recorded."""

    records: list[Record] = field(default_factory=list)
    #: SQL of queries that did not go through ``core.compiled`` (then the page is not kept).
    foreign: list[str] = field(default_factory=list)

    @property
    def keepable(self) -> bool:
        return bool(self.records) and not self.foreign


@contextmanager
def recording(using: str = "default") -> Iterator[Recording]:
    """Record the compiled queries run inside the block, and notice any other query."""
    result = Recording()
    connection = connections[using]

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not compiled.running():
            result.foreign.append(sql)
        return execute(sql, params, many, context)

    token = compiled.start_recording()
    try:
        with connection.execute_wrapper(watch):
            yield result
    finally:
        result.records = compiled.stop_recording(token)


# --- the check -----------------------------------------------------------------------------


def fingerprint(records: Sequence[Record]) -> tuple[str, ...]:
    """The digest of the rows every recorded query answers now.

    PostgreSQL: one statement, each query a subquery that answers only its digest (a
    prepared statement: the same page asks the same text). SQLite: each query again, the
    digest computed in Python as when it was recorded.
    """
    if not records:
        return ()
    alias = records[0].alias
    query = fingerprint_query(records)
    if query is None:
        digests = []
        for record in records:
            with connections[alias].cursor() as cursor:
                cursor.execute(record.sql, list(record.params or ()))
                digests.append(digest_rows(cursor.fetchall()))
        return tuple(digests)
    sql, params = query
    with compiled.preparing_cursor(alias) as cursor:
        cursor.execute(f"SELECT {sql}", params)
        row = cursor.fetchone()
    return tuple(row[0])


def fingerprint_query(records: Sequence[Record]) -> tuple[str, list[Any]] | None:
    """PostgreSQL: the SQL expression (a ``text[]``, with its parameters) of the digests
    :func:`fingerprint` compares, for a statement that does more (``audit.services.
    log_replay`` writes the log in the same statement); None on SQLite."""
    if not records or not all(r.prepared for r in records):
        return None
    parts = []
    params: list[Any] = []
    for record in records:
        # A query sent without parameters is plain text: its % must be escaped here.
        sql = record.sql if record.params else record.sql.replace("%", "%%")
        parts.append(f"(SELECT {digest_sql('wk_d')} FROM ({sql}) wk_d)")
        params.extend(record.params or ())
    return f"ARRAY[{', '.join(parts)}]::text[]", params


def unchanged(kept: Kept) -> bool:
    """Whether every query of the kept body answers the same rows as when it was rendered."""
    return fingerprint(kept.records) == kept.digests
