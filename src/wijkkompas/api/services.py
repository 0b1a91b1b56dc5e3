"""Changes to API clients: create one (its token shown once) and revoke it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import require
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core.exceptions import ApplicationError, full_clean_or_refuse

from .constants import DEMO_API_TOKEN, ApiScope
from .models import ApiClient
from .tokens import hash_token, new_token


@transaction.atomic
def api_client_create(
    *,
    user: Any,
    name: str,
    account: Any,
    scopes: Iterable[str],
    organisation: Any = None,
    request: Any = None,
) -> tuple[ApiClient, str]:
    """A new client of ``user``'s municipality acting as ``account``; returns the client and
    its token, which is not stored and cannot be shown again."""
    municipality_id = user.municipality_id
    if not user.is_superuser and account.municipality_id != municipality_id:
        raise ApplicationError(
            _("The account must belong to your own municipality."), field="account"
        )
    if organisation is not None and organisation.municipality_id != account.municipality_id:
        raise ApplicationError(
            _("The organisation must belong to the same municipality."), field="organisation"
        )
    chosen = sorted(set(scopes))
    unknown = [s for s in chosen if s not in ApiScope.values]
    if unknown or not chosen:
        raise ApplicationError(_("Choose at least one known scope."), field="scopes")
    token, prefix, digest = new_token()
    client = ApiClient(
        municipality_id=account.municipality_id,
        organisation=organisation,
        name=name.strip(),
        account=account,
        scopes=chosen,
        token_prefix=prefix,
        token_hash=digest,
        created_by=user,
    )
    full_clean_or_refuse(client)
    client.save()
    # Inside the transaction: refused (and rolled back) outside the user's municipality.
    require(user, Action.CHANGE, client)
    log_access(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.ADMINISTRATION,
        obj=client,
        request=request,
    )
    return client, token


@transaction.atomic
def api_client_revoke(*, user: Any, client: ApiClient, request: Any = None) -> ApiClient:
    """Revoke ``client``: its token is refused from the next request on."""
    require(user, Action.CHANGE, client)
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        log_access(
            user=user,
            action=Event.UPDATE,
            purpose=Purpose.ADMINISTRATION,
            obj=client,
            request=request,
        )
    return client


@transaction.atomic
def demo_api_client_ensure(
    *, name: str, account: Any, scopes: Iterable[str], organisation: Any = None
) -> ApiClient:
    """The demo's API client with the public demo token (idempotent). For the demo loader
    only: refuses any account that is not a demo account, because a known token protects
    nothing."""
    if not account.is_demo:
        raise ApplicationError(_("A known API token is only for demo accounts."))
    prefix = DEMO_API_TOKEN.split("_")[1]
    client = ApiClient.objects.filter(token_prefix=prefix).first() or ApiClient(token_prefix=prefix)
    client.municipality_id = account.municipality_id
    client.organisation = organisation
    client.name = name
    client.account = account
    client.scopes = sorted(set(scopes))
    client.token_hash = hash_token(DEMO_API_TOKEN)
    client.revoked_at = None
    full_clean_or_refuse(client)
    client.save()
    return client
