"""Writing generated rows fast: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

The generator builds plain tuples (by field ``attname``) and hands them to a
:class:`BulkWriter`. On PostgreSQL each batch goes in one ``COPY ... FROM STDIN`` through
psycopg's ``cursor.copy``, which is an order of magnitude faster than ``INSERT`` for
millions of rows; on SQLite (tests, the demo) the same tuples become model instances for
``bulk_create``. Nothing is disabled: constraints, foreign keys and indexes stay on, so the
database checks every generated row as it would any other.

While loading on PostgreSQL, the foreign keys and the indexes (other than those of primary
keys and unique constraints) *of the tables being loaded* are dropped and created again
afterwards, in the same transaction (:func:`built_once`): adding a foreign key checks
every row in one join, where a deferred check per row queues millions of trigger events
and locks every parent row it touches, and building an index from sorted rows is much
faster than growing it row by row (and leaves it compact). A failure anywhere rolls back
the whole transaction, constraints and indexes included: nothing stays disabled.

Primary keys that other rows point to are handed out by :class:`IdAllocator`, which
reserves blocks of ids from the table's sequence (PostgreSQL) or above its highest id
(SQLite), so parents and children can be written in separate ``COPY`` statements without a
round trip per row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from django.utils import timezone

#: Ids reserved per trip to the sequence. Unused ids of the last block are a harmless gap.
ID_BLOCK = 5000


class IdAllocator:
    """Hands out primary keys for rows that are written later, in bulk."""

    def __init__(self, block: int = ID_BLOCK) -> None:
        self.block = block
        self._next: dict[type[models.Model], int] = {}
        self._end: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model]) -> int:
        """The next free id of ``model``."""
        value = self._next.get(model, 0)
        if value >= self._end.get(model, 0):
            value = self._reserve(model, self.block)
            self._end[model] = value + self.block
        self._next[model] = value + 1
        return value

    def _reserve(self, model: type[models.Model], count: int) -> int:
        table = model._meta.db_table
        pk = model._meta.pk
        assert pk is not None
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), "
                    "nextval(pg_get_serial_sequence(%s, %s)) + %s - 1)",
                    [table, pk.column, table, pk.column, count],
                )
                last = int(cursor.fetchone()[0])
                return last - count + 1
            cursor.execute(
                f"SELECT COALESCE(MAX({connection.ops.quote_name(pk.column)}), 0) "  # noqa: S608
                f"FROM {connection.ops.quote_name(table)}"
            )
            highest = int(cursor.fetchone()[0])
        # Rows of earlier blocks may still be waiting in the writer's buffer.
        return max(highest, self._end.get(model, 1) - 1) + 1


@contextmanager
def built_once(models_: Sequence[type[models.Model]]) -> Iterator[None]:
    """Load ``models_`` without per-row foreign key checks and index updates; check and
    build them once at the end.

    PostgreSQL only (a no-op elsewhere), inside the caller's transaction. Pending deferred
    checks of earlier writes run first (``SET CONSTRAINTS ALL IMMEDIATE``), because a table
    with pending trigger events cannot be altered. Unique indexes that are not constraints
    (conditional ``UniqueConstraint``) are dropped too: building them again checks them.
    """
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("built_once() must run inside a transaction")
    tables = [m._meta.db_table for m in models_]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


class BulkWriter:
    """Writes tuples of values to one model's table: ``COPY`` or ``bulk_create``.

    ``columns`` name the fields (``attname``, e.g. ``team_id``) in the order of the tuples.
    Concrete fields that are left out get their default, or ``now`` for ``auto_now`` and
    ``auto_now_add`` fields, or ``NULL``/``""`` where the field allows it, so a field added
    to a model later does not break the generator as long as it has a default.
    """

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.columns = list(columns)
        meta = model._meta
        given = set(self.columns)
        fields = {f.attname: f for f in meta.concrete_fields}
        unknown = given - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
        self._json = [i for i, name in enumerate(self.columns) if _is_json(fields[name])]
        now = timezone.now()
        self.extra_columns: list[str] = []
        extra_values: list[Any] = []
        for attname, f in fields.items():
            if attname in given or (f.primary_key and isinstance(f, models.AutoField)):
                continue
            self.extra_columns.append(attname)
            extra_values.append(_fill_value(model, f, now))
        self.extra = tuple(extra_values)
        self.rows_written = 0

    def write(self, rows: Iterable[tuple[Any, ...]]) -> int:
        if connection.vendor == "postgresql":
            count = self._copy(rows)
        else:
            count = self._bulk_create(rows)
        self.rows_written += count
        return count

    def _copy(self, rows: Iterable[tuple[Any, ...]]) -> int:
        meta = self.model._meta
        quote = connection.ops.quote_name
        column_of = {f.attname: f.column for f in meta.concrete_fields}
        names = ", ".join(quote(column_of[name]) for name in self.columns + self.extra_columns)
        sql = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"
        extra = self.extra
        json_positions = self._json
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            write_row = copy.write_row
            if json_positions:
                for row in rows:
                    values = list(row)
                    for i in json_positions:
                        values[i] = json.dumps(values[i])
                    write_row((*values, *extra))
                    count += 1
            elif extra:
                for row in rows:
                    write_row(row + extra)
                    count += 1
            else:
                for row in rows:
                    write_row(row)
                    count += 1
        return count

    def _bulk_create(self, rows: Iterable[tuple[Any, ...]]) -> int:
        model = self.model
        columns = self.columns
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=2000)
        return len(objects)


def _is_json(f: models.Field[Any, Any]) -> bool:
    return isinstance(f, models.JSONField)


def _fill_value(model: type[models.Model], f: models.Field[Any, Any], now: dt.datetime) -> Any:
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        return now if isinstance(f, models.DateTimeField) else now.date()
    if f.has_default():
        value = f.get_default()
        return json.dumps(value) if _is_json(f) and connection.vendor == "postgresql" else value
    if f.null:
        return None
    if f.blank and isinstance(f, models.CharField | models.TextField):
        return ""
    raise ValueError(
        f"The generator gives no value for {model.__name__}.{f.name}, which has no default"
    )
