"""Exact indicator figures, kept in Django's cache while their data does not change.

A dashboard computes a dozen indicators, each a grouped query or two; between two changes
of a municipality's data the figures are the same. :func:`figures` keeps the exact
:class:`~.catalogue.Figures` (aggregates, never personal data) under a key of the
indicator, the scope, the period and two data versions of the municipality
(``core.versions``):

* ``AREA_FIGURES``, bumped by the signals app and the neighbourhood page hooks (ideas,
  supporters, initiatives, stage changes, places);
* ``INDICATOR_FIGURES``, bumped by :func:`connect`'s hooks when a conversation, an
  assessment, a score, a referral, a household, the residents in charge of an initiative
  or a story change.

The rendered body of a dashboard is kept the same way for roles that see suppressed
figures (:func:`body_key`, :func:`body`): between two changes it is the same page.

Suppression is applied afterwards for each user (``indicators.selectors``), so one entry
serves every role. An entry also expires after :func:`seconds` (five minutes by default,
setting ``WIJKKOMPAS_INDICATOR_CACHE_SECONDS``; 0 keeps nothing), a bound on staleness
should a write ever bypass the hooks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from wijkkompas.accounts.access import scope_key
from wijkkompas.core import versions
from wijkkompas.core.versions import AREA_FIGURES
from wijkkompas.signals.suppression import SuppressionRules, for_case_role

from .catalogue import Figures, Period, Scope, compute

#: The version namespace of the case data the indicators count (per municipality).
INDICATOR_FIGURES = "indicator-figures"

DEFAULT_SECONDS = 300


def seconds() -> int:
    return int(getattr(settings, "WIJKKOMPAS_INDICATOR_CACHE_SECONDS", DEFAULT_SECONDS))


def _key(code: str, scope: Scope, period: Period, area: str, own: str) -> str:
    parts = (code, *scope.key, period.key, get_language(), area, own)
    return "wk:indicator:" + ":".join(str(p) for p in parts)


def figures(*, scope: Scope, period: Period, codes: Sequence[str]) -> dict[str, Figures]:
    """The exact figures of ``codes`` for ``scope`` and ``period``: from the cache where
    kept, else computed (and kept). Two cache reads for the versions, one for the entries."""
    if seconds() <= 0:
        return {code: compute(code, scope, period) for code in codes}
    area = versions.current(AREA_FIGURES, scope.municipality_id)
    own = versions.current(INDICATOR_FIGURES, scope.municipality_id)
    keys = {code: _key(code, scope, period, area, own) for code in codes}
    found = django_cache.get_many(list(keys.values()))
    out: dict[str, Figures] = {}
    missing: dict[str, Figures] = {}
    for code, key in keys.items():
        kept = found.get(key)
        if isinstance(kept, Figures):
            out[code] = kept
        else:
            out[code] = missing[key] = compute(code, scope, period)
    if missing:
        django_cache.set_many(missing, seconds())
    return out


def body_key(*, user: Any, scope: Scope, period: Period, name: str) -> str | None:
    """The cache key of a dashboard's rendered body for ``user``, or None when it must not
    be kept: roles that see exact figures are never kept (like the neighbourhood page).

    The key names the page, the scope, the period, the language, the suppression rules,
    the user's scope (``accounts.access.scope_key``: role, municipality, teams, day) and
    both data versions; stories are part of the body, so their writes bump the version."""
    if seconds() <= 0 or for_case_role(user) or getattr(user, "is_superuser", False):
        return None
    rules = SuppressionRules.from_settings()
    parts = (
        name,
        *scope.key,
        period.key,
        get_language(),
        rules.threshold,
        rules.rounding,
        versions.current(AREA_FIGURES, scope.municipality_id),
        versions.current(INDICATOR_FIGURES, scope.municipality_id),
        *scope_key(user),
    )
    return "wk:indicator-page:" + ":".join(str(p) for p in parts)


def body(key: str | None, render: Callable[[], str]) -> str:
    """The kept body under ``key``, or ``render()`` (kept when ``key`` is given)."""
    if key is None:
        return render()
    html = django_cache.get(key)
    if html is None:
        html = render()
        django_cache.set(key, html, seconds())
    return str(html)


def bump(municipality_id: int | None) -> None:
    """Give the municipality's indicator figures a new version (after the commit)."""
    if municipality_id is not None:
        versions.bump(INDICATOR_FIGURES, municipality_id)


# --- what changes the figures -------------------------------------------------------------


def _by_municipality(sender: Any, instance: Any, **kwargs: Any) -> None:
    bump(getattr(instance, "municipality_id", None))


def _assessment(sender: Any, instance: Any, **kwargs: Any) -> None:
    from django.apps import apps

    resident = apps.get_model("residents", "Resident")
    bump(
        resident.objects.filter(pk=instance.resident_id)
        .values_list("household__municipality_id", flat=True)
        .first()
    )


def _score(sender: Any, instance: Any, **kwargs: Any) -> None:
    from django.apps import apps

    assessment = apps.get_model("instruments", "Assessment")
    bump(
        assessment.objects.filter(pk=instance.assessment_id)
        .values_list("resident__household__municipality_id", flat=True)
        .first()
    )


def _referral(sender: Any, instance: Any, **kwargs: Any) -> None:
    from django.apps import apps

    initiative = apps.get_model("initiatives", "Initiative")
    bump(
        initiative.objects.filter(pk=instance.initiative_id)
        .values_list("municipality_id", flat=True)
        .first()
    )


def _in_charge(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("action", "").startswith("post_"):
        bump(getattr(instance, "municipality_id", None))


def connect() -> None:
    """Connect the hooks (``IndicatorsConfig.ready``)."""
    from django.apps import apps

    conversation = apps.get_model("conversations", "Conversation")
    household = apps.get_model("residents", "Household")
    assessment = apps.get_model("instruments", "Assessment")
    score = apps.get_model("instruments", "AssessmentScore")
    referral = apps.get_model("initiatives", "Referral")
    initiative = apps.get_model("initiatives", "Initiative")
    story = apps.get_model("indicators", "Story")
    for signal in (post_save, post_delete):
        signal.connect(_by_municipality, sender=story, dispatch_uid="wk-ind-story")
        signal.connect(_by_municipality, sender=conversation, dispatch_uid="wk-ind-conversation")
        signal.connect(_by_municipality, sender=household, dispatch_uid="wk-ind-household")
        signal.connect(_assessment, sender=assessment, dispatch_uid="wk-ind-assessment")
        signal.connect(_score, sender=score, dispatch_uid="wk-ind-score")
        signal.connect(_referral, sender=referral, dispatch_uid="wk-ind-referral")
    m2m_changed.connect(
        _in_charge,
        sender=initiative.residents_in_charge.through,
        dispatch_uid="wk-ind-in-charge",
    )
