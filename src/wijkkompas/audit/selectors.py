"""Reads of the access log: always through the permission layer (privacy officer,
own municipality only)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from wijkkompas.accounts.access import restrict

from .constants import SECURITY_EVENTS
from .models import AccessLogEntry, AccessLogSubject


def access_log_visible_to(
    user: Any,
    *,
    event: str = "",
    username: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    purpose: str = "",
    object_type: str = "",
    resident: int | None = None,
    trace: str = "",
) -> QuerySet[AccessLogEntry]:
    """The log entries ``user`` may see, filtered; newest first, with their data subjects.

    ``resident``: only entries about this data subject (a resident id from the register of
    data requests); ``trace``: every entry of one request or task.
    """
    qs = restrict(AccessLogEntry.objects.all(), user)
    if event:
        qs = qs.filter(event=event)
    if username:
        qs = qs.filter(username__iexact=username.strip())
    if date_from:
        qs = qs.filter(at__gte=_start_of(date_from))
    if date_to:
        qs = qs.filter(at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    if purpose:
        qs = qs.filter(purpose=purpose)
    if object_type:
        qs = qs.filter(object_type__iexact=object_type.strip())
    if resident:
        # One subject row per resident and entry: the join adds no duplicates.
        qs = qs.filter(subjects__resident_id=resident)
    if trace:
        qs = qs.filter(trace_id=trace.strip().lower())
    return qs.prefetch_related("subjects").order_by("-at", "-pk")


def subjects_of(entries: Iterable[AccessLogEntry]) -> list[int]:
    """The data subjects of entries fetched with their ``subjects`` (no query)."""
    return sorted({pk for entry in entries for pk in entry.subject_ids()})


def subjects_by_entry(entries: QuerySet[AccessLogEntry]) -> dict[int, list[int]]:
    """The data subjects of every entry of a (filtered) queryset, by entry id: one query."""
    result: dict[int, list[int]] = {}
    rows = AccessLogSubject.objects.filter(entry__in=entries.order_by().values("pk")).values_list(
        "entry_id", "resident_id"
    )
    for entry_id, resident_id in rows.order_by("entry_id", "resident_id"):
        result.setdefault(entry_id, []).append(resident_id)
    return result


def access_log_for_subject(
    *, resident_id: int, municipality_id: int | None
) -> list[dict[str, Any]]:
    """Who processed the data of one resident: for the resident's access export (art. 15).

    Not scoped to a user: the caller (``rights.services``) decides who may build the export.
    Plain data, oldest first: when, which account (name, role, organisations as ids),
    the action, its purpose and the processing activity; never what the data said.
    """
    entries = (
        AccessLogEntry.objects.filter(subjects__resident_id=resident_id)
        .filter(municipality_id=municipality_id)
        .order_by("at", "pk")
        .values(
            "at",
            "username",
            "role",
            "organisations",
            "event",
            "purpose",
            "processing_activity_id",
            "object_type",
            "trace_id",
        )
    )
    return [
        {
            **row,
            "organisation_ids": [int(x) for x in row.pop("organisations").split(",") if x],
        }
        for row in entries
    ]


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def security_overview(user: Any, *, days: int = 30) -> dict[str, Any]:
    """Refused accesses and other security incidents of the last ``days`` days."""
    since = timezone.now() - datetime.timedelta(days=days)
    qs = restrict(AccessLogEntry.objects.all(), user).filter(
        at__gte=since, event__in=SECURITY_EVENTS
    )
    by_event = dict(qs.values_list("event").annotate(n=Count("pk")).order_by())
    by_account = list(
        qs.values("username", "event").annotate(n=Count("pk")).order_by("-n", "username")[:20]
    )
    by_object = list(
        qs.filter(object_type__gt="")
        .values("object_type")
        .annotate(n=Count("pk"))
        .order_by("-n", "object_type")[:20]
    )
    return {
        "since": since,
        "days": days,
        "by_event": by_event,
        "by_account": by_account,
        "by_object": by_object,
        "entries": qs.order_by("-at", "-pk"),
    }
