"""Reads of the social map (sociale kaart): scoped to the user (``visible_to``), and the
public map.

The social map holds no personal data (contact details are those of the provision): no read
is logged. Every signed-in role of the municipality reads its entries; the public map (anyone,
no account) reads only entries marked ``public``, of one municipality at a time.

For other apps of the same layer and above (the suggestions during a conversation):
:func:`matching_entries` is the one filter "entries of this municipality that answer one of
these life domains in this neighbourhood", in the Wmo order; :func:`life_domain_q` and
:func:`neighbourhood_q` are its parts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.access import can, get_in_scope, may_use
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.areas.selectors import public_neighbourhood_list
from wijkkompas.conversations.constants import LifeDomain

from .constants import RESIDENT_NEEDS, STALE_AFTER, WMO_ORDER
from .models import Entry

# -- filters shared by the pages, the API and the suggestions ------------------------------


def stale_before(today: dt.date | None = None) -> dt.date:
    """Entries last checked before this day are flagged as possibly out of date."""
    return (today or timezone.localdate()) - STALE_AFTER


def is_stale(entry: Entry, today: dt.date | None = None) -> bool:
    return entry.last_checked_on < stale_before(today)


def life_domain_q(domains: Iterable[str]) -> Q:
    """Entries that answer at least one of ``domains`` (``LifeDomain`` values).

    ``life_domains`` is a JSON list: the quoted code is looked for in its text, which works
    alike on PostgreSQL and SQLite (no code is part of another)."""
    q = Q(pk__in=[])
    for domain in domains:
        if domain in LifeDomain.values:
            q |= Q(life_domains__icontains=f'"{domain}"')
    return q


def neighbourhood_q(neighbourhood_id: int | None) -> Q:
    """Entries that serve the neighbourhood: linked to it, or to no neighbourhood at all
    (the whole municipality)."""
    if neighbourhood_id is None:
        return Q()
    return Q(neighbourhoods__isnull=True) | Q(
        pk__in=Entry.neighbourhoods.through.objects.filter(
            neighbourhood_id=neighbourhood_id
        ).values("entry_id")
    )


def wmo_rank() -> Case:
    """The rank of an entry's step in the Wmo order (own strength first), for ordering."""
    return Case(
        *[When(step=step, then=Value(rank)) for step, rank in WMO_ORDER.items()],
        default=Value(len(WMO_ORDER)),
        output_field=IntegerField(),
    )


def matching_entries(
    *,
    municipality_id: int,
    life_domains: Iterable[str],
    neighbourhood_id: int | None = None,
    public_only: bool = False,
) -> QuerySet[Entry]:
    """Entries of one municipality that answer one of ``life_domains`` and serve the
    neighbourhood, in the Wmo order (own strength, own network, collective, individual), then
    by name. Not scoped to a user: the caller checks that the user may see the municipality's
    social map (every role of the municipality may)."""
    entries = Entry.objects.filter(municipality_id=municipality_id).filter(
        life_domain_q(life_domains)
    )
    if neighbourhood_id is not None:
        entries = entries.filter(neighbourhood_q(neighbourhood_id))
    if public_only:
        entries = entries.filter(public=True)
    return entries.annotate(wmo_rank=wmo_rank()).order_by("wmo_rank", "name", "pk")


# -- the team's list and pages ---------------------------------------------------------------


@dataclass(frozen=True)
class EntryFilter:
    """What the list is filtered on (the page's filter form and the API's query)."""

    text: str = ""
    kind: str = ""
    step: str = ""
    life_domain: str = ""
    neighbourhood_id: int | None = None
    cost: str = ""
    stale: bool = False


def filter_entries(entries: QuerySet[Entry], where: EntryFilter) -> QuerySet[Entry]:
    text = where.text.strip()
    if text:
        entries = entries.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(target_group__icontains=text)
        )
    if where.kind:
        entries = entries.filter(kind=where.kind)
    if where.step:
        entries = entries.filter(step=where.step)
    if where.life_domain:
        entries = entries.filter(life_domain_q([where.life_domain]))
    if where.neighbourhood_id is not None:
        entries = entries.filter(neighbourhood_q(where.neighbourhood_id))
    if where.cost:
        entries = entries.filter(cost=where.cost)
    if where.stale:
        entries = entries.filter(last_checked_on__lt=stale_before())
    return entries


def entry_list(*, user: Any, where: EntryFilter | None = None) -> QuerySet[Entry]:
    """The entries of the user's municipality they may see, filtered. Public entries of other
    municipalities are left out: this is the municipality's list, not the public map."""
    entries: QuerySet[Entry] = Entry.objects.visible_to(user)
    if not user.is_superuser:
        entries = entries.filter(municipality_id=user.municipality_id)
    entries = filter_entries(entries, where or EntryFilter())
    return entries.select_related("municipality", "checked_by").order_by("name", "pk")


def entry_get(*, user: Any, pk: int, action: str = Action.VIEW, request: Any = None) -> Entry:
    """One entry within the user's scope for ``action``, or 404 (the refusal is logged)."""
    return get_in_scope(
        Entry.objects.select_related(
            "municipality", "initiative", "place", "organisation", "checked_by"
        ),
        user,
        action,
        request=request,
        pk=pk,
    )


def entry_links(*, user: Any, entry: Entry) -> dict[str, Any]:
    """The initiative, place and organisation the entry is linked to, as far as the user may
    see them (an initiator sees no organisations, another municipality none of them)."""
    links = {}
    for name in ("initiative", "place", "organisation"):
        linked = getattr(entry, name)
        if linked is not None and can(user, Action.VIEW, linked):
            links[name] = linked
    return links


def entry_neighbourhood_names(*, entry: Entry) -> list[str]:
    return list(entry.neighbourhoods.order_by("name").values_list("name", flat=True))


def may_create_entry(*, user: Any) -> bool:
    """Whether the user may add entries to their municipality: team roles and the
    administrator; an initiator too, for an initiative they run (checked on saving)."""
    return may_use(user, Entry, Action.CHANGE) and (
        user.is_superuser or user.municipality_id is not None
    )


def may_change_entry(*, user: Any, entry: Entry) -> bool:
    return can(user, Action.CHANGE, entry)


def is_initiator(user: Any) -> bool:
    return bool(getattr(user, "role", "") == Role.INITIATOR and not user.is_superuser)


def uses_count(*, entry: Entry) -> int:
    """How many times the entry was used in a conversation (a count, no case data)."""
    return entry.uses.count()


# -- the public map (anyone, no account) -----------------------------------------------------


def public_municipality_get(*, code: str) -> tuple[Any, list[Any]]:
    """The municipality with this CBS code for the public map, with its neighbourhoods (names
    and codes: public CBS data), in one query; 404 for a municipality without neighbourhoods
    (it has no public pages)."""
    neighbourhoods = list(public_neighbourhood_list(municipality_code=code[:6].upper()))
    if not neighbourhoods:
        raise Http404
    return neighbourhoods[0].district.municipality, neighbourhoods


def public_entries(
    *,
    municipality: Any,
    life_domain: str = "",
    neighbourhood_id: int | None = None,
    text: str = "",
    ids: Iterable[int] | None = None,
) -> QuerySet[Entry]:
    """The public entries of one municipality, found by need (life domain), neighbourhood
    and free text, in the Wmo order (what residents can do themselves and together first)."""
    entries: QuerySet[Entry] = Entry.objects.filter(municipality_id=municipality.pk, public=True)
    entries = filter_entries(
        entries,
        EntryFilter(text=text, life_domain=life_domain, neighbourhood_id=neighbourhood_id),
    )
    if ids is not None:
        entries = entries.filter(pk__in=list(ids))
    return entries.annotate(wmo_rank=wmo_rank()).order_by("wmo_rank", "name", "pk")


def public_entry_get(*, pk: int) -> Entry:
    """One public entry for the public map, or 404."""
    found = Entry.objects.select_related("municipality").filter(pk=pk, public=True).first()
    if found is None:
        raise Http404
    return found


def needs() -> list[tuple[str, str]]:
    """The life domains in residents' words, as choices."""
    return [(code, str(RESIDENT_NEEDS[code])) for code in LifeDomain.values]


def need_labels(codes: Iterable[str]) -> list[str]:
    return [str(RESIDENT_NEEDS[c]) for c in codes if c in RESIDENT_NEEDS]


def domain_labels(codes: Iterable[str]) -> list[str]:
    labels = dict(LifeDomain.choices)
    return [str(labels[c]) for c in codes if c in labels]
