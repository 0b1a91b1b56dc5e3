"""The client's IP address, as seen through the configured number of trusted proxies.

Used by django-axes (``AXES_CLIENT_IP_CALLABLE``) and by the audit log, so that the
lockout and the log agree on who made a request.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: Any) -> str | None:
    """REMOTE_ADDR, or with ``WIJKKOMPAS_TRUSTED_PROXY_COUNT`` = n > 0, the address the
    outermost trusted proxy saw (the n-th entry from the right of X-Forwarded-For).

    Entries further left are set by the client and cannot be trusted.
    """
    if request is None:
        return None
    meta = getattr(request, "META", {})
    count = getattr(settings, "WIJKKOMPAS_TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [p for p in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= count:
            address = _valid(forwarded[-count])
            if address:
                return address
    return _valid(meta.get("REMOTE_ADDR", "") or "")
