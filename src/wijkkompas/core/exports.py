"""Exports of tables to CSV and Excel, safe against formula injection.

Every table and dashboard of the platform exports through :func:`export_response`, so the
protections are in one place:

* **formula injection** (OWASP "CSV injection"): a text cell that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is written with a leading apostrophe, so a
  spreadsheet shows it as text and never runs it. Numbers stay numbers.
* **CSV for Dutch spreadsheets**: UTF-8 with a byte order mark and ``;`` as separator, the
  way Excel in a Dutch locale opens it with a double click. A CSV holds one table: the
  first sheet (the definitions are in the Excel file's second sheet).
* **Excel** (openpyxl): one worksheet per :class:`Sheet`, header row in bold and frozen,
  column widths that fit the text.
* **file names** are built from a slug and a date, never from personal data.

Usage::

    sheets = [
        Sheet(_("Indicators"), [_("Indicator"), _("Value")], rows),
        Sheet(_("Definitions"), [_("Indicator"), _("Definition")], definitions),
    ]
    return export_response(filename="indicatoren-oldebroek", fmt="xlsx", sheets=sheets)

The view decides what the role may see (suppressed counts for non-case roles) and logs any
personal data it exports; this module only writes what it is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .exceptions import ApplicationError

#: The formats an export can take (query parameter ``formaat``).
CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)

CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: The first characters that make a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Excel's limit on a sheet title.
_TITLE_MAX = 31


@dataclass(frozen=True)
class Sheet:
    """One table: a title (the worksheet's name), the header and the rows."""

    title: Any
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]


def safe_cell(value: Any) -> Any:
    """The value as written to a file: numbers and dates as they are, text escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def export_format(value: str | None) -> str:
    """The requested format, or a Dutch error for an unknown one."""
    fmt = (value or "").strip().lower()
    if fmt not in FORMATS:
        raise ApplicationError(_("Choose CSV or Excel as the export format."))
    return fmt


def file_name(slug: str, fmt: str, *, today: dt.date | None = None) -> str:
    """``<slug>-<date>.<ext>``, ASCII only."""
    day = (today or dt.date.today()).isoformat()
    return f"{slugify(slug) or 'export'}-{day}.{fmt}"


def csv_bytes(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in sheet.header])
    for row in sheet.rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for index, sheet in enumerate(sheets):
        title = _sheet_title(str(sheet.title), index, used)
        ws = book.create_sheet(title)
        ws.append([safe_cell(h) for h in sheet.header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) for h in sheet.header]
        for row in sheet.rows:
            values = [safe_cell(v) for v in row]
            ws.append(values)
            for i, value in enumerate(values):
                length = len(str(value))
                if i < len(widths):
                    widths[i] = max(widths[i], length)
                else:
                    widths.append(length)
        # Text cells are written as text (openpyxl would otherwise read "=…" as a formula).
        for row_cells in ws.iter_rows(min_row=1):
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        ws.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 80)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str, index: int, used: set[str]) -> str:
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()[:_TITLE_MAX]
    clean = clean or f"Blad {index + 1}"
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = clean[: _TITLE_MAX - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def export_response(*, filename: str, fmt: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """A download of ``sheets`` as CSV (the first sheet) or Excel (every sheet)."""
    if not sheets:
        raise ValueError("An export needs at least one sheet.")
    fmt = export_format(fmt)
    body = csv_bytes(sheets[0]) if fmt == CSV else xlsx_bytes(sheets)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(filename, fmt)}"'
    response["Cache-Control"] = "no-store"
    return response
