"""Template tags of the plan pages. Load with ``{% load plan_tags %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkkompas.plans.constants import DueState

register = template.Library()

_BADGES = {
    DueState.OVERDUE: "danger",
    DueState.DUE_SOON: "warning",
    DueState.PLANNED: "neutral",
    DueState.NO_DATE: "neutral",
}


def due_text(state: str, days_left: int | None) -> str:
    """ "3 days overdue", "today", "in 5 days" or "" (planned far ahead, or no date)."""
    if days_left is None:
        return ""
    if state == DueState.OVERDUE:
        days = -days_left
        return ngettext("%(days)d day overdue", "%(days)d days overdue", days) % {"days": days}
    if state == DueState.DUE_SOON:
        if days_left == 0:
            return _("today")
        return ngettext("in %(days)d day", "in %(days)d days", days_left) % {"days": days_left}
    return ""


@register.inclusion_tag("plans/_due.html")
def due_badge(state: str, days_left: int | None) -> dict[str, Any]:
    """Where an item stands against its date, in words (a status badge with its text, and
    the number of days): never by colour only.

    Usage::

        {% load plan_tags %}
        {% due_badge row.state row.days_left %}

    Variables:
        state -- a ``plans.constants.DueState`` value (overdue, due_soon, planned, no_date).
        days_left -- days until the date (negative when overdue), or None without a date.
    """
    return {
        "label": str(DueState(state).label),
        "badge": _BADGES.get(DueState(state), "neutral"),
        "text": due_text(state, days_left),
    }
