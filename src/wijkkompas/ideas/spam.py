"""Spam protection of the public idea forms, without third-party services.

Three checks, each with a clear message and nothing saved:

* a **honeypot** field (:data:`~.constants.HONEYPOT_FIELD`), hidden from people (and from
  screen readers), that bots fill in;
* a **signed timestamp token** in the form: a form sent sooner than
  :data:`~.constants.MIN_FILL_TIME` after it was shown was not filled in by a person, and a
  token older than :data:`~.constants.MAX_FORM_AGE` or tampered with is refused;
* a **rate limit** per IP address and per session through Django's cache
  (:data:`~.constants.RATE_LIMIT_COUNT` sends per :data:`~.constants.RATE_LIMIT_WINDOW`).

The IP address is used only as a cache key (hashed), never stored or logged.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from wijkkompas.accounts.client_ip import client_ip
from wijkkompas.core.exceptions import ApplicationError

from .constants import MAX_FORM_AGE, MIN_FILL_TIME, RATE_LIMIT_COUNT, RATE_LIMIT_WINDOW

_SALT = "wijkkompas.ideas.form-token"


def min_fill_seconds() -> float:
    """The minimum fill time: ``WIJKKOMPAS_IDEA_FORM_MIN_SECONDS`` or ``MIN_FILL_TIME``
    (a browser test that types at machine speed may lower it in its settings)."""
    value = getattr(settings, "WIJKKOMPAS_IDEA_FORM_MIN_SECONDS", None)
    return float(value) if value is not None else MIN_FILL_TIME.total_seconds()


def form_token(*, now: float | None = None) -> str:
    """A signed token holding the time the form was shown."""
    shown = now if now is not None else time.time()
    return signing.dumps({"t": round(shown, 3)}, salt=_SALT)


def check_token(token: str, *, now: float | None = None) -> None:
    """Refuse a form sent too fast, too late, or with a token that is not ours."""
    try:
        data = signing.loads(token or "", salt=_SALT)
        shown = float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ApplicationError(
            _("The form could not be checked. Load the page again and send it once more.")
        ) from None
    elapsed = (now if now is not None else time.time()) - shown
    if elapsed < min_fill_seconds():
        raise ApplicationError(
            _(
                "The form was sent very quickly, as computers do. Take a moment to check "
                "what you wrote and send it again."
            )
        )
    if elapsed > MAX_FORM_AGE.total_seconds():
        raise ApplicationError(
            _("The form has been open too long. Load the page again and send it once more.")
        )


def check_honeypot(value: str) -> None:
    """Refuse a form whose hidden field was filled in (only bots see it)."""
    if value:
        raise ApplicationError(
            _("The form could not be sent. Leave the field for computers empty and try again.")
        )


def _keys(request: Any) -> list[str]:
    keys = []
    ip = client_ip(request) or ""
    if ip:
        keys.append("ip:" + hashlib.sha256(ip.encode()).hexdigest()[:32])
    session = getattr(request, "session", None)
    if session is not None:
        if not session.session_key:
            session.save()
        keys.append("session:" + str(session.session_key))
    return [f"wijkkompas:ideas:rate:{key}" for key in keys]


def check_rate_limit(request: Any) -> None:
    """Refuse when this IP address or session sent too many forms recently."""
    for key in _keys(request):
        if int(cache.get(key, 0)) >= RATE_LIMIT_COUNT:
            raise ApplicationError(
                _(
                    "You have sent a lot in a short time. To keep out spam, wait an hour and "
                    "try again."
                )
            )


def count_submission(request: Any) -> None:
    """Count one successful send against this IP address and session."""
    timeout = int(RATE_LIMIT_WINDOW.total_seconds())
    for key in _keys(request):
        if cache.add(key, 1, timeout):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, timeout)


def check_all(*, request: Any, token: str, honeypot: str) -> None:
    """All checks of a public form, cheapest first."""
    check_honeypot(honeypot)
    check_token(token)
    check_rate_limit(request)
