"""Compiled queries: the SQL of a queryset built once and run again while its key holds.

Building a queryset with the permission layer's ``EXISTS`` rules and compiling it to SQL
costs the ORM about a millisecond of Python per query. The busiest pages (the worklist)
ask the same questions on every request: the SQL depends only on who asks (their
account, role, municipality, teams and organisations) and on the day. :func:`values_rows`
compiles such a ``.values()`` queryset once per key and afterwards only sends the SQL.
This is the idea of SQLAlchemy's "baked queries" applied to Django's compiler.

Usage::

    rows = values_rows(
        ("plans.worklist.reviews", limit, *scope_key(user)),
        lambda: Plan.objects.visible_to(user).filter(...).values("pk", "label"),
    )

Rules:

* the key must name **everything** the SQL depends on: the ORM calls inside ``build``
  are skipped on a hit. :func:`wijkkompas.accounts.access.scope_key` gives the user's part;
  add every other value the queryset uses (limits, ids, the day). Consent and other data
  are evaluated by the SQL itself, so a withdrawn consent still ends access at once;
* only ``.values()`` querysets (rows as dicts), so no model instance outlives a request;
* the cache is per process, bounded (least recently used entries go first) and safe for
  threads: an entry is immutable once built.

On PostgreSQL the statement is also *prepared* on the connection (psycopg's ``prepare=True``),
so the server parses and plans it once per connection instead of on every request; the
values are bound into the text once, exactly as Django's client-side binding does on every
request anyway (psycopg's ``ClientCursor.mogrify``). Behind a connection pooler in
transaction mode prepared statements do not survive: see docs/operators/benchmarks.md.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable

#: How many compiled queries a process keeps (a few per active user).
MAX_ENTRIES = 4096


@dataclass(frozen=True)
class _Compiled:
    alias: str
    sql: str
    params: tuple[Any, ...] | None
    prepared: bool
    names: tuple[str, ...]
    col_count: int
    trim: bool
    compiler: Any
    converters: Any


#: The marker of a queryset that can have no rows (Django raises ``EmptyResultSet``).
_EMPTY = object()

_cache: OrderedDict[Hashable, Any] = OrderedDict()
_lock = threading.Lock()


def _compile(queryset: QuerySet[Any]) -> Any:
    if queryset._iterable_class is not ValuesIterable:
        raise TypeError("values_rows() takes a .values() queryset")
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _EMPTY
    if query.selected:
        names = tuple(query.selected)
    else:
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    connection = connections[queryset.db]
    prepared = connection.vendor == "postgresql"
    if prepared:
        import psycopg

        connection.ensure_connection()
        sql = psycopg.ClientCursor(connection.connection).mogrify(sql, params)
    return _Compiled(
        alias=queryset.db,
        sql=sql,
        params=None if prepared else tuple(params),
        prepared=prepared,
        names=names,
        col_count=compiler.col_count,
        trim=bool(compiler.has_extra_select),
        compiler=compiler,
        converters=compiler.get_converters(fields),
    )


def values_rows(key: Hashable, build: Callable[[], QuerySet[Any]]) -> list[dict[str, Any]]:
    """The rows of the ``.values()`` queryset that ``build()`` makes, as dicts.

    ``build`` runs only when ``key`` is not cached yet; afterwards the compiled SQL is sent
    as it is. See the module docstring for what ``key`` must contain.
    """
    with _lock:
        entry = _cache.get(key)
        if entry is not None:
            _cache.move_to_end(key)
    if entry is None:
        entry = _compile(build())
        with _lock:
            _cache[key] = entry
            while len(_cache) > MAX_ENTRIES:
                _cache.popitem(last=False)
    if entry is _EMPTY:
        return []
    with _cursor(entry) as cursor:
        cursor.execute(entry.sql, entry.params)
        rows: Any = cursor.fetchall()
    if entry.trim:
        rows = [row[: entry.col_count] for row in rows]
    if entry.converters:
        rows = entry.compiler.apply_converters(rows, entry.converters)
    names = entry.names
    return [dict(zip(names, row, strict=True)) for row in rows]


def _cursor(entry: _Compiled) -> Any:
    """A cursor of the request's connection; on PostgreSQL one that prepares statements.

    Wrapped like every Django cursor, so execute wrappers see the query as usual.
    """
    connection = connections[entry.alias]
    if not entry.prepared or connection.queries_logged:
        # While queries are recorded (DEBUG, CaptureQueriesContext) the statement is sent
        # as text, so the record shows its SQL; a prepared one would show none.
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    return connection.make_cursor(_PreparingCursor(connection.connection))


def _preparing_cursor_class() -> Any:
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,
    )

    class PreparingCursor(ServerBindingCursor):  # type: ignore[misc, valid-type]
        """Server-side binding, and every statement prepared on the connection."""

        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            kwargs["prepare"] = True
            return super().execute(query, params, **kwargs)

    return PreparingCursor


class _LazyPreparingCursor:
    cls: Any = None

    def __call__(self, raw_connection: Any) -> Any:
        if self.cls is None:
            self.cls = _preparing_cursor_class()
        return self.cls(raw_connection)


_PreparingCursor = _LazyPreparingCursor()


def clear() -> None:
    """Forget every compiled query (tests; nothing else needs it)."""
    with _lock:
        _cache.clear()
