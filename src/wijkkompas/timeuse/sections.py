"""What time for the collective adds to pages of lower apps (``components.sections``).

* ``"worklist"`` (``plans:worklist``, the professional's start page): a small card "How did
  you split your time this week?" linking to ``timeuse:week``. It reads nothing (the
  worklist is a kept page: what it shows must not change without its own data changing).
"""

from __future__ import annotations

from typing import Any

from wijkkompas.components.sections import Section

from .constants import RECORD_ROLES


def worklist_prompt(*, request: Any, obj: Any = None) -> Section | None:
    user = request.user
    if not getattr(user, "is_authenticated", False) or user.role not in RECORD_ROLES:
        return None
    return Section(template="timeuse/_prompt.html")
