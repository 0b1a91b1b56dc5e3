"""Background work of the access log: its own retention purge."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .services import access_log_purge, processing_trace


def access_log_cutoff() -> datetime.datetime:
    """Entries written before this moment are past the log's retention period."""
    return timezone.now() - datetime.timedelta(days=settings.WIJKKOMPAS_RETENTION_ACCESS_LOG_DAYS)


@task()
def purge_access_log() -> int:
    """Delete access log entries older than ``WIJKKOMPAS_RETENTION_ACCESS_LOG_DAYS``."""
    with processing_trace():
        return sum(access_log_purge(before=access_log_cutoff()).values())
