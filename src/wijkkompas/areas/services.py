"""Writes of the areas domain: municipalities, districts and neighbourhoods.

Only the functional administrator changes areas (of their own municipality); a new
municipality (a new tenant) is created by the operator (superuser). CBS codes are
checked for their form and for belonging to the parent area.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.constants import Action
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from .constants import SHARING_ROLES
from .models import District, Municipality, Neighbourhood
from .signals import area_changed, sharing_changed
from .validators import validate_cbs_code


def _normalise_code(prefix: str, code: str) -> str:
    value = (code or "").strip().upper().replace(" ", "")
    try:
        validate_cbs_code(prefix, value)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field="code") from exc
    return value


def _refuse_taken_code(model: type[models.Model], code: str, pk: int | None) -> None:
    if model._default_manager.filter(code=code).exclude(pk=pk).exists():
        raise ApplicationError(
            _("The CBS code %(code)s is already in use.") % {"code": code}, field="code"
        )


# --- municipality ---------------------------------------------------------------------


@transaction.atomic
def municipality_create(
    *, user: Any, code: str, name: str, province: str = "", shares_aggregates: bool = False
) -> Municipality:
    """Create a municipality (a new tenant). Only the operator (superuser) may."""
    if not getattr(user, "is_superuser", False):
        raise PermissionDenied
    code = _normalise_code("GM", code)
    _refuse_taken_code(Municipality, code, None)
    municipality = Municipality(
        code=code, name=name.strip(), province=province.strip(), shares_aggregates=shares_aggregates
    )
    _full_clean(municipality)
    municipality.save()
    if shares_aggregates:
        sharing_changed.send(
            sender=Municipality, municipality=municipality, shares=True, user=user, note=""
        )
    return municipality


@transaction.atomic
def municipality_update(
    *,
    user: Any,
    municipality: Municipality,
    name: str,
    province: str = "",
    shares_aggregates: bool = False,
    code: str | None = None,
) -> Municipality:
    """Change a municipality's name, province and sharing choice (and code, if it has no
    districts yet: district codes are derived from it)."""
    _require(user, Action.CHANGE, municipality)
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if code is not None:
        code = _normalise_code("GM", code)
        if code != municipality.code:
            if municipality.districts.exists():
                raise ApplicationError(
                    _("The CBS code cannot change while the municipality has districts."),
                    field="code",
                )
            _refuse_taken_code(Municipality, code, municipality.pk)
            municipality.code = code
    municipality.name = name.strip()
    municipality.province = province.strip()
    changed = municipality.shares_aggregates != shares_aggregates
    municipality.shares_aggregates = shares_aggregates
    _full_clean(municipality)
    municipality.save()
    if changed:
        sharing_changed.send(
            sender=Municipality,
            municipality=municipality,
            shares=shares_aggregates,
            user=user,
            note="",
        )
    return municipality


@transaction.atomic
def municipality_set_sharing(
    *, user: Any, municipality: Municipality, shares: bool, note: str = ""
) -> Municipality:
    """Opt in to (or out of) sharing the municipality's aggregates with the knowledge
    circle. The policy officer and the functional administrator of the municipality choose
    (and the operator); the choice takes effect at once and is recorded in the circle's
    history (``sharing_changed``). Choosing what is already chosen changes nothing."""
    if not (
        getattr(user, "is_superuser", False)
        or (
            getattr(user, "role", None) in SHARING_ROLES
            and getattr(user, "municipality_id", None) == municipality.pk
        )
    ):
        raise PermissionDenied
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if municipality.shares_aggregates == bool(shares):
        return municipality
    municipality.shares_aggregates = bool(shares)
    municipality.save(update_fields=["shares_aggregates"])
    sharing_changed.send(
        sender=Municipality,
        municipality=municipality,
        shares=bool(shares),
        user=user,
        note=(note or "").strip(),
    )
    return municipality


# --- district ---------------------------------------------------------------------------


@transaction.atomic
def district_create(*, user: Any, municipality: Municipality, code: str, name: str) -> District:
    """Add a district (wijk) to a municipality; its code is WK + the municipality's digits."""
    _require(user, Action.CHANGE, municipality)
    code = _normalise_code("WK", code)
    _refuse_taken_code(District, code, None)
    district = District(municipality=municipality, code=code, name=name.strip())
    _full_clean(district)
    district.save()
    return district


@transaction.atomic
def district_update(*, user: Any, district: District, code: str, name: str) -> District:
    """Rename a district or correct its code (not while it has neighbourhoods)."""
    _require(user, Action.CHANGE, district)
    district = (
        District.objects.select_for_update().select_related("municipality").get(pk=district.pk)
    )
    code = _normalise_code("WK", code)
    if code != district.code:
        if district.neighbourhoods.exists():
            raise ApplicationError(
                _("The CBS code cannot change while the district has neighbourhoods."),
                field="code",
            )
        _refuse_taken_code(District, code, district.pk)
        district.code = code
    district.name = name.strip()
    _full_clean(district)
    district.save()
    area_changed.send(sender=District, district_id=district.pk)
    return district


# --- neighbourhood ------------------------------------------------------------------


@transaction.atomic
def neighbourhood_create(*, user: Any, district: District, code: str, name: str) -> Neighbourhood:
    """Add a neighbourhood (buurt) to a district; its code is BU + the district's digits."""
    _require(user, Action.CHANGE, district)
    code = _normalise_code("BU", code)
    _refuse_taken_code(Neighbourhood, code, None)
    neighbourhood = Neighbourhood(district=district, code=code, name=name.strip())
    _full_clean(neighbourhood)
    neighbourhood.save()
    return neighbourhood


@transaction.atomic
def neighbourhood_update(
    *, user: Any, neighbourhood: Neighbourhood, code: str, name: str
) -> Neighbourhood:
    """Rename a neighbourhood or correct its code."""
    _require(user, Action.CHANGE, neighbourhood)
    neighbourhood = (
        Neighbourhood.objects.select_for_update()
        .select_related("district")
        .get(pk=neighbourhood.pk)
    )
    code = _normalise_code("BU", code)
    if code != neighbourhood.code:
        _refuse_taken_code(Neighbourhood, code, neighbourhood.pk)
        neighbourhood.code = code
    neighbourhood.name = name.strip()
    _full_clean(neighbourhood)
    neighbourhood.save()
    area_changed.send(sender=Neighbourhood, neighbourhood_id=neighbourhood.pk)
    return neighbourhood
