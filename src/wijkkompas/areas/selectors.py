"""Reads of the areas domain: municipalities, districts and neighbourhoods in scope.

Areas are public CBS data, not personal data: nothing here is logged.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from wijkkompas.accounts.access import get_in_scope
from wijkkompas.accounts.constants import Action

from .models import District, Municipality, Neighbourhood


def _get_or_404(queryset: QuerySet[Any], *, user: Any, action: str, request: Any, pk: int) -> Any:
    return get_in_scope(queryset, user, action, request=request, pk=pk)


def municipality_list(*, user: Any) -> QuerySet[Municipality]:
    """Municipalities the user may see, with their number of districts and neighbourhoods."""
    return Municipality.objects.visible_to(user).annotate(
        district_count=Count("districts", distinct=True),
        neighbourhood_count=Count("districts__neighbourhoods", distinct=True),
    )


def municipality_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> Municipality:
    """One municipality in the user's scope for ``action``, or 404 (refusal logged)."""
    return _get_or_404(Municipality.objects.all(), user=user, action=action, request=request, pk=pk)


def changeable_municipalities(*, user: Any) -> QuerySet[Municipality]:
    """Municipalities whose reference data and teams the user may change."""
    return Municipality.objects.changeable_by(user)


def district_list(*, user: Any, municipality: Municipality) -> QuerySet[District]:
    """Districts of a municipality with their neighbourhoods, in CBS code order."""
    return (
        District.objects.visible_to(user)
        .filter(municipality=municipality)
        .prefetch_related(
            Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("code"))
        )
        .order_by("code")
    )


def district_get(*, user: Any, pk: int, action: str = Action.VIEW, request: Any = None) -> District:
    """One district in the user's scope for ``action``, or 404."""
    return _get_or_404(
        District.objects.select_related("municipality"),
        user=user,
        action=action,
        request=request,
        pk=pk,
    )


def neighbourhood_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> Neighbourhood:
    """One neighbourhood in the user's scope for ``action``, or 404."""
    return _get_or_404(
        Neighbourhood.objects.select_related("district", "district__municipality"),
        user=user,
        action=action,
        request=request,
        pk=pk,
    )


def districts_of(*, municipality_ids: Any) -> QuerySet[District]:
    """Districts of the given municipalities (choices for the areas a team serves)."""
    return (
        District.objects.filter(municipality_id__in=municipality_ids)
        .select_related("municipality")
        .order_by("municipality__name", "code")
    )


def neighbourhoods_of(*, municipality_ids: Any) -> QuerySet[Neighbourhood]:
    """Neighbourhoods of the given municipalities (choices for the areas a team serves)."""
    return (
        Neighbourhood.objects.filter(district__municipality_id__in=municipality_ids)
        .select_related("district", "district__municipality")
        .order_by("district__municipality__name", "code")
    )
