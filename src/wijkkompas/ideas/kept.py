"""The public ideas page's listing, kept while what it shows does not change.

The ideas page of a neighbourhood (``ideas:public``) is the same for every visitor apart
from its form (a fresh CSRF token and spam token, and what the visitor typed): the
published ideas with their suppressed number of supporters, and the places to meet. Both
parts are rendered once and kept in Django's cache under a key of the neighbourhood, the
language, the suppression rules and the municipality's area data version
(``core.versions``, namespace ``AREA_FIGURES``).

For a visitor without an account who opens the page as it is (no query string, no message
waiting to be shown) the whole page is kept under the same key (:func:`page_key`,
``core.sharedpage``), with markers where the CSRF token and the form's spam token go; every
request gets fresh ones.

The area data version is bumped after every commit that changes what the parts show: an
idea or a supporter, a place saved or deleted (the hooks of ``neighbourhoods.cache.connect``,
which the public neighbourhood page shares). The parts hold no personal data. An entry also
expires after ``WIJKKOMPAS_AREA_PAGE_CACHE_SECONDS`` (300; 0 keeps nothing), a bound on
staleness should a write ever bypass the hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
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


def page_key(request: HttpRequest, *, neighbourhood: Any) -> tuple[str, int] | None:
    """The key and lifetime of the whole page for this request (``core.sharedpage``), or
    None when it is not kept: the visitor is signed in (the header names them) or the
    address has a query string."""
    user: Any = getattr(request, "user", None)
    if request.GET or getattr(user, "is_authenticated", False):
        return None
    key = public_key(neighbourhood=neighbourhood)
    return None if key is None else (f"{key}:page", seconds())
