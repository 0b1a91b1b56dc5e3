"""``wijkkompas purge_closed_cases``: delete closed cases past their retention period.

Schedule it daily (cron or a systemd timer, docs/operators/retention.md). One log entry per
municipality shows the purge (counts and ids), not the data.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wijkkompas.rights.tasks import purge_closed_cases


class Command(BaseCommand):
    help = (
        "Delete households closed longer ago than WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS "
        "(Wmo cases: WIJKKOMPAS_RETENTION_WMO_CASES_DAYS), and expired access exports."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the purge for the task worker instead of running it now.",
        )

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            result = purge_closed_cases.enqueue()
            self.stdout.write(f"queued: {result.id}")
            return
        summary = purge_closed_cases.call()
        self.stdout.write(
            "purged households: {households} in {municipalities} municipalities; "
            "expired exports: {expired_exports}".format(**summary)
        )
