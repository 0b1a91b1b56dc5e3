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

The rendered body of a dashboard is kept the same way for each user (:func:`body_key`,
:func:`body`): between two changes it is the same page. A body of the latest figures is kept
too, for as long as those figures are served (see below).

Suppression is applied afterwards for each user (``indicators.selectors``), so one entry
serves every role. An entry also expires after :func:`seconds` (five minutes by default,
setting ``WIJKKOMPAS_INDICATOR_CACHE_SECONDS``; 0 keeps nothing), a bound on staleness
should a write ever bypass the hooks.

Serving the last figures while they are computed again: on a busy municipality a
conversation is recorded every few seconds, and each one changes the data version, so
without more every dashboard request after a write would compute every figure again, and
several requests would compute the same figures at once. Next to the versioned entry,
:func:`figures` therefore keeps the latest figures of each indicator, scope and period with
the time they were computed. When the versioned entry is missing:

* the latest figures are served as they are while they are younger than
  :func:`fresh_seconds` (setting ``WIJKKOMPAS_INDICATOR_FRESH_SECONDS``, one minute by
  default; 0 computes at once after every change);
* older, one request computes them again (it takes a short lock in the cache) while the
  others keep serving the latest figures, within the bound of :func:`seconds`;
* with no latest figures at all, the request computes.

The result says how old the oldest figure it served is (:attr:`KeptFigures.as_of`); the
dashboard shows "figures of HH:MM" then, and a body with such figures is kept apart from
the current one, only for the rest of the fresh window.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from wijkkompas.accounts.access import scope_key
from wijkkompas.core import versions
from wijkkompas.core.versions import AREA_FIGURES
from wijkkompas.signals.suppression import SuppressionRules

from .catalogue import Figures, Period, Scope, compute

#: The version namespace of the case data the indicators count (per municipality).
INDICATOR_FIGURES = "indicator-figures"

DEFAULT_SECONDS = 300
DEFAULT_FRESH_SECONDS = 60


def seconds() -> int:
    return int(getattr(settings, "WIJKKOMPAS_INDICATOR_CACHE_SECONDS", DEFAULT_SECONDS))


def fresh_seconds() -> int:
    """How long the latest figures are served after a change of their data."""
    return int(getattr(settings, "WIJKKOMPAS_INDICATOR_FRESH_SECONDS", DEFAULT_FRESH_SECONDS))


def _key(code: str, scope: Scope, period: Period, area: str, own: str) -> str:
    parts = (code, *scope.key, period.key, get_language(), area, own)
    return "wk:indicator:" + ":".join(str(p) for p in parts)


_LATEST = "wk:indicator-latest:"


def _latest_key(code: str, scope: Scope, period: Period) -> str:
    parts = (code, *scope.key, period.key, get_language())
    return _LATEST + ":".join(str(p) for p in parts)


@dataclass(frozen=True)
class Latest:
    """The latest figures of one indicator, scope and period, and when they were computed
    (seconds since the epoch)."""

    figures: Figures
    computed_at: float


class KeptFigures(dict[str, Figures]):
    """Figures per indicator code; ``as_of`` is when the oldest of them was computed if
    one was served from before the latest change of its data (``None``: all current)."""

    as_of: float | None = None


def figures(
    *, scope: Scope, period: Period, codes: Sequence[str], current: bool = False
) -> KeptFigures:
    """The exact figures of ``codes`` for ``scope`` and ``period``: from the cache where
    kept for the current data, else the latest figures while fresh enough (see the module;
    never with ``current``), else computed (and kept). Two cache reads for the versions,
    one for the entries."""
    out = KeptFigures()
    if seconds() <= 0:
        out.update((code, compute(code, scope, period)) for code in codes)
        return out
    area = versions.current(AREA_FIGURES, scope.municipality_id, settled=current)
    own = versions.current(INDICATOR_FIGURES, scope.municipality_id, settled=current)
    keys = {code: _key(code, scope, period, area, own) for code in codes}
    latest_keys = {code: _latest_key(code, scope, period) for code in codes}
    found = django_cache.get_many([*keys.values(), *latest_keys.values()])
    now = time.time()
    missing: dict[str, Any] = {}
    for code, key in keys.items():
        kept = found.get(key)
        if isinstance(kept, Figures):
            out[code] = kept
            continue
        latest = found.get(latest_keys[code])
        if (
            not current
            and isinstance(latest, Latest)
            and (now - latest.computed_at <= fresh_seconds() or not _claim(latest_keys[code]))
        ):
            out[code] = latest.figures
            out.as_of = min(out.as_of or latest.computed_at, latest.computed_at)
            continue
        out[code] = missing[key] = compute(code, scope, period)
        missing[latest_keys[code]] = Latest(out[code], time.time())
    if missing:
        django_cache.set_many(missing, seconds())
        django_cache.delete_many([_lock_key(k) for k in missing if k.startswith(_LATEST)])
    return out


#: How long one request may hold the right to compute figures again before another may.
LOCK_SECONDS = 120


def _lock_key(latest_key: str) -> str:
    return "wk:indicator-lock:" + latest_key[len(_LATEST) :]


def _claim(latest_key: str) -> bool:
    """Whether this request takes the computation of stale figures on itself (the first
    one does; the others serve the latest figures meanwhile)."""
    return bool(django_cache.add(_lock_key(latest_key), 1, LOCK_SECONDS))


def body_key(*, user: Any, scope: Scope, period: Period, name: str) -> str | None:
    """The cache key of a dashboard's rendered body for ``user``, or None when it must not
    be kept (superusers' pages are never kept).

    The key names the page, the scope, the period, the language, the suppression rules,
    the user (``accounts.access.scope_key``: the account, role, municipality, teams, day;
    the role says whether the figures are exact) and both data versions; stories are part
    of the body, so their writes bump the version. A body is the user's own: a team lead's exact
    figures are kept for that team lead only, as long as the figures themselves are (the
    same versions), so keeping it shows nothing the page would not compute."""
    if seconds() <= 0 or getattr(user, "is_superuser", False):
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


def body(key: str | None, render: Callable[[], str], *, as_of: Callable[[], float | None]) -> str:
    """The kept body under ``key``, or ``render()``, kept when ``key`` is given (see
    :func:`body_and_age`)."""
    return body_and_age(key, render, as_of=as_of)[0]


def body_and_age(
    key: str | None, render: Callable[[], str], *, as_of: Callable[[], float | None]
) -> tuple[str, float | None]:
    """The kept body under ``key``, or ``render()``, kept when ``key`` is given; with the
    time of the oldest figure in it when those are the latest figures of before a change
    (None: the figures of the current data).

    ``as_of()``, asked after the render, says whether the body shows the latest figures of
    before a change (their oldest computation time) rather than those of the current data.
    Such a body is kept too, next to the current one, for as long as :func:`figures` would
    serve the same latest figures (the fresh window from that time): during a stream of
    changes every request would otherwise render the dashboard again."""
    if key is None:
        rendered = render()
        return rendered, as_of()
    latest_key = f"{key}:latest"
    found = django_cache.get_many([key, latest_key])
    html = found.get(key)
    if html is not None:
        return str(html), None
    latest = found.get(latest_key)
    if isinstance(latest, tuple) and len(latest) == 2 and latest[0] + fresh_seconds() > time.time():
        return str(latest[1]), float(latest[0])
    html = render()
    stale = as_of()
    if stale is None:
        django_cache.set(key, html, seconds())
    else:
        left = stale + fresh_seconds() - time.time()
        if left > 0:
            django_cache.set(latest_key, (stale, html), max(1, int(left)))
    return str(html), stale


def bump(municipality_id: int | None, *, settle: bool = False) -> None:
    """Give the municipality's indicator figures a new version (after the commit); with
    ``settle``, within ``core.versions.settle_seconds`` together with the other case
    writes of that period (``core.versions``, "Settling changes")."""
    if municipality_id is not None:
        versions.bump(INDICATOR_FIGURES, municipality_id, settle=settle)


# --- what changes the figures -------------------------------------------------------------
# Case work (conversations, households, assessments and their scores, referrals) comes in a
# stream: its changes settle. What someone writes to read it on the dashboard next (a story,
# a week's time split, the team's ambition, residents in charge of an initiative) shows at
# once.


def _by_municipality(sender: Any, instance: Any, **kwargs: Any) -> None:
    bump(getattr(instance, "municipality_id", None))


def _case_by_municipality(sender: Any, instance: Any, **kwargs: Any) -> None:
    bump(getattr(instance, "municipality_id", None), settle=True)


def _assessment(sender: Any, instance: Any, **kwargs: Any) -> None:
    from django.apps import apps

    resident = apps.get_model("residents", "Resident")
    bump(
        resident.objects.filter(pk=instance.resident_id)
        .values_list("household__municipality_id", flat=True)
        .first(),
        settle=True,
    )


def _score(sender: Any, instance: Any, **kwargs: Any) -> None:
    from django.apps import apps

    assessment = apps.get_model("instruments", "Assessment")
    bump(
        assessment.objects.filter(pk=instance.assessment_id)
        .values_list("resident__household__municipality_id", flat=True)
        .first(),
        settle=True,
    )


def _referral(sender: Any, instance: Any, **kwargs: Any) -> None:
    from django.apps import apps

    initiative = apps.get_model("initiatives", "Initiative")
    bump(
        initiative.objects.filter(pk=instance.initiative_id)
        .values_list("municipality_id", flat=True)
        .first(),
        settle=True,
    )


def _by_team(sender: Any, instance: Any, **kwargs: Any) -> None:
    from django.apps import apps

    team = apps.get_model("teams", "Team")
    bump(team.objects.filter(pk=instance.team_id).values_list("municipality_id", flat=True).first())


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
        signal.connect(
            _case_by_municipality, sender=conversation, dispatch_uid="wk-ind-conversation"
        )
        signal.connect(_case_by_municipality, sender=household, dispatch_uid="wk-ind-household")
        signal.connect(_assessment, sender=assessment, dispatch_uid="wk-ind-assessment")
        signal.connect(_score, sender=score, dispatch_uid="wk-ind-score")
        signal.connect(_referral, sender=referral, dispatch_uid="wk-ind-referral")
        # Time for the collective: a member's week and the team's ambition.
        for label in ("TimeSplit", "TeamTimeAmbition"):
            model = apps.get_model("timeuse", label)
            signal.connect(_by_team, sender=model, dispatch_uid=f"wk-ind-{label}")
    m2m_changed.connect(
        _in_charge,
        sender=initiative.residents_in_charge.through,
        dispatch_uid="wk-ind-in-charge",
    )
