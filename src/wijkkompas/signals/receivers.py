"""Listeners of the signals app: a saved conversation queues its digest (ids only)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from wijkkompas.conversations.signals import conversation_saved


@receiver(conversation_saved, dispatch_uid="signals.conversation_saved")
def queue_digest(sender: Any, *, conversation_id: int, **kwargs: Any) -> None:
    """Queue the digest and area update; the signal is already sent after commit."""
    from .tasks import refresh_conversation_signals

    refresh_conversation_signals.enqueue(conversation_id=conversation_id)
