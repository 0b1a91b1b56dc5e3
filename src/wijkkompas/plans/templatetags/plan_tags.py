"""Template tags of the plan pages. Load with ``{% load plan_tags %}``."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

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


@register.simple_tag
def due_badge(state: str, days_left: int | None) -> str:
    """Where an item stands against its date, in words (a status badge with its text, and
    the number of days): never by colour only.

    Usage::

        {% load plan_tags %}
        {% due_badge row.state row.days_left %}

    Variables:
        state -- a ``plans.constants.DueState`` value (overdue, due_soon, planned, no_date).
        days_left -- days until the date (negative when overdue), or None without a date.
    """
    return _due_badge(state, days_left, get_language())


@lru_cache(maxsize=1024)
def _due_badge(state: str, days_left: int | None, language: str | None) -> str:
    badge = format_html(
        '<span class="utrecht-status-badge utrecht-status-badge--{}">{}</span>',
        _BADGES.get(DueState(state), "neutral"),
        DueState(state).label,
    )
    text = due_text(state, days_left)
    return format_html("{} {}", badge, text) if text else badge
