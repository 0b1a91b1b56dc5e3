"""Django signals of the conversations app.

``conversation_saved`` is sent after the transaction that recorded or changed a
conversation commits (never for a write that was rolled back), with the conversation's
id only. Higher apps listen (the signals app digests the conversation).
"""

from __future__ import annotations

import django.dispatch
from django.db import transaction

#: Sent with ``conversation_id`` (int) and ``created`` (bool), after commit.
conversation_saved = django.dispatch.Signal()


def send_on_commit(*, conversation_id: int, created: bool) -> None:
    """Send :data:`conversation_saved` once the current transaction commits."""
    transaction.on_commit(
        lambda: conversation_saved.send(
            sender="conversations.Conversation", conversation_id=conversation_id, created=created
        )
    )
