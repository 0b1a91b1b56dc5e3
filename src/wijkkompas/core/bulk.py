"""Shared pieces of the bulk imports of the domain apps (``<app>.services.*_import``).

Every bulk import takes rows that the imports app parsed (``(row number, {field: value})``),
validates each row fully in Python, looks existing rows up in a few queries per chunk, and
writes only when no row has an error, with ``bulk_create``/``bulk_update`` in chunks. It
answers one :class:`RowResult` per row: new, changed, unchanged or error (with the field
and a message that quotes no value from the file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from .exceptions import ApplicationError

T = TypeVar("T")

NEW = "new"
CHANGED = "changed"
UNCHANGED = "unchanged"
ERROR = "error"

#: Rows per statement (and between two progress reports).
CHUNK = 2000

#: ``progress(rows done)``; called after every chunk written.
Progress = Callable[[int], None]


@dataclass
class RowResult:
    """What the import does (or would do) with one row."""

    status: str = NEW
    errors: list[tuple[str, str]] = field(default_factory=list)

    def fail(self, field_name: str, message: Any) -> None:
        self.status = ERROR
        self.errors.append((field_name, str(message)))

    def refused(self, error: ApplicationError, default_field: str) -> None:
        self.fail(error.field or default_field, error.message)


def start(rows: Sequence[tuple[int, dict[str, Any]]]) -> tuple[list[RowResult], dict[str, int]]:
    """A result per row, with every repeated ``external_id`` refused, and the row number
    of each external id's first row."""
    results = [RowResult() for _row in rows]
    first_row: dict[str, int] = {}
    for result, (number, row) in zip(results, rows, strict=True):
        if row["external_id"] in first_row:
            result.fail(
                "external_id",
                _("This id is in the file twice (first on row %(row)s).")
                % {"row": first_row[row["external_id"]]},
            )
        else:
            first_row[row["external_id"]] = number
    return results, first_row


def chunks(items: Sequence[T], size: int | None = None) -> Iterator[Sequence[T]]:
    size = size or CHUNK
    for start in range(0, len(items), size):
        yield items[start : start + size]


def differs(obj: models.Model, values: dict[str, Any]) -> bool:
    """Whether setting ``values`` on ``obj`` would change it (and set them if so)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return bool(changed)


def too_long(model: type[models.Model], values: dict[str, Any]) -> list[str]:
    """The fields of ``values`` whose text is longer than the model's column allows."""
    long = []
    for name, value in values.items():
        limit = getattr(model._meta.get_field(name), "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            long.append(name)
    return long


def write(
    model: type[models.Model],
    *,
    new: Sequence[models.Model],
    changed: Sequence[models.Model],
    fields: Iterable[str],
    progress: Progress | None = None,
    done: int = 0,
) -> int:
    """Insert ``new`` and update ``changed`` in chunks; report rows done; returns the count."""
    fields = list(fields)
    for part in chunks(new):
        model._default_manager.bulk_create(part)
        done += len(part)
        if progress is not None:
            progress(done)
    for part in chunks(changed):
        model._default_manager.bulk_update(part, fields)
        done += len(part)
        if progress is not None:
            progress(done)
    return done
