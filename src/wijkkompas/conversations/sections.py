"""The conversations section of the resident page (``components.sections``).

Registered in :meth:`ConversationsConfig.ready`; the resident page (``residents``) renders
it without importing this app. It reads through :func:`.selectors.conversations_of`,
which logs the read, and runs a constant number of queries whatever the number of
conversations.
"""

from __future__ import annotations

from typing import Any

from wijkkompas.components.sections import Section

from . import selectors


def resident_conversations(*, request: Any, obj: Any) -> Section | None:
    """The resident's conversations and the "Record a conversation" button, or None for a
    user who does not work with conversations."""
    user = request.user
    if not selectors.may_use_conversations(user=user):
        return None
    conversations = selectors.conversations_of(user=user, resident=obj, request=request)
    may_record = selectors.may_record_conversation(user=user, resident=obj)
    return Section(
        "conversations/_resident_conversations.html",
        {"resident": obj, "conversations": conversations, "may_record": may_record},
    )
