"""Reads of the areas domain: municipalities, districts and neighbourhoods in scope.

Areas are public CBS data, not personal data: nothing here is logged.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

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


def neighbourhood_list(*, user: Any) -> QuerySet[Neighbourhood]:
    """Neighbourhoods the user may see, with district and municipality, in the order of
    municipality name and CBS code (the index of the neighbourhood pages)."""
    return (
        Neighbourhood.objects.visible_to(user)
        .select_related("district", "district__municipality")
        .order_by("district__municipality__name", "district__code", "code")
    )


def neighbourhood_get_by_code(
    *, user: Any, code: str, action: str = Action.VIEW, request: Any = None
) -> Neighbourhood:
    """One neighbourhood by its CBS code, in the user's scope for ``action``, or 404."""
    return get_in_scope(
        Neighbourhood.objects.select_related("district", "district__municipality"),
        user,
        action,
        request=request,
        code=code,
    )


def public_municipality_list() -> QuerySet[Municipality]:
    """Every municipality with at least one neighbourhood (public CBS data, for the public
    neighbourhood pages: names and codes only)."""
    return Municipality.objects.filter(districts__neighbourhoods__isnull=False).distinct()


def public_neighbourhood_list(*, municipality_code: str) -> QuerySet[Neighbourhood]:
    """The neighbourhoods of one municipality by its CBS code (public CBS data)."""
    return (
        Neighbourhood.objects.filter(district__municipality__code=municipality_code)
        .select_related("district", "district__municipality")
        .order_by("district__code", "code")
    )


def public_neighbourhood_get(*, code: str) -> Neighbourhood:
    """One neighbourhood by its CBS code for the public pages (public CBS data), or 404."""
    found = (
        Neighbourhood.objects.select_related("district", "district__municipality")
        .filter(code=code)
        .first()
    )
    if found is None:
        raise Http404
    return found


def circle_municipalities(*, include_municipality_id: int | None = None) -> list[dict[str, Any]]:
    """The municipalities of the knowledge circle: those that share their aggregates, plus
    ``include_municipality_id`` (the viewer's own), as plain values (id, code, name, whether
    it shares), in one query. The caller decides whom it may name."""
    from django.db.models import Q

    where = Q(shares_aggregates=True)
    if include_municipality_id is not None:
        where |= Q(pk=include_municipality_id)
    rows: Any = (
        Municipality.objects.filter(where)
        .values("pk", "code", "name", "shares_aggregates")
        .order_by("name", "pk")
    )
    return [dict(row) for row in rows]
