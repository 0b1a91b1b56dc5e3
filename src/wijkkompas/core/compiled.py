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

Values that change from request to request (the resident of the page, a date) are
*arguments*: ``build`` receives a placeholder per argument and the compiled SQL binds the
real value on every run, so one compiled entry serves every resident::

    rows = values_rows(
        ("conversations.of_resident", *scope_key(user)),
        lambda resident_id: Conversation.objects.visible_to(user)
        .filter(resident_id=resident_id)
        .values("pk", "held_on"),
        args={"resident_id": resident.pk},
    )

Rules:

* the key must name **everything** the SQL depends on: the ORM calls inside ``build``
  are skipped on a hit. :func:`wijkkompas.accounts.access.scope_key` gives the user's part;
  add every other value the queryset uses (limits, ids, the day). Consent and other data
  are evaluated by the SQL itself, so a withdrawn consent still ends access at once;
* an argument may be an ``int``, a ``str`` or a ``date``, used as a plain value (``=``,
  ``in``, ``<``…): the placeholder must reach the SQL parameters unchanged, or
  :func:`values_rows` raises ``TypeError`` (a ``contains`` lookup, for one, would wrap it);
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

import contextvars
import hashlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import (  # type: ignore[attr-defined]
    ModelIterable,
    ValuesIterable,
    get_related_populators,
)

from . import routers

#: How many compiled queries a process keeps (a few per active user).
MAX_ENTRIES = 4096


@dataclass(frozen=True)
class _Compiled:
    alias: str
    sql: str
    params: tuple[Any, ...] | None
    #: Per SQL placeholder left for an argument (in text order), the argument's name.
    slots: tuple[str, ...]
    prepared: bool
    names: tuple[str, ...]
    col_count: int
    trim: bool
    compiler: Any
    converters: Any
    #: For model querysets (:func:`objects`): how a row becomes an instance.
    model: Any = None
    init_list: tuple[str, ...] = ()
    model_fields: tuple[int, int] = (0, 0)
    related_populators: tuple[Any, ...] = ()
    annotation_col_map: Any = None


#: The marker of a queryset that can have no rows (Django raises ``EmptyResultSet``).
_EMPTY = object()

#: (key, read alias, argument names) → the compiled query.
_cache: OrderedDict[tuple[Hashable, str, tuple[str, ...]], Any] = OrderedDict()
_lock = threading.Lock()


_SLOT_BASE_INT = -2_147_000_000
_SLOT_BASE_DATE = date(1001, 1, 1)


def _placeholders(args: Mapping[str, Any]) -> dict[str, Any]:
    """A value per argument that no real query uses, of the argument's type (an integer
    inside the 32-bit range, so Django does not treat it as out of range)."""
    slots: dict[str, Any] = {}
    for i, (name, value) in enumerate(sorted(args.items())):
        if isinstance(value, bool) or not isinstance(value, int | str | date):
            raise TypeError(f"values_rows() argument {name!r}: int, str or date only")
        if isinstance(value, int):
            slots[name] = _SLOT_BASE_INT - i
        elif isinstance(value, datetime):
            raise TypeError(f"values_rows() argument {name!r}: int, str or date only")
        elif isinstance(value, date):
            slots[name] = _SLOT_BASE_DATE + timedelta(days=i)
        else:
            slots[name] = f"\x00wk-argument-{i}\x00"
    return slots


def _slot_positions(connection: Any, params: Any, slots: Mapping[str, Any]) -> dict[int, str]:
    """Which parameters are the placeholders of which argument (every one must occur), as
    the value itself or as the backend adapted it (SQLite: a date as text)."""
    by_value = {(type(v), v): name for name, v in slots.items()}
    for name, v in slots.items():
        adapted = _adapt(connection, v)
        by_value.setdefault((type(adapted), adapted), name)
    positions = {
        i: by_value[(type(p), p)] for i, p in enumerate(params) if (type(p), p) in by_value
    }
    missing = set(slots) - set(positions.values())
    if missing:
        raise TypeError(
            f"values_rows(): argument(s) {sorted(missing)} do not reach the SQL unchanged"
        )
    return positions


def _compile(queryset: QuerySet[Any], slots: Mapping[str, Any]) -> Any:
    if queryset._iterable_class not in (ValuesIterable, ModelIterable):
        raise TypeError("values_rows() takes a .values() queryset, objects() a model one")
    if queryset._prefetch_related_lookups or queryset._known_related_objects:  # type: ignore[attr-defined]
        raise TypeError("compiled querysets cannot prefetch (use select_related)")
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
    positions = _slot_positions(connection, params, slots)
    prepared = connection.vendor == "postgresql"
    if prepared:
        # The arguments' names in the order of the %s left in the text.
        sql, bound = _bind_constants(connection, sql, params, positions)
        kept: tuple[Any, ...] | None = None
    else:
        # Per parameter, the argument it stands for ("" for a constant).
        bound = tuple(positions.get(i, "") for i in range(len(params)))
        kept = tuple(params)
    model_parts: dict[str, Any] = {}
    if queryset._iterable_class is ModelIterable:
        model_parts = _model_parts(compiler, queryset.db)
    return _Compiled(
        **model_parts,
        alias=queryset.db,
        sql=sql,
        params=kept,
        slots=bound,
        prepared=prepared,
        names=names,
        col_count=compiler.col_count,
        trim=bool(compiler.has_extra_select),
        compiler=compiler,
        converters=compiler.get_converters(fields),
    )


def _model_parts(compiler: Any, db: str) -> dict[str, Any]:
    """What Django's ``ModelIterable`` derives from the compiler to build instances."""
    select, klass_info = compiler.select, compiler.klass_info
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    return {
        "model": klass_info["model"],
        "init_list": tuple(f[0].target.attname for f in select[start:end]),
        "model_fields": (start, end),
        "related_populators": tuple(get_related_populators(klass_info, select, db)),
        "annotation_col_map": compiler.annotation_col_map,
    }


def _bind_constants(
    connection: Any, sql: str, params: Any, positions: Mapping[int, str]
) -> tuple[str, tuple[str, ...]]:
    """The SQL with every constant bound into the text (psycopg's client-side binding, as
    Django does on every request anyway) and a ``%s`` left for each argument.

    Constants in the text let PostgreSQL match partial indexes (``status = 'open'``); the
    arguments stay parameters, so one prepared statement serves every value.
    """
    import psycopg

    markers = {i: f"wk_argument_{i}_{uuid.uuid4().hex}" for i in positions}
    values = [markers[i] if i in markers else p for i, p in enumerate(params)]
    connection.ensure_connection()
    text = psycopg.ClientCursor(connection.connection).mogrify(sql, values)
    if not markers:
        return text, ()
    # The text goes out with parameters again: a literal % must be written %%.
    text = text.replace("%", "%%")
    order: list[tuple[int, str]] = []
    for i, marker in markers.items():
        quoted = f"'{marker}'"
        at = text.find(quoted)
        if at < 0 or text.count(quoted) != 1:
            raise TypeError("values_rows(): an argument was not bound as a plain value")
        order.append((at, positions[i]))
        text = text.replace(quoted, "%s")
    # After the replacements the positions shifted, but their order did not.
    return text, tuple(name for _at, name in sorted(order))


def _entry(key: Hashable, build: Callable[..., QuerySet[Any]], args: Mapping[str, Any]) -> Any:
    # The database the reads go to now is part of the key: a query first compiled inside an
    # aggregate page (on a read replica, ``core.routers``) must not be sent to the replica
    # from a page that reads the primary (a permission check just after a change).
    full_key = (key, routers.read_alias(), tuple(sorted(args)))
    with _lock:
        entry = _cache.get(full_key)
        if entry is not None:
            _cache.move_to_end(full_key)
    if entry is None:
        slots = _placeholders(args)
        entry = _compile(build(**slots), slots)
        with _lock:
            _cache[full_key] = entry
            while len(_cache) > MAX_ENTRIES:
                _cache.popitem(last=False)
    return entry


# --- recording: what a kept page read (core.pagecache) ------------------------------------


@dataclass(frozen=True)
class Record:
    """One compiled query as a page ran it: its SQL, the parameters it was sent with and
    the digest of the rows it answered (:func:`digest_rows` on SQLite, the same digest
    computed by PostgreSQL in the same statement as the rows)."""

    alias: str
    sql: str
    params: tuple[Any, ...] | None
    prepared: bool
    digest: str


#: The records of the page being recorded (None: nothing is recorded).
_recorder: contextvars.ContextVar[list[Record] | None] = contextvars.ContextVar(
    "compiled_recorder", default=None
)
#: True while a compiled query runs (so a recording can tell other queries apart).
_running: contextvars.ContextVar[bool] = contextvars.ContextVar("compiled_running", default=False)

#: The digest of no rows (md5 of the empty text, as PostgreSQL computes it too).
EMPTY_DIGEST = hashlib.md5(b"", usedforsecurity=False).hexdigest()


def digest_rows(rows: Any) -> str:
    """The digest of rows fetched in Python (SQLite): independent of their order."""
    if not rows:
        return EMPTY_DIGEST
    text = "\x1e".join(sorted(repr(tuple(row)) for row in rows))
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def digest_sql(alias: str = "wk_d") -> str:
    """PostgreSQL: the digest of the rows of ``alias`` (each row as text, sorted)."""
    return f"md5(coalesce(string_agg({alias}::text, chr(30) ORDER BY {alias}::text), ''))"


def _with_digest(sql: str) -> str:
    """``sql`` with one more column: the digest of all its rows, computed by the server in
    the same statement (so the rows and their digest come from one snapshot)."""
    return (
        f"WITH wk_q AS MATERIALIZED ({sql}) SELECT wk_q.*, "
        f"(SELECT {digest_sql()} FROM wk_q wk_d) FROM wk_q"
    )


def start_recording() -> contextvars.Token[list[Record] | None]:
    """Record every compiled query from now on (``core.pagecache.recording``)."""
    return _recorder.set([])


def stop_recording(token: contextvars.Token[list[Record] | None]) -> list[Record]:
    records = _recorder.get() or []
    _recorder.reset(token)
    return records


def running() -> bool:
    """Whether the query being executed now is a compiled one."""
    return _running.get()


def _rows(entry: _Compiled, args: Mapping[str, Any], *, prepare: bool = True) -> Any:
    """Run the compiled SQL with ``args`` bound; the rows with Django's converters applied.

    While a page is recorded, the query and the digest of its rows are recorded too.
    """
    connection = connections[entry.alias]
    if entry.prepared:
        params: Any = [args[name] for name in entry.slots] if entry.slots else None
    else:
        params = [
            _adapt(connection, args[name]) if name else value
            for name, value in zip(entry.slots, entry.params or (), strict=True)
        ]
    records = _recorder.get()
    in_server = records is not None and entry.prepared
    token = _running.set(True)
    try:
        with _cursor(entry, prepare=prepare) as cursor:
            cursor.execute(_with_digest(entry.sql) if in_server else entry.sql, params)
            rows: Any = cursor.fetchall()
    finally:
        _running.reset(token)
    if records is not None:
        if in_server:
            digest = rows[0][-1] if rows else EMPTY_DIGEST
            rows = [row[:-1] for row in rows]
        else:
            digest = digest_rows(rows)
        records.append(
            Record(
                alias=entry.alias,
                sql=entry.sql,
                params=tuple(params) if params is not None else None,
                prepared=entry.prepared,
                digest=digest,
            )
        )
    if entry.trim:
        rows = [row[: entry.col_count] for row in rows]
    if entry.converters:
        rows = entry.compiler.apply_converters(rows, entry.converters)
    return rows


def values_rows(
    key: Hashable,
    build: Callable[..., QuerySet[Any]],
    *,
    args: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The rows of the ``.values()`` queryset that ``build()`` makes, as dicts.

    ``build`` runs only when ``key`` is not cached yet; afterwards the compiled SQL is sent
    as it is. With ``args``, ``build`` is called with a placeholder per argument (keyword
    arguments) and the values of ``args`` are bound on every run. See the module
    docstring for what ``key`` must contain.
    """
    args = args or {}
    entry = _entry(key, build, args)
    if entry is _EMPTY:
        return []
    if entry.model is not None:
        raise TypeError("values_rows() takes a .values() queryset")
    names = entry.names
    return [dict(zip(names, row, strict=True)) for row in _rows(entry, args)]


def values_once(queryset: QuerySet[Any]) -> list[dict[str, Any]]:
    """The rows of a ``.values()`` queryset whose SQL differs from call to call (an ``IN``
    list), run like a compiled query but not kept: so a recorded page
    (``core.pagecache``) records it too."""
    entry = _compile(queryset, {})
    if entry is _EMPTY:
        return []
    names = entry.names
    return [dict(zip(names, row, strict=True)) for row in _rows(entry, {}, prepare=False)]


def objects(
    key: Hashable,
    build: Callable[..., QuerySet[Any]],
    *,
    args: Mapping[str, Any] | None = None,
) -> list[Any]:
    """The model instances of the queryset that ``build()`` makes (``select_related`` and
    annotations included, no ``prefetch_related``), compiled once per ``key`` like
    :func:`values_rows`; the instances are built as Django's ``ModelIterable`` builds them.
    """
    args = args or {}
    entry = _entry(key, build, args)
    if entry is _EMPTY:
        return []
    if entry.model is None:
        raise TypeError("objects() takes a model queryset, not a .values() one")
    db = entry.alias
    model, init_list = entry.model, entry.init_list
    start, end = entry.model_fields
    populators, annotations = entry.related_populators, entry.annotation_col_map
    result = []
    for row in _rows(entry, args):
        obj = model.from_db(db, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        if annotations:
            for name, position in annotations.items():
                setattr(obj, name, row[position])
        result.append(obj)
    return result


def _adapt(connection: Any, value: Any) -> Any:
    """An argument as Django would have put it in the parameters (SQLite: dates as text)."""
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _cursor(entry: _Compiled, *, prepare: bool = True) -> Any:
    """A cursor of the request's connection; on PostgreSQL one that prepares statements."""
    if not entry.prepared or not prepare:
        return connections[entry.alias].cursor()
    return preparing_cursor(entry.alias)


def preparing_cursor(alias: str) -> Any:
    """A cursor of the connection ``alias`` (PostgreSQL) that prepares every statement.

    Wrapped like every Django cursor, so execute wrappers see the query as usual.
    """
    connection = connections[alias]
    if connection.queries_logged:
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
