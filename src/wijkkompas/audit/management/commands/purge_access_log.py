"""``wijkkompas purge_access_log``: delete access log entries past their retention period.

Schedule it daily (cron or a systemd timer, docs/operators/retention.md). The purge writes
one log entry per municipality that shows how many entries went, not what they said.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wijkkompas.audit.tasks import purge_access_log


class Command(BaseCommand):
    help = "Delete access log entries older than WIJKKOMPAS_RETENTION_ACCESS_LOG_DAYS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the purge for the task worker instead of running it now.",
        )

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            result = purge_access_log.enqueue()
            self.stdout.write(f"queued: {result.id}")
            return
        deleted = purge_access_log.call()
        self.stdout.write(f"deleted access log entries: {deleted}")
