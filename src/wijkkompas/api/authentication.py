"""Token authentication for systems (``Authorization: Token wk_…`` or ``Bearer wk_…``).

The request runs as the client's account, so the one permission layer decides what the
system sees; ``request.auth`` is the :class:`~wijkkompas.api.models.ApiClient`, whose scopes
:class:`~wijkkompas.api.permissions.ApiPermission` checks. Browsers use the session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import ApiClient
from .tokens import hash_token

#: ``last_used_at`` is written at most this often per client (not on every request).
_LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class ApiClientAuthentication(BaseAuthentication):
    keywords = (b"token", b"bearer")

    def authenticate(self, request: Any) -> tuple[Any, ApiClient] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header holds no token."))
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from exc
        client = (
            ApiClient.objects.select_related("account")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if client is None or not client.account.is_active:
            raise exceptions.AuthenticationFailed(_("The token is not valid or was revoked."))
        now = timezone.now()
        if client.last_used_at is None or now - client.last_used_at > _LAST_USED_RESOLUTION:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return client.account, client

    def authenticate_header(self, request: Any) -> str:
        return 'Token realm="api"'
