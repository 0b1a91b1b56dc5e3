"""Writes of places (vindplekken, ontmoetingsplekken).

Rules (with the message the user sees):

* a place belongs to the municipality of the user who adds it; its neighbourhood lies in
  that municipality;
* a name is used once per municipality;
* the team roles and the administrator add and change places.

Every function checks permission, validates fully and runs in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import may_use
from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.constants import Action
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from .models import Place

#: The fields a user fills in.
PLACE_FIELDS = (
    "name",
    "kind",
    "neighbourhood",
    "address",
    "accessible",
    "description",
    "activities",
    "public",
)


def _check(place: Place) -> None:
    neighbourhood = place.neighbourhood
    if (
        neighbourhood is not None
        and neighbourhood.district.municipality_id != place.municipality_id
    ):
        raise ApplicationError(
            _("This neighbourhood is not in the municipality of the place."),
            field="neighbourhood",
        )
    if (
        Place.objects.filter(municipality_id=place.municipality_id, name__iexact=place.name.strip())
        .exclude(pk=place.pk)
        .exists()
    ):
        raise ApplicationError(
            _("There is already a place with this name in the municipality."), field="name"
        )
    _full_clean(place, exclude=["municipality"])


@transaction.atomic
def place_create(*, user: Any, municipality: Any = None, **fields: Any) -> Place:
    """Add a place to ``municipality`` (default: the user's own)."""
    if municipality is None:
        municipality = user.municipality
    if municipality is None or not may_use(user, Place, Action.CHANGE):
        raise PermissionDenied
    if not user.is_superuser and municipality.pk != user.municipality_id:
        raise PermissionDenied
    unknown = set(fields) - set(PLACE_FIELDS)
    if unknown:
        raise TypeError(f"unknown place fields: {sorted(unknown)}")
    place = Place(municipality=municipality, **fields)
    place.name = place.name.strip()
    _check(place)
    place.save()
    return place


@transaction.atomic
def place_update(*, user: Any, place: Place, **fields: Any) -> Place:
    """Change the fields of a place."""
    _require(user, Action.CHANGE, place)
    unknown = set(fields) - set(PLACE_FIELDS)
    if unknown:
        raise TypeError(f"unknown place fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(place, name, value)
    place.name = place.name.strip()
    _check(place)
    place.save()
    return place
