"""Reads of the organisations domain: organisations in scope, filterable; disciplines.

Organisations are not personal data: nothing here is logged.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from wijkkompas.accounts.access import get_in_scope
from wijkkompas.accounts.constants import Action

from .models import Discipline, Organisation


def discipline_list() -> QuerySet[Discipline]:
    """Disciplines (reference data) in their shipped order."""
    return Discipline.objects.all()


def discipline_index() -> dict[int, tuple[str, str, int]]:
    """Every discipline by id: (name, usual craft, order). Reference data, one small query."""
    return {
        pk: (name, craft, order)
        for pk, name, craft, order in Discipline.objects.values_list(
            "pk", "name", "default_craft", "order"
        )
    }


def organisation_list(
    *,
    user: Any,
    municipality_id: int | None = None,
    discipline_id: int | None = None,
    craft: str = "",
    query: str = "",
) -> QuerySet[Organisation]:
    """Organisations the user may see, optionally filtered.

    The one filter definition used by the organisation overview (and later the API):
    by municipality, discipline, craft and a part of the name.
    """
    queryset = (
        Organisation.objects.visible_to(user)
        .select_related("discipline", "municipality")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("municipality__name", "name")
    )
    if municipality_id:
        queryset = queryset.filter(municipality_id=municipality_id)
    if discipline_id:
        queryset = queryset.filter(discipline_id=discipline_id)
    if craft:
        queryset = queryset.filter(craft=craft)
    if query:
        queryset = queryset.filter(Q(name__icontains=query) | Q(discipline__name__icontains=query))
    return queryset


def organisation_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> Organisation:
    """One organisation in the user's scope for ``action``, or 404 (refusal logged)."""
    return get_in_scope(
        Organisation.objects.select_related("discipline", "municipality").annotate(
            member_count=Count("memberships", distinct=True),
            partnership_count=Count("partnerships", distinct=True),
        ),
        user,
        action,
        request=request,
        pk=pk,
    )


def organisations_of(*, municipality_ids: Any) -> QuerySet[Organisation]:
    """Organisations of the given municipalities (choices for memberships and partners)."""
    return (
        Organisation.objects.filter(municipality_id__in=municipality_ids)
        .select_related("discipline")
        .order_by("name")
    )
