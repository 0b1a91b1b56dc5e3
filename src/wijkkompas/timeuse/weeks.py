"""ISO weeks: how a week is named in the forms, pages, URLs and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .constants import WEEKS_BACK

# --- weeks -------------------------------------------------------------------------------


def monday_of(day: dt.date) -> dt.date:
    """The Monday of the ISO week ``day`` falls in."""
    return day - dt.timedelta(days=day.isoweekday() - 1)


def this_week() -> dt.date:
    return monday_of(timezone.localdate())


def week_key(monday: dt.date) -> str:
    """ "2026-W48": how a week is named in URLs, forms and the API."""
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(value: Any) -> dt.date | None:
    """The Monday of ``"2026-W48"`` (or of an ISO date), or None for anything else."""
    text = str(value or "").strip()
    try:
        if "-W" in text.upper():
            year, week = text.upper().split("-W", 1)
            return dt.date.fromisocalendar(int(year), int(week), 1)
        return monday_of(dt.date.fromisoformat(text))
    except (TypeError, ValueError):
        return None


def week_label(monday: dt.date) -> str:
    """ "week 48 (23 november 2026)"."""
    return str(
        _("week %(number)s (%(day)s)")
        % {"number": monday.isocalendar()[1], "day": date_format(monday, "j F Y")}
    )


def recordable_weeks(*, today: dt.date | None = None) -> list[dt.date]:
    """The weeks a member may record or correct: this week and ``WEEKS_BACK`` before it,
    newest first."""
    current = monday_of(today or timezone.localdate())
    return [current - dt.timedelta(weeks=n) for n in range(WEEKS_BACK + 1)]
