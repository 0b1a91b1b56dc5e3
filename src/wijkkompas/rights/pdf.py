"""The PDF rendering of an access export: the same data as the JSON, for reading.

ReportLab (pip-installable, no system libraries) renders a heading per part and a table of
labels and values per item. Text is escaped before it reaches ReportLab's paragraph markup.
The font is DejaVu Sans when the system has it (wide Unicode coverage), else the Vera font
that ships with ReportLab; both are embedded.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _

from .labels import label_for

_FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
_font_name: str | None = None


def _font() -> str:
    global _font_name
    if _font_name is None:
        import reportlab
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        path = next((p for p in _FONT_CANDIDATES if p.exists()), None)
        if path is None:
            path = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
        pdfmetrics.registerFont(TTFont("WKSans", str(path)))
        _font_name = "WKSans"
    return _font_name


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return ", ".join(_text(v) for v in value) or "—"
    return str(value)


def render_pdf(data: dict[str, Any], *, title: str) -> bytes:
    """A PDF of ``data``: every top-level part a section, lists of records as tables."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    styles = getSampleStyleSheet()
    for name in ("Title", "Heading2", "Heading3", "BodyText"):
        styles[name].fontName = font
    body = styles["BodyText"]
    width = A4[0] - 40 * mm

    def para(value: Any) -> Any:
        return Paragraph(escape(_text(value)).replace("\n", "<br/>"), body)

    def record(item: dict[str, Any]) -> list[Any]:
        rows = []
        nested: list[Any] = []
        for key, value in item.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                nested += [Paragraph(escape(str(label_for(key))), styles["Heading3"])]
                for sub in value:
                    nested += record(sub)
            elif isinstance(value, dict):
                nested += [Paragraph(escape(str(label_for(key))), styles["Heading3"])]
                nested += record(value)
            else:
                rows.append([para(label_for(key)), para(value)])
        flow: list[Any] = []
        if rows:
            table = Table(rows, colWidths=[width * 0.32, width * 0.68], repeatRows=0)
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                    ]
                )
            )
            flow += [table, Spacer(1, 3 * mm)]
        return flow + nested

    story: list[Any] = [Paragraph(escape(title), styles["Title"])]
    for key, value in data.items():
        story.append(Paragraph(escape(str(label_for(key))), styles["Heading2"]))
        if isinstance(value, dict):
            story += record(value)
        elif isinstance(value, list):
            if not value:
                story.append(para(_("Nothing recorded.")))
            for item in value:
                story += record(item) if isinstance(item, dict) else [para(item)]
        else:
            story.append(para(value))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="Wijkkompas",
        lang="nl",
    )
    document.build(story)
    return buffer.getvalue()
