"""``wijkkompas worker``: the task worker of the configured backend and the scheduler."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django_tasks.base import TaskResultStatus

from wijkkompas.ops.models import ScheduledRun

# The worker closes its connections around each task, as a request does: outside a test
# transaction, then.
pytestmark = pytest.mark.django_db(transaction=True)


def test_burst_runs_the_queued_tasks_and_the_due_jobs(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from wijkkompas.audit.tasks import purge_access_log

    result = purge_access_log.enqueue()
    call_command("worker", "--burst", verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    jobs = set(ScheduledRun.objects.filter(finished_at__isnull=False).values_list("job", flat=True))
    assert {"purge_closed_cases", "purge_access_log", "recover"} <= jobs


def test_no_scheduler(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("worker", "--burst", "--no-scheduler", verbosity=0)
    assert not ScheduledRun.objects.exists()


def test_refuses_a_backend_without_worker():
    # The test settings run tasks at once (ImmediateBackend): there is nothing to work on.
    with pytest.raises(CommandError, match="No worker"):
        call_command("worker", "--burst")
