"""Tasks kept in the database while Redis was away (:mod:`wijkkompas.core.tasks_fallback`)
are moved to RQ by :func:`requeue_waiting`, the scheduler's ``requeue_waiting_tasks`` job
(every minute, in every worker; each slot runs once). Without RQ it does nothing, and it
needs the ``redis`` extra only then.

A task is moved in the transaction that deletes its row, oldest first, so it is queued once;
should that transaction fail after RQ took the task, the task is queued again at the next
move (the tasks take ids and recompute, so a second run changes nothing).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import task_backends


def requeue_waiting(*, limit: int = 1000) -> int:
    """Move waiting tasks to RQ; stop at the first RQ refuses (Redis still away). Returns how
    many were moved."""
    backend = task_backends["default"]
    if not getattr(backend, "keeps_tasks_while_redis_away", False):
        return 0
    import django_tasks_rq
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from .tasks_fallback import REDIS_AWAY

    moved = 0
    with transaction.atomic():
        waiting = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(backend_name=backend.alias, status=TaskResultStatus.READY)
            .order_by("enqueued_at")[:limit]
        )
        for row in waiting:
            task = import_string(row.task_path)
            try:
                # RQ itself, without the fallback: a refusal leaves the row waiting.
                django_tasks_rq.RQBackend.enqueue(
                    backend,  # type: ignore[arg-type]
                    task,
                    row.args_kwargs["args"],
                    row.args_kwargs["kwargs"],
                )
            except REDIS_AWAY:
                break
            row.delete()
            moved += 1
    return moved
