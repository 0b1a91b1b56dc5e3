"""The one audit API: ``log_access`` for personal data, ``log_event`` for security events."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import models

from wijkkompas.accounts.client_ip import client_ip

from .constants import Event, Purpose
from .models import AccessLogEntry, AccessLogSubject

logger = logging.getLogger("wijkkompas.audit")


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
        user=real_user,
        username=(real_user.get_username() if real_user else username)[:150],
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
) -> AccessLogEntry:
    """Record a read or write of personal data, with its purpose.

    Pass ``obj`` for one object, or ``objects`` (with ``model``) for a list that was shown;
    ``subjects``: the ids of the residents whose data it was (the data subjects), so that
    a resident's access request can say who viewed their data.
    """
    if action not in Event.values:
        raise ValueError(f"unknown audit action {action!r}")
    if purpose not in Purpose.values:
        raise ValueError(
            f"personal data is only read or written with a known purpose, not {purpose!r}"
        )
    count = 1 if obj is not None else 0
    object_type = obj._meta.label if obj is not None else ""
    object_id = str(obj.pk) if obj is not None and obj.pk is not None else ""
    if objects is not None:
        ids = [o.pk for o in objects]
        count = len(ids)
        if model is not None:
            object_type = model._meta.label
        object_id = ",".join(str(i) for i in ids[:20])
    real_user = user if getattr(user, "is_authenticated", False) else None
    entry = AccessLogEntry.objects.create(
        user=real_user,
        username=real_user.get_username() if real_user else "",
        municipality_id=real_user.municipality_id if real_user else None,
        event=action,
        purpose=purpose,
        object_type=object_type,
        object_id=object_id[:40],
        object_count=count,
        path=(request.path[:300] if request is not None else ""),
        ip_address=_client_ip(request),
    )
    subject_ids = sorted({int(pk) for pk in subjects})
    if subject_ids:
        AccessLogSubject.objects.bulk_create(
            [AccessLogSubject(entry=entry, resident_id=pk) for pk in subject_ids]
        )
    return entry
