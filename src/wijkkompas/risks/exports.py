"""A team's risk register as a sheet for CSV and Excel (``core.exports``): the same rows and
columns as the register page, every risk (not one page of them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from wijkkompas.core.exports import Sheet


def _LEVELS() -> dict[str, str]:  # noqa: N802 - a table, translated when called
    return {"high": _("High"), "medium": _("Medium"), "low": _("Low")}


def register_sheet(risks: Iterable[Any]) -> Sheet:
    header = [
        _("Risk"),
        _("Category"),
        _("Likelihood"),
        _("Impact"),
        _("Score"),
        _("Level"),
        _("Owner"),
        _("Next review"),
        _("Overdue"),
        _("Status"),
    ]
    rows = [
        [
            risk.title,
            risk.get_category_display(),
            risk.likelihood,
            risk.impact,
            risk.risk_score,
            _LEVELS().get(risk.level, risk.level),
            (risk.owner.get_full_name() or risk.owner.username) if risk.owner else "",
            risk.review_date,
            bool(risk.is_overdue),
            risk.get_status_display(),
        ]
        for risk in risks
    ]
    return Sheet(_("Risk register"), header, rows)
