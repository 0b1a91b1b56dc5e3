"""Exports: formula injection is neutralised, CSV opens in a Dutch spreadsheet, Excel has
every sheet, and an unknown format is refused in Dutch."""

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exports import (
    Sheet,
    csv_bytes,
    export_format,
    export_response,
    file_name,
    safe_cell,
)

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_starts_are_written_as_text(text):
    assert safe_cell(text) == "'" + text


def test_numbers_and_dates_stay_values():
    assert safe_cell(-5) == -5
    assert safe_cell(2.5) == 2.5
    assert safe_cell(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert safe_cell(None) == ""
    assert safe_cell("gewone tekst") == "gewone tekst"


def test_csv_has_bom_semicolons_and_escaped_cells():
    body = csv_bytes(Sheet("x", ["Naam", "Waarde"], [["=1+1", 3], ["a;b", 4]])).decode("utf-8")
    assert body.startswith("\ufeffNaam;Waarde\r\n")
    assert "'=1+1;3" in body
    assert '"a;b";4' in body


def test_excel_has_every_sheet_and_no_formula():
    sheets = [
        Sheet("Indicatoren", ["Indicator", "Waarde"], [["=cmd|' /C calc'!A0", 12]]),
        Sheet("Definities", ["Indicator", "Definitie"], [["gesprekken", "Aantal gesprekken"]]),
        Sheet("Indicatoren", ["x"], [["dubbele naam"]]),
    ]
    response = export_response(filename="Indicatoren Oldebroek", fmt="xlsx", sheets=sheets)
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="indicatoren-oldebroek-')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Indicatoren", "Definities", "Indicatoren (2)"]
    cell = book["Indicatoren"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == "'=cmd|' /C calc'!A0"
    assert book["Indicatoren"]["B2"].value == 12


def test_unknown_format_is_refused_in_dutch():
    with pytest.raises(ApplicationError) as refused:
        export_format("pdf")
    with translation.override("nl"):
        assert "Kies CSV of Excel" in str(refused.value.message)


def test_file_name_is_a_slug():
    assert file_name("Wijk 'De Zuid'!", "csv", today=dt.date(2026, 1, 2)) == (
        "wijk-de-zuid-2026-01-02.csv"
    )
