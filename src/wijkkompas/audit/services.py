"""The one audit API: ``log_access`` for personal data, ``log_event`` for security events.

Every entry carries the trace of the request or background task that wrote it
(:func:`processing_trace`, opened by ``audit.middleware.ProcessingTraceMiddleware`` for
every request), its own span id, the operation (the function that logged), a status and
the processing activity of its purpose: the fields of the Logboek Dataverwerkingen
standard that fit (docs/operators/access-log.md).
"""

from __future__ import annotations

import contextvars
import datetime
import logging
import re
import secrets
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from wijkkompas.accounts.access import organisation_ids
from wijkkompas.accounts.client_ip import client_ip
from wijkkompas.accounts.constants import TEAM_ROLES
from wijkkompas.core import compiled

from .constants import PROCESSING_ACTIVITY_PREFIX, REFUSAL_EVENTS, Event, Purpose, Status
from .models import AccessLogEntry, AccessLogSubject, purge_allowed

logger = logging.getLogger("wijkkompas.audit")


@dataclass(frozen=True)
class Trace:
    """One processing (a request or a background task): its id and when it started."""

    trace_id: str
    started_at: datetime.datetime
    #: The calling application's trace and span (W3C Trace Context), when another system
    #: called with a ``traceparent`` header (the standard's ``foreign_operation``).
    foreign_trace_id: str = ""
    foreign_span_id: str = ""


#: ``traceparent``: version 00, 32 hex trace id, 16 hex parent span id, 2 hex flags.
_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


def foreign_operation(traceparent: str | None) -> tuple[str, str]:
    """The caller's trace and span id from a W3C ``traceparent`` header; ``("", "")`` when
    there is none or it is malformed (an all-zero id is invalid)."""
    match = _TRACEPARENT.match((traceparent or "").strip().lower())
    if match is None:
        return "", ""
    trace_id, span_id = match.groups()
    if trace_id == "0" * 32 or span_id == "0" * 16:
        return "", ""
    return trace_id, span_id


_trace: contextvars.ContextVar[Trace | None] = contextvars.ContextVar("audit_trace", default=None)

#: Entries (with their subjects) of an open :func:`log_batch`, written when it closes.
_batch: contextvars.ContextVar[list[tuple[AccessLogEntry, list[int]]] | None] = (
    contextvars.ContextVar("audit_batch", default=None)
)


def new_trace_id() -> str:
    """16 random bytes as 32 hex digits (a W3C Trace Context trace id)."""
    return secrets.token_hex(16)


@contextmanager
def processing_trace(*, traceparent: str | None = None) -> Iterator[Trace]:
    """Every entry written inside shares one trace id. Nested calls keep the outer trace.

    ``traceparent``: the W3C Trace Context header of a call from another application; its
    trace and span are kept on every entry as the foreign operation."""
    current = _trace.get()
    if current is not None:
        yield current
        return
    foreign_trace_id, foreign_span_id = foreign_operation(traceparent)
    trace = Trace(
        trace_id=new_trace_id(),
        started_at=timezone.now(),
        foreign_trace_id=foreign_trace_id,
        foreign_span_id=foreign_span_id,
    )
    token = _trace.set(trace)
    try:
        yield trace
    finally:
        _trace.reset(token)


def current_trace() -> Trace | None:
    """The trace of the running request or task, if one was opened."""
    return _trace.get()


def processing_activity_for(purpose: str) -> str:
    """The reference to the register of processing activities for ``purpose``."""
    if not purpose:
        return ""
    register: dict[str, str] = getattr(settings, "WIJKKOMPAS_PROCESSING_ACTIVITIES", {}) or {}
    return register.get(purpose) or f"{PROCESSING_ACTIVITY_PREFIX}{purpose}"


def _caller_operation(depth: int = 2) -> str:
    """``module.function`` of the code that called the audit API (a selector or service)."""
    try:
        frame = sys._getframe(depth)
    except ValueError:  # pragma: no cover - no such frame
        return ""
    module = str(frame.f_globals.get("__name__", ""))
    return f"{module.removeprefix('wijkkompas.')}.{frame.f_code.co_qualname}"[:150]


def _trace_fields(status: int) -> dict[str, Any]:
    trace = _trace.get()
    now = timezone.now()
    return {
        "at": now,
        "trace_id": trace.trace_id if trace else new_trace_id(),
        "started_at": trace.started_at if trace else now,
        "span_id": secrets.token_hex(8),
        "foreign_trace_id": trace.foreign_trace_id if trace else "",
        "foreign_span_id": trace.foreign_span_id if trace else "",
        "status": status,
    }


def _account_fields(real_user: Any) -> dict[str, Any]:
    if real_user is None:
        return {"role": "", "organisations": ""}
    role = getattr(real_user, "role", "") or ""
    organisations = ""
    if role in TEAM_ROLES:
        # Cached on the user object: the consent checks of the same request need it too.
        organisations = ",".join(str(pk) for pk in organisation_ids(real_user))[:100]
    return {"role": role, "organisations": organisations}


def _client_ip(request: Any) -> str | None:
    return client_ip(request)


def log_event(
    *,
    event: str,
    user: Any = None,
    username: str = "",
    request: Any = None,
    municipality_id: int | None = None,
    purpose: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
) -> AccessLogEntry:
    """Record a security event (login, refusal, timeout …)."""
    real_user = user if getattr(user, "is_authenticated", False) else None
    if municipality_id is None and real_user is not None:
        municipality_id = real_user.municipality_id
    entry = AccessLogEntry.objects.create(
        **_trace_fields(Status.UNSET if event in REFUSAL_EVENTS else Status.OK),
        operation=f"security.{event}",
        processing_activity_id=processing_activity_for(purpose),
        user=real_user,
        username=(real_user.get_username() if real_user else username)[:150],
        **_account_fields(real_user),
        municipality_id=municipality_id,
        event=event,
        purpose=purpose,
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        path=(request.path[:300] if request is not None else ""),
        ip_address=_client_ip(request),
    )
    if event == Event.REFUSED and request is not None:
        # The 403 handler logs refusals that no view logged; this one is logged.
        request.wk_refusal_logged = True
    # Codes and ids only: no user names, addresses or other personal data in the log stream.
    logger.info("audit event=%s user_id=%s", event, real_user.pk if real_user else "-")
    return entry


def log_access(
    *,
    user: Any,
    action: str,
    purpose: str,
    obj: models.Model | None = None,
    objects: Iterable[models.Model] | None = None,
    model: type[models.Model] | None = None,
    request: Any = None,
    subjects: Iterable[int] = (),
    operation: str = "",
    status: int = Status.OK,
    object_type: str = "",
    object_id: str = "",
    count: int | None = None,
    municipality_id: int | None = None,
) -> AccessLogEntry:
    """Record a read or write of personal data, with its purpose.

    Pass ``obj`` for one object, or ``objects`` (with ``model``) for a list that was shown;
    ``subjects``: the ids of the residents whose data it was (the data subjects), so that
    a resident's access request can say who viewed their data.

    ``operation`` names the action (default: the calling function, e.g.
    ``residents.selectors.resident_detail``). Background work without an object in hand
    (a retention purge) passes ``object_type``, ``object_id``, ``count`` and the
    ``municipality_id`` it acted in. Called inside the transaction of the request or
    service, so when writing the entry fails, the processing fails with it.
    """
    if action not in Event.values:
        raise ValueError(f"unknown audit action {action!r}")
    if purpose not in Purpose.values:
        raise ValueError(
            f"personal data is only read or written with a known purpose, not {purpose!r}"
        )
    if status not in Status.values:
        raise ValueError(f"unknown status {status!r}")
    n = 1 if obj is not None else 0
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or (str(obj.pk) if obj.pk is not None else "")
    if objects is not None:
        ids = [o.pk for o in objects]
        n = len(ids)
        if model is not None:
            object_type = model._meta.label
        object_id = ",".join(str(i) for i in ids[:20])
    if count is not None:
        n = count
    real_user = user if getattr(user, "is_authenticated", False) else None
    if municipality_id is None and real_user is not None:
        municipality_id = real_user.municipality_id
    fields = dict(
        **_trace_fields(status),
        operation=(operation or _caller_operation())[:150],
        processing_activity_id=processing_activity_for(purpose),
        user=real_user,
        username=real_user.get_username() if real_user else "",
        **_account_fields(real_user),
        municipality_id=municipality_id,
        event=action,
        purpose=purpose,
        object_type=object_type,
        object_id=object_id[:40],
        object_count=n,
        path=(request.path[:300] if request is not None else ""),
        ip_address=_client_ip(request),
    )
    subject_ids = sorted({int(pk) for pk in subjects})
    batch = _batch.get()
    if batch is not None:
        entry = AccessLogEntry(**fields)
        batch.append((entry, subject_ids))
        return entry
    entry = AccessLogEntry.objects.create(**fields)
    _insert_subjects([(entry.pk, pk) for pk in subject_ids])
    return entry


@contextmanager
def log_batch(record: list[LoggedRead] | None = None) -> Iterator[None]:
    """Write the entries that :func:`log_access` makes inside the block all at once when it
    closes: one statement on PostgreSQL (entries and their subjects), for a page that reads
    several kinds of personal data (the resident page, the worklist). Each entry is the same
    as without the batch (its own time, operation, purpose and subjects). Use it inside the
    transaction of the request: the entries are written before the transaction ends, also
    when the block ends in an exception (a refusal after a logged read is still committed).
    Nested blocks write with the outer one.

    ``record``: a list that gets what was logged (:class:`LoggedRead`), for a kept page to
    log the same on the requests it serves (:func:`log_replay`).
    """
    if _batch.get() is not None:
        yield
        return
    entries: list[tuple[AccessLogEntry, list[int]]] = []
    token = _batch.set(entries)
    try:
        yield
    finally:
        _batch.reset(token)
        _write_batch(entries)
        if record is not None:
            record.extend(LoggedRead.of(entry, subjects) for entry, subjects in entries)


#: The fields of an entry that differ per request (the rest is what was read, by whom, why).
_PER_REQUEST = frozenset({"id", "at", "started_at", "trace_id", "span_id", "path", "ip_address"})


@dataclass(frozen=True)
class LoggedRead:
    """What one access-log entry said, without the request it was written in."""

    fields: tuple[tuple[str, Any], ...]
    subjects: tuple[int, ...]

    @classmethod
    def of(cls, entry: AccessLogEntry, subjects: Iterable[int]) -> LoggedRead:
        values = tuple(
            (f.attname, getattr(entry, f.attname))
            for f in AccessLogEntry._meta.concrete_fields
            if f.attname not in _PER_REQUEST
        )
        return cls(fields=values, subjects=tuple(subjects))


def log_replay(
    reads: Iterable[LoggedRead],
    *,
    request: Any = None,
    only_if: tuple[str, list[Any], Sequence[str]] | None = None,
) -> bool:
    """Log ``reads`` again, as read now in this request: a kept page shows the same data as
    when it was computed, so every request writes the same entries (operation, purpose,
    objects, data subjects) with its own time, trace, page and address.

    ``only_if`` (PostgreSQL): ``(sql, params, expected)``, a ``text[]`` expression and the
    value it must have: the entries are written only then, in the same statement that
    evaluates it (the fingerprint of a kept page, ``core.pagecache``). Returns whether the
    entries were written.
    """
    entries = []
    for read in reads:
        entry = AccessLogEntry(**dict(read.fields))
        for name, value in _trace_fields(entry.status).items():
            setattr(entry, name, value)
        entry.path = request.path[:300] if request is not None else ""
        entry.ip_address = _client_ip(request)
        entries.append((entry, list(read.subjects)))
    if only_if is not None:
        if connection.vendor != "postgresql" or not entries:
            raise ValueError("log_replay(only_if=...) writes entries on PostgreSQL only")
        return _insert_entries_with_subjects(entries, only_if=only_if)
    _write_batch(entries)
    return True


def _write_batch(entries: list[tuple[AccessLogEntry, list[int]]]) -> None:
    if not entries:
        return
    if connection.vendor == "postgresql":
        _insert_entries_with_subjects(entries)
        return
    AccessLogEntry.objects.bulk_create([entry for entry, _subjects in entries])
    _insert_subjects([(entry.pk, pk) for entry, subject_ids in entries for pk in subject_ids])


def _insert_entries_with_subjects(
    entries: list[tuple[AccessLogEntry, list[int]]],
    *,
    only_if: tuple[str, list[Any], Sequence[str]] | None = None,
) -> bool:
    """PostgreSQL: the entries and their subjects in one statement (a data-modifying
    ``WITH``): the entries' ids follow the order of the ``VALUES`` (one sequence, read in
    order within the statement), so the n-th id gets the n-th entry's subjects.

    ``only_if``: see :func:`log_replay`; returns whether the entries were written."""
    entry_opts, subject_opts = AccessLogEntry._meta, AccessLogSubject._meta
    qn = connection.ops.quote_name
    fields = [f for f in entry_opts.concrete_fields if not f.primary_key]
    if only_if is None:
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    else:
        # Values selected, not inserted directly: each needs its column's type.
        row = "(" + ", ".join(f"%s::{f.db_type(connection)}" for f in fields) + ")"
    params: list[Any] = [
        f.get_db_prep_save(getattr(entry, f.attname), connection)
        for entry, _subjects in entries
        for f in fields
    ]
    positions = [n for n, (_entry, subjects) in enumerate(entries, 1) for _pk in subjects]
    residents = [int(pk) for _entry, subjects in entries for pk in subjects]
    subject_columns = ", ".join(
        qn(cast(Any, subject_opts.get_field(name)).column) for name in ("entry", "resident_id")
    )
    columns = ", ".join(qn(f.column) for f in fields)
    values = ", ".join([row] * len(entries))
    check = ""
    if only_if is None:
        insert = f"VALUES {values}"
        result = "SELECT id FROM wk_n ORDER BY n"
    else:
        expression, check_params, expected = only_if
        check = f"wk_f AS (SELECT {expression} AS d), "
        insert = f"SELECT * FROM (VALUES {values}) wk_v WHERE (SELECT d FROM wk_f) = %s::text[]"
        params = [*check_params, *params, list(expected)]
        result = "SELECT id FROM wk_n ORDER BY n"
    sql = (
        f"WITH {check}wk_e AS (INSERT INTO {qn(entry_opts.db_table)} ({columns}) {insert} "
        f"RETURNING {qn(entry_opts.pk.column)} AS id), "
        "wk_n AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM wk_e), "
        f"wk_s AS (INSERT INTO {qn(subject_opts.db_table)} ({subject_columns}) "
        "SELECT wk_n.id, s.resident FROM wk_n "
        "JOIN unnest(%s::integer[], %s::bigint[]) AS s(n, resident) ON s.n = wk_n.n) "
        f"{result}"
    )
    # Prepared (the text is the same for every request of a kept page): PostgreSQL plans
    # the fingerprint's queries once per connection, not on every request.
    with compiled.preparing_cursor(connection.alias) as cursor:
        cursor.execute(sql, [*params, positions, residents])
        ids = [pk for (pk,) in cursor.fetchall()]
    if not ids:
        return False
    for (entry, _subjects), pk in zip(entries, ids, strict=True):
        entry.pk = pk
        entry._state.adding = False
    return True


#: Rows per statement when writing data subjects (well below SQLite's parameter limit).
_SUBJECT_CHUNK = 400


def _insert_subjects(rows: list[tuple[int, int]]) -> None:
    """Insert (entry id, resident id) rows of ``AccessLogSubject`` in one statement per
    chunk: the same rows as ``bulk_create``, without building a model object per subject
    (a worklist names a hundred residents)."""
    if not rows:
        return
    opts = AccessLogSubject._meta
    qn = connection.ops.quote_name
    columns = ", ".join(
        qn(cast(Any, opts.get_field(name)).column) for name in ("entry", "resident_id")
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _SUBJECT_CHUNK):
            chunk = rows[start : start + _SUBJECT_CHUNK]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {qn(opts.db_table)} ({columns}) VALUES {values}",
                [value for row in chunk for value in row],
            )


@transaction.atomic
def access_log_purge(*, before: datetime.datetime, chunk_size: int = 5000) -> dict[Any, int]:
    """Delete log entries (and their subjects) older than ``before``: the one way to delete.

    On PostgreSQL the append-only trigger lets the delete through only with the
    transaction-local setting ``wijkkompas.audit_purge`` on. Writes one entry per
    municipality that shows the purge (how many entries, up to when), not what they said.
    Returns the number of deleted entries per municipality id (``None``: entries without one).
    """
    counts: dict[Any, int] = {}
    old = AccessLogEntry.objects.filter(at__lt=before).order_by("pk")
    if not old.exists():
        return counts
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL wijkkompas.audit_purge = 'on'")
    with purge_allowed():
        while rows := list(old.values_list("pk", "municipality_id")[:chunk_size]):
            for _pk, municipality_id in rows:
                counts[municipality_id] = counts.get(municipality_id, 0) + 1
            chunk = [pk for pk, _ in rows]
            AccessLogSubject.objects.filter(entry_id__in=chunk).delete()
            AccessLogEntry.objects.filter(pk__in=chunk).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL wijkkompas.audit_purge = 'off'")
    for municipality_id, n in sorted(counts.items(), key=lambda item: item[0] or 0):
        log_access(
            user=None,
            action=Event.DELETE,
            purpose=Purpose.RETENTION,
            operation="audit.services.access_log_purge",
            object_type=AccessLogEntry._meta.label,
            object_id=f"<{before:%Y-%m-%d}",
            count=n,
            municipality_id=municipality_id,
        )
    logger.info("audit log purge: %s entries before %s", sum(counts.values()), f"{before:%Y-%m-%d}")
    return counts
