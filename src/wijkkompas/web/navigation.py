"""The main menu: only pages the user's role can use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import may_use
from wijkkompas.areas.models import Municipality
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.organisations.models import Organisation
from wijkkompas.teams.models import Team


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str | Promise
    description: str | Promise
    current: bool = False


_MENU = [
    (Team, "teams:list", _("Teams"), _("your teams, their network and shared perspective")),
    (Municipality, "areas:list", _("Areas"), _("municipality, districts and neighbourhoods")),
    (Organisation, "organisations:list", _("Organisations"), _("partners and their disciplines")),
    (AccessLogEntry, "audit:log", _("Access log"), _("who saw what, when and why")),
    (
        AccessLogEntry,
        "audit:security",
        _("Security overview"),
        _("refused accesses, failed logins and lockouts of the last 30 days"),
    ),
]


def nav_items(request: Any) -> list[NavItem]:
    """The menu items the user's role may use; the longest matching one is the current page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    allowed = [
        (reverse(url_name), label, description)
        for model, url_name, label, description in _MENU
        if may_use(user, model)
    ]
    if user.is_staff:
        allowed.append(
            (reverse("admin:index"), _("Administration"), _("accounts, roles and reference data"))
        )
    matches = [url for url, _, _ in allowed if request.path.startswith(url)]
    current = max(matches, key=len, default=None)
    return [NavItem(url, label, description, url == current) for url, label, description in allowed]
