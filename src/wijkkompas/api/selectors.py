"""Reads of API clients for the administrators' page (/api/koppelingen/).

The list and every client are read through the permission layer (the functional
administrator and the privacy officer of the municipality; 404 outside it), and each read
is logged, as the services log each write: the page names the accounts systems act as.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from wijkkompas.accounts.access import get_in_scope, restrict
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access

from .models import ApiClient


def api_client_list(*, user: Any, request: Any = None) -> list[ApiClient]:
    """The clients of the user's municipality (revoked ones last), logged."""
    clients = list(
        restrict(ApiClient.objects.all(), user, Action.VIEW)
        .select_related("organisation", "account", "created_by")
        .order_by("revoked_at", "name", "pk")
    )
    if clients:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.ADMINISTRATION,
            objects=clients,
            model=ApiClient,
            request=request,
        )
    return clients


def api_client_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> ApiClient:
    """One client in the user's scope for ``action``, or 404 (the refusal is logged)."""
    client = cast(
        ApiClient,
        get_in_scope(
            ApiClient.objects.select_related("organisation", "account"),
            user,
            action,
            request=request,
            pk=pk,
        ),
    )
    log_access(
        user=user, action=Event.READ, purpose=Purpose.ADMINISTRATION, obj=client, request=request
    )
    return client


def account_choices(*, user: Any) -> QuerySet[Any]:
    """The active accounts of the user's municipality a system may act as."""
    accounts = get_user_model().objects.filter(is_active=True)
    if not user.is_superuser:
        accounts = accounts.filter(municipality_id=user.municipality_id)
    return accounts.order_by("username")


def organisation_choices(*, user: Any) -> QuerySet[Any]:
    """The organisations of the user's municipality whose system a client may be."""
    model = ApiClient._meta.get_field("organisation").related_model
    organisations = restrict(model._default_manager.all(), user, Action.VIEW)  # type: ignore[union-attr]
    if not user.is_superuser:
        organisations = organisations.filter(municipality_id=user.municipality_id)
    return organisations.order_by("name")
