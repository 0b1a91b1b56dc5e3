"""The neighbourhood page of the roles that see suppressed aggregates, kept while its data
does not change.

For a policy officer, researcher or initiator the page shows only suppressed counts, theme
terms and the names of ideas, initiatives and places: no personal data. Computing and
rendering it reads a dozen tables; between two changes of the municipality's area data it
is the same page. The rendered body is therefore kept in Django's cache, under a key made
of the neighbourhood, the period, the language, the suppression rules, the user's scope
(``accounts.access.scope_key``) and the municipality's data version
(``core.versions``, namespace ``AREA_FIGURES``). Every write that changes what the page
shows gives the municipality a new version:

* the signals app bumps it when it writes signals (recomputation, a saved conversation);
* :func:`connect` bumps it when an idea, a supporter, an initiative (or its
  neighbourhoods), a stage change or a place is saved or deleted.

Case roles (exact counts, example sentences) and roles that see opportunities are never
cached. The public page (anyone, no account) keeps its rendered body the same way
(:func:`public_key`, :func:`body`): the same for every visitor, under the same version.
A kept body also expires after :func:`seconds` (five minutes by default), a bound
on staleness should a write ever bypass the hooks (a bulk update in a migration, say).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from wijkkompas.accounts.access import scope_key
from wijkkompas.areas.models import Neighbourhood
from wijkkompas.core import versions
from wijkkompas.core.versions import AREA_FIGURES
from wijkkompas.initiatives.selectors import may_use_opportunities
from wijkkompas.signals.suppression import SuppressionRules, for_case_role

T = TypeVar("T")

#: The longest a kept page lives (setting ``WIJKKOMPAS_AREA_PAGE_CACHE_SECONDS``; 0 keeps
#: nothing).
DEFAULT_SECONDS = 300


def seconds() -> int:
    return int(getattr(settings, "WIJKKOMPAS_AREA_PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


def page_key(*, user: Any, neighbourhood: Any, period: str) -> str | None:
    """The cache key of the page body for ``user``, or None when it must not be kept."""
    if seconds() <= 0 or for_case_role(user) or may_use_opportunities(user=user):
        # Exact counts, example sentences or the team's opportunities: never kept.
        return None
    municipality_id = neighbourhood.district.municipality_id
    rules = SuppressionRules.from_settings()
    parts = (
        neighbourhood.pk,
        period,
        get_language(),
        rules.threshold,
        rules.rounding,
        versions.current(AREA_FIGURES, municipality_id),
        *scope_key(user),
    )
    return "wk:neighbourhood-page:" + ":".join(str(part) for part in parts)


def body(key: str | None, render: Callable[[], str]) -> str:
    """The kept body under ``key``, or ``render()`` (kept when ``key`` is given)."""
    return str(kept(key, render))


def public_key(*, neighbourhood: Any) -> str | None:
    """The cache key of the public page of ``neighbourhood`` (its body is the same for
    everyone: suppressed figures, published ideas, public places and initiatives), or None
    when nothing is kept."""
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
    return "wk:neighbourhood-public-body:" + ":".join(str(part) for part in parts)


def kept(key: str | None, compute: Callable[[], T]) -> T:
    """What is kept under ``key``, or ``compute()`` (kept when ``key`` is given)."""
    if key is None:
        return compute()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds())
    return cast(T, found)


# --- what changes the page ----------------------------------------------------------------


def _municipality_of_neighbourhood(neighbourhood_id: int | None) -> int | None:
    if neighbourhood_id is None:
        return None
    return (
        Neighbourhood.objects.filter(pk=neighbourhood_id)
        .values_list("district__municipality_id", flat=True)
        .first()
    )


def _bump(municipality_id: int | None) -> None:
    if municipality_id is not None:
        versions.bump(AREA_FIGURES, municipality_id)


def _by_municipality(sender: Any, instance: Any, **kwargs: Any) -> None:
    _bump(getattr(instance, "municipality_id", None))


def _idea(sender: Any, instance: Any, **kwargs: Any) -> None:
    _bump(_municipality_of_neighbourhood(instance.neighbourhood_id))


def _supporter(sender: Any, instance: Any, **kwargs: Any) -> None:
    idea = sender._meta.get_field("idea").related_model
    neighbourhood_id = (
        idea.objects.filter(pk=instance.idea_id).values_list("neighbourhood_id", flat=True).first()
    )
    _bump(_municipality_of_neighbourhood(neighbourhood_id))


def _stage_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    initiative = sender._meta.get_field("initiative").related_model
    _bump(
        initiative.objects.filter(pk=instance.initiative_id)
        .values_list("municipality_id", flat=True)
        .first()
    )


def _initiative_neighbourhoods(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("action", "").startswith("post_"):
        _bump(getattr(instance, "municipality_id", None))


def connect() -> None:
    """Connect the hooks (``NeighbourhoodsConfig.ready``)."""
    from wijkkompas.ideas.models import Idea, IdeaSupporter
    from wijkkompas.initiatives.models import Initiative, StageChange
    from wijkkompas.places.models import Place

    for signal in (post_save, post_delete):
        signal.connect(_by_municipality, sender=Initiative, dispatch_uid="wk-nb-initiative")
        signal.connect(_by_municipality, sender=Place, dispatch_uid="wk-nb-place")
        signal.connect(_idea, sender=Idea, dispatch_uid="wk-nb-idea")
        signal.connect(_supporter, sender=IdeaSupporter, dispatch_uid="wk-nb-supporter")
        signal.connect(_stage_change, sender=StageChange, dispatch_uid="wk-nb-stage")
    m2m_changed.connect(
        _initiative_neighbourhoods,
        sender=Initiative.neighbourhoods.through,
        dispatch_uid="wk-nb-initiative-neighbourhoods",
    )
