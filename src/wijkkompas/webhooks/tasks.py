"""Background work of the webhooks: one delivery attempt per task (ids only)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(*, delivery_id: int) -> str:
    from .services import delivery_attempt

    return str(delivery_attempt(delivery_id=delivery_id).status)
