"""The public social map page, kept while the municipality's social map does not change.

The public map is the same for every visitor (no account, no personal data): its body for a
search (need, neighbourhood, free text, page) is kept in Django's cache under a key made of
the municipality, the search, the language and the social map's data version
(``core.versions``, namespace :data:`SOCIAL_MAP`, scope the municipality's id). Every save
or delete of an entry, and every change of its neighbourhoods, gives the municipality a new
version (hooks in ``models``), so a kept body never outlives a change. A kept body also
expires after :func:`seconds` (five minutes by default), a bound on staleness should a
write bypass the hooks (a bulk update, a renamed neighbourhood).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from wijkkompas.core import versions

from .models import SOCIAL_MAP

#: The longest a kept body lives (setting ``WIJKKOMPAS_SOCIAL_MAP_CACHE_SECONDS``; 0 keeps
#: nothing).
DEFAULT_SECONDS = 300


def seconds() -> int:
    return int(getattr(settings, "WIJKKOMPAS_SOCIAL_MAP_CACHE_SECONDS", DEFAULT_SECONDS))


def public_key(*, municipality_id: int, search: dict[str, Any], page: str) -> str | None:
    """The cache key of the public map's body for this search, or None when nothing is
    kept."""
    if seconds() <= 0:
        return None
    parts = [
        str(municipality_id),
        get_language() or "",
        versions.current(SOCIAL_MAP, municipality_id),
        hashlib.sha256(repr(sorted(search.items())).encode() + b"|" + page.encode()).hexdigest()[
            :32
        ],
    ]
    return "wk:socialmap-public:" + ":".join(parts)


def body(key: str | None, render: Callable[[], str]) -> str:
    """The kept body under ``key``, or ``render()`` (kept when ``key`` is given)."""
    if key is None:
        return render()
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, seconds())
    return str(html)
