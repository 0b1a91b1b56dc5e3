"""The public social map page, kept while the municipality's social map does not change.

The public map is the same for every visitor (no account, no personal data): its body for a
search (need, neighbourhood, free text, page) is kept in Django's cache under a key made of
the municipality's CBS code, the search as sent, the language and the social map's data
version (``core.versions``, namespace :data:`SOCIAL_MAP`, scope the CBS code). Every save
or delete of an entry, and every change of its neighbourhoods, gives the municipality a new
version (hooks in ``models``), so a kept body never outlives a change. A kept body also
expires after :func:`seconds` (five minutes by default), a bound on staleness should a
write bypass the hooks (a bulk update, a renamed neighbourhood).
"""

from __future__ import annotations

import hashlib

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


def public_key(*, code: str, params: dict[str, str]) -> str | None:
    """The cache key of the public map of the municipality with CBS ``code`` for the search
    ``params`` (as sent), or None when nothing is kept. Only a valid search is ever kept
    under it (the view decides), so a kept body is served without reading the database."""
    if seconds() <= 0:
        return None
    search = hashlib.sha256(repr(sorted(params.items())).encode()).hexdigest()[:32]
    parts = [code, get_language() or "", versions.current(SOCIAL_MAP, code), search]
    return "wk:socialmap-public:" + ":".join(parts)


def get(key: str | None) -> dict[str, str] | None:
    if key is None:
        return None
    found = cache.get(key)
    return found if isinstance(found, dict) else None


def put(key: str | None, value: dict[str, str]) -> None:
    if key is not None:
        cache.set(key, value, seconds())
