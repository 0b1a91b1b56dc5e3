"""Reads of the access log: always through the permission layer (privacy officer,
own municipality only)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from wijkkompas.accounts.access import restrict

from .constants import SECURITY_EVENTS
from .models import AccessLogEntry


def access_log_visible_to(
    user: Any,
    *,
    event: str = "",
    username: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessLogEntry]:
    """The log entries ``user`` may see, filtered; newest first."""
    qs = restrict(AccessLogEntry.objects.all(), user)
    if event:
        qs = qs.filter(event=event)
    if username:
        qs = qs.filter(username__iexact=username.strip())
    if date_from:
        qs = qs.filter(at__gte=_start_of(date_from))
    if date_to:
        qs = qs.filter(at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return qs.order_by("-at", "-pk")


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
