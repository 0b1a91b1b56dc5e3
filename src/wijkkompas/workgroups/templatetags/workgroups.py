"""Template filters of the working-group sections shown on other apps' pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

register = template.Library()


@register.filter
def as_date(value: Any) -> Any:
    """A date kept as ISO text (a reflection's snapshot) as a date; a date stays a date.

    Usage::

        {% load workgroups components %}
        {{ lesson.closed_on|as_date|long_date }}

    Variables:
        value -- a ``datetime.date`` or ``"YYYY-MM-DD"``; anything else gives "".
    """
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return ""
