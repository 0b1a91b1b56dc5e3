"""The comparison and the trend as sheets for CSV and Excel (``core.exports``): the same
figures as the pages (municipalities are counted, never people, so nothing is suppressed;
names only where the page names them)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from wijkkompas.core.exports import Sheet

from .constants import Side
from .selectors import Comparison, TrendRow


def _question(question: Any) -> list[Any]:
    return [question.order, question.text, question.left_pole, question.right_pole]


def comparison_sheets(result: Comparison) -> list[Sheet]:
    header = [
        _("Question number"),
        _("Question"),
        _("Left pole (1)"),
        _("Right pole (5)"),
        _("Answer"),
        *[_("Point %(point)s") % {"point": point} for point in range(1, 6)],
        _("Municipalities"),
    ]
    if result.own_included:
        header.append(_("Your municipality"))
    rows: list[list[Any]] = []
    for dist in result.distributions:
        for side, counts, own in (
            (Side.REALITY.label, dist.reality, dist.own_reality),
            (Side.WISH.label, dist.wish, dist.own_wish),
        ):
            row = [*_question(dist.question), str(side), *counts, sum(counts)]
            if result.own_included:
                row.append(own if own is not None else "")
            rows.append(row)
    sheets = [Sheet(_("Distribution"), header, rows)]
    if result.named:
        named_header = [_("Municipality")]
        for question in result.questions:
            named_header += [
                f"{question.order} {Side.REALITY.label}",
                f"{question.order} {Side.WISH.label}",
            ]
        named_rows = []
        for named in result.named:
            cells: list[Any] = [named.name]
            for reality, wish in named.cells:
                cells += [reality if reality is not None else "", wish if wish is not None else ""]
            named_rows.append(cells)
        sheets.append(Sheet(_("Municipalities"), named_header, named_rows))
    return sheets


def comparison_sheets_empty() -> list[Sheet]:
    """No round yet: the distribution's header without rows."""
    return [Sheet(_("Distribution"), [_("Question number"), _("Question")], [])]


def trend_sheet(rows: list[TrendRow]) -> Sheet:
    header = [
        _("Question number"),
        _("Question"),
        _("Left pole (1)"),
        _("Right pole (5)"),
        _("Round"),
        _("Municipalities"),
        _("Mean reality"),
        _("Median reality"),
        _("Mean wish"),
        _("Median wish"),
        _("Your reality"),
        _("Your wish"),
    ]
    out: list[list[Any]] = []
    for row in rows:
        for cell in row.cells:
            values = (
                cell.mean_reality,
                cell.median_reality,
                cell.mean_wish,
                cell.median_wish,
                cell.own_reality,
                cell.own_wish,
            )
            out.append(
                [
                    *_question(row.question),
                    cell.round.name,
                    cell.count,
                    *["" if v is None else v for v in values],
                ]
            )
    return Sheet(_("Change between rounds"), header, out)
