"""The RQ task backend with a fallback to the database while Redis is away.

Tasks are queued after the commit (``transaction.on_commit``). With Redis unreachable, RQ's
enqueue raises after the change was saved, which would answer a saved change with a 500 and
lose its task. :class:`RQBackend` keeps such a task in the database backend's table
(``django_tasks_db``, status ready) instead, and
:func:`wijkkompas.core.tasks_waiting.requeue_waiting` — a scheduler job every minute —
moves the waiting tasks to RQ once Redis answers again.
"""

from __future__ import annotations

import logging
from typing import Any

import django_tasks_rq
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_AWAY = (RedisConnectionError, RedisTimeoutError)


class RQBackend(django_tasks_rq.RQBackend):
    """``django_tasks_rq.RQBackend`` that keeps a task in the database while Redis is away."""

    keeps_tasks_while_redis_away = True

    def enqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
        try:
            return super().enqueue(task, args, kwargs)
        except REDIS_AWAY:
            logger.warning("Redis unreachable: task %s kept in the database", task.module_path)
            from django_tasks_db.backend import DatabaseBackend

            return DatabaseBackend(self.alias, {"QUEUES": list(self.queues)}).enqueue(
                task, args, kwargs
            )
