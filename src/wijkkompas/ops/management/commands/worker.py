"""``wijkkompas worker``: the task worker of the configured backend and, in the same
process, the scheduler of periodic jobs (wijkkompas.ops.scheduler). Run as many as you like,
on as many machines: each periodic slot runs once, on whichever worker claims it first.

    wijkkompas worker                 # until SIGTERM/SIGINT (finishes the running task)
    wijkkompas worker --burst         # run what is queued, then stop (tests, cron)
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django_tasks import task_backends
from django_tasks.signals import task_finished, task_started
from django_tasks_db.backend import DatabaseBackend
from django_tasks_rq import RQBackend

from wijkkompas.ops.scheduler import Scheduler, run_due


def _fresh_connections(**kwargs: Any) -> None:
    close_old_connections()


class Command(BaseCommand):
    help = "Run the task worker of the configured backend (RQ or database) and the scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--burst", action="store_true", help="Run the queued tasks and due jobs, then stop."
        )
        parser.add_argument(
            "--no-scheduler", action="store_true", help="Only the task worker, no periodic jobs."
        )
        parser.add_argument("--queue", action="append", help="Queue(s) to serve (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        backend = task_backends["default"]
        # RQ (also core.tasks_fallback's, which keeps tasks in the database while Redis is
        # away) or the database backend.
        if not isinstance(backend, RQBackend | DatabaseBackend):
            raise CommandError(f"No worker for the task backend {type(backend).__name__}.")
        # Every task starts and ends with usable connections (as a request does): a
        # database that restarted in between costs one reconnect, not a failed task.
        task_started.connect(_fresh_connections, dispatch_uid="wk_worker_started")
        task_finished.connect(_fresh_connections, dispatch_uid="wk_worker_finished")
        scheduler = None
        if not options["no_scheduler"]:
            if options["burst"]:
                run_due()
            else:
                scheduler = Scheduler()
                scheduler.start()
        try:
            if isinstance(backend, RQBackend):
                queues = options["queue"] or list(settings.RQ_QUEUES)
                # SimpleWorker runs each task in this process (no fork beside the
                # scheduler's thread); a worker that dies is replaced by its supervisor
                # and its work recovered by the scheduler's `recover` job.
                call_command(
                    "rqworker",
                    *queues,
                    worker_class="rq.worker.SimpleWorker",
                    job_class="django_tasks_rq.backend.Job",
                    burst=options["burst"],
                    verbosity=options["verbosity"],
                )
            else:
                call_command(
                    "db_worker",
                    queue_name=",".join(options["queue"] or ["*"]),
                    batch=options["burst"],
                    reload=False,
                    startup_delay=not options["burst"],
                    verbosity=options["verbosity"],
                )
        finally:
            if scheduler is not None:
                scheduler.stop()
                scheduler.join(timeout=30)
