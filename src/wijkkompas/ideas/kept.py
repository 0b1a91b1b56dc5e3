"""The public ideas page's listing, kept while what it shows does not change.

The ideas page of a neighbourhood (``ideas:public``) is the same for every visitor apart
from its form (a fresh CSRF token and spam token, and what the visitor typed): the
published ideas with their suppressed number of supporters, and the places to meet. Both
parts are rendered once and kept in Django's cache under a key of the neighbourhood, the
language, the suppression rules and the municipality's area data version
(``core.versions``, namespace ``AREA_FIGURES``). That version is bumped after every commit
that changes what the parts show: an idea or a supporter, a place saved or deleted (the
hooks of ``neighbourhoods.cache.connect``, which the public neighbourhood page shares). The
parts hold no personal data. An entry also expires after
``WIJKKOMPAS_AREA_PAGE_CACHE_SECONDS`` (300; 0 keeps nothing), a bound on staleness should a
write ever bypass the hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from wijkkompas.core import versions
from wijkkompas.core.versions import AREA_FIGURES
from wijkkompas.signals.suppression import SuppressionRules


def seconds() -> int:
    return int(getattr(settings, "WIJKKOMPAS_AREA_PAGE_CACHE_SECONDS", 300))


def public_key(*, neighbourhood: Any) -> str | None:
    """The cache key of the public ideas page's parts of ``neighbourhood``, or None when
    nothing is kept."""
    if seconds() <= 0:
        return None
    rules = SuppressionRules.from_settings()
    parts = (
        neighbourhood.pk,
        get_language(),
        rules.threshold,
        rules.rounding,
        versions.current(AREA_FIGURES, neighbourhood.district.municipality_id),
    )
    return "wk:ideas-public:" + ":".join(str(part) for part in parts)


def parts(key: str | None, render: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The kept parts under ``key``, or ``render()`` (kept when ``key`` is given)."""
    if key is None:
        return render()
    found = cache.get(key)
    if not isinstance(found, dict):
        found = render()
        cache.set(key, found, seconds())
    return found
