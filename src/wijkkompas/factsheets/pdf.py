"""The PDF of a factsheet: the same template content as the page, laid out by WeasyPrint.

WeasyPrint needs Pango and HarfBuzz (Debian packages; ``make pdf-deps``) and a font
(DejaVu Sans). It never fetches anything: the stylesheet is read from the app's static
files and passed to WeasyPrint as a stylesheet (not inlined in the template, which stays
free of inline styles like every template), and every other URL is refused, so no request
leaves the server.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from . import charts
from .selectors import Factsheet

STYLESHEET = "factsheets/factsheet.css"


@cache
def _stylesheet() -> str:
    path = finders.find(STYLESHEET)
    if not path:  # pragma: no cover - the file ships with the app
        return ""
    return Path(str(path)).read_text(encoding="utf-8")


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError("The factsheet PDF loads nothing from outside.")


def context(factsheet: Factsheet) -> dict[str, Any]:
    """What the templates of the page and the PDF share."""
    return {"factsheet": factsheet, "charts": factsheet_charts(factsheet)}


def factsheet_charts(factsheet: Factsheet) -> dict[str, Any]:
    """The charts of a factsheet, by the key of the table they draw (the first value column
    of the tables of organisations per ring, teams per type and teams per positioning)."""
    from django.utils.translation import gettext as _

    specs = {
        "rings": (_("Organisations per ring"), _("the number of organisations per ring")),
        "types": (_("Teams per type"), _("the number of teams per type")),
        "positioning": (
            _("Teams per positioning"),
            _("the number of teams per positioning, from the zeroth to the second line"),
        ),
    }
    found: dict[str, Any] = {}
    for key, (title, what) in specs.items():
        table = factsheet.table(key)
        chart = None
        if table is not None:
            description = _("Bars of %(what)s; the table below has the same numbers.") % {
                "what": what
            }
            chart = charts.bar_chart(table, column=0, title=title, description=description)
        if chart is not None:
            found[key] = chart
    return found


def render_html(factsheet: Factsheet) -> str:
    return render_to_string("factsheets/pdf.html", context(factsheet))


def render_document(factsheet: Factsheet) -> Any:
    """WeasyPrint's laid-out document of ``factsheet`` (pages and boxes)."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(string=_stylesheet(), url_fetcher=_no_fetch)
    return HTML(string=render_html(factsheet), url_fetcher=_no_fetch).render(
        stylesheets=[stylesheet]
    )


def render_pdf(factsheet: Factsheet) -> tuple[bytes, int]:
    """The PDF of ``factsheet`` and its number of pages."""
    document = render_document(factsheet)
    return document.write_pdf(), len(document.pages)
