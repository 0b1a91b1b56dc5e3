"""Reads of places: scoped to the user (``visible_to``), and the public lists.

Places are public buildings and spots, not personal data: no read is logged. The public
pages read only places marked ``public``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from wijkkompas.accounts.access import can, get_in_scope, may_use
from wijkkompas.accounts.constants import Action

from .models import Place


def place_list(*, user: Any, neighbourhood: Any = None, kind: str = "") -> QuerySet[Place]:
    """Places of the user's municipality they may see, optionally of one neighbourhood or
    kind. Public places of other municipalities are left out: this is the municipality's
    list, not the public one."""
    places = Place.objects.visible_to(user).select_related("municipality", "neighbourhood")
    if not user.is_superuser:
        places = places.filter(municipality_id=user.municipality_id)
    if neighbourhood is not None:
        places = places.filter(neighbourhood=neighbourhood)
    if kind:
        places = places.filter(kind=kind)
    return places.order_by("name", "pk")


def place_get(*, user: Any, pk: int, action: str = Action.VIEW, request: Any = None) -> Place:
    """One place within the user's scope for ``action``, or 404 (the refusal is logged)."""
    return get_in_scope(
        Place.objects.select_related("municipality", "neighbourhood", "neighbourhood__district"),
        user,
        action,
        request=request,
        pk=pk,
    )


def place_area_names(*, user: Any, place: Place) -> dict[str, str]:
    """The names of the place's municipality and neighbourhood that the user may see.

    A public place of another municipality is visible to everyone, but the areas of that
    tenant are not: the page shows only what the user may see of them.
    """
    names = {}
    if can(user, Action.VIEW, place.municipality):
        names["municipality"] = place.municipality.name
    if place.neighbourhood is not None and can(user, Action.VIEW, place.neighbourhood):
        names["neighbourhood"] = place.neighbourhood.name
    return names


def may_create_place(*, user: Any) -> bool:
    """Whether the user may add places to their municipality (team roles, administrator)."""
    return may_use(user, Place, Action.CHANGE) and (
        user.is_superuser or user.municipality_id is not None
    )


def may_change_place(*, user: Any, place: Place) -> bool:
    return can(user, Action.CHANGE, place)


def public_places(*, neighbourhood: Any) -> QuerySet[Place]:
    """The public places of one neighbourhood, for the public pages (anyone)."""
    return (
        Place.objects.filter(neighbourhood=neighbourhood, public=True)
        .select_related("neighbourhood")
        .order_by("name", "pk")
    )


def place_choices(*, municipality_id: int | None) -> QuerySet[Place]:
    """Places of a municipality to choose from in forms (e.g. where an initiative meets)."""
    if municipality_id is None:
        return Place.objects.none()
    return Place.objects.filter(municipality_id=municipality_id).order_by("name", "pk")


def places_by_ids(*, ids: Any) -> dict[int, Place]:
    """Places by id (for other apps that hold a place id), in one query."""
    return {p.pk: p for p in Place.objects.filter(pk__in=list(ids))}
