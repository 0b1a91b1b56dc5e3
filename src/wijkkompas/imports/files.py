"""Reading files exported by other systems: CSV (UTF-8 with or without BOM, or
Windows-1252; ``;``, ``,`` or tab detected) and Excel (.xlsx, read-only mode).

The file is checked before anything else is done with it: its size (from the upload,
before it is read), its type (by extension and by its first bytes), an empty file, a
binary file, its encoding (streamed, never read into memory whole). Rows are then read one
by one (:func:`rows`), as lists of cells (text, or a date from Excel).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.storage import disk_full_error, is_disk_full

from .constants import CSV, EXTENSIONS, XLSX

#: Bytes read at a time while checking the encoding.
BLOCK = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
#: Cells longer than this are refused (no field of any import is longer).
MAX_CELL = 10_000

csv.field_size_limit(MAX_CELL * 2)


def file_format(name: str) -> str:
    """``csv`` or ``xlsx`` from the file name; anything else is refused."""
    suffix = Path(name or "").suffix.lower()
    found = EXTENSIONS.get(suffix)
    if found is None:
        raise ApplicationError(
            _(
                "This kind of file cannot be imported. Save it as CSV (.csv) or Excel "
                "(.xlsx) and try again."
            ),
            field="file",
        )
    return found


def detect_encoding(path: Path) -> str:
    """The encoding of a CSV file: ``utf-8-sig`` (with or without BOM) or ``cp1252``.

    Refuses an empty file, a binary file (NUL bytes, or an Excel or zip file with a CSV
    name) and text in another encoding. Streams the file: memory stays small whatever its
    size."""
    with path.open("rb") as handle:
        head = handle.read(BLOCK)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ApplicationError(_("The file is empty."), field="file")
    if head.startswith(ZIP_MAGIC) or b"\x00" in head:
        raise ApplicationError(
            _(
                "This is not a text file. Save the file as CSV (UTF-8) or choose the Excel "
                "file (.xlsx) itself."
            ),
            field="file",
        )
    for encoding in ("utf-8-sig", "cp1252"):
        if _decodes(path, encoding):
            return encoding
    raise ApplicationError(
        _(
            "The file has an unknown character encoding. Save it as CSV in UTF-8 (in Excel: "
            "'CSV UTF-8') and try again."
        ),
        field="file",
    )


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as handle:
        try:
            while block := handle.read(BLOCK):
                if b"\x00" in block:
                    return False
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def detect_delimiter(first_line: str) -> str:
    """``;``, ``,`` or tab: the one that occurs most in the header line."""
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def check_xlsx(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(4)
    if not head:
        raise ApplicationError(_("The file is empty."), field="file")
    if head != ZIP_MAGIC:
        raise ApplicationError(
            _("This is not an Excel file (.xlsx). Save it as .xlsx or as CSV and try again."),
            field="file",
        )


class Reader:
    """The rows of one file: ``headers`` (the first row) and :meth:`rows` (the rest, each
    with its row number in the file: the header is row 1)."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.path = path
        self.fmt = fmt
        self.encoding = ""
        self.delimiter = ","
        if fmt == CSV:
            self.encoding = detect_encoding(path)
            with path.open(encoding=self.encoding, newline="") as handle:
                self.delimiter = detect_delimiter(handle.readline())
        elif fmt == XLSX:
            check_xlsx(path)
        else:  # pragma: no cover - file_format() refuses others
            raise ValueError(fmt)

    def _raw(self) -> Iterator[list[Any]]:
        if self.fmt == CSV:
            with self.path.open(encoding=self.encoding, newline="") as handle:
                yield from csv.reader(handle, delimiter=self.delimiter)
            return
        yield from _xlsx_rows(self.path)

    def all_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """Every row with its number, the header included (row 1); empty rows skipped."""
        try:
            for number, row in enumerate(self._raw(), start=1):
                cells = [_cell(value) for value in row]
                if any(c != "" for c in cells):
                    yield number, cells
        except csv.Error:
            raise ApplicationError(
                _(
                    "The file is not a valid CSV file (a quote is not closed, or a cell is "
                    "too long)."
                )
            ) from None

    def headers(self) -> list[str]:
        for _number, cells in self.all_rows():
            headers = [str(c).strip() for c in cells]
            while headers and not headers[-1]:
                headers.pop()
            return headers
        raise ApplicationError(_("The file is empty."), field="file")

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        rows = self.all_rows()
        next(rows, None)
        yield from rows


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ApplicationError(
            _("The Excel file cannot be read. Open it in Excel, save it as .xlsx and try again."),
            field="file",
        ) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _cell(value: Any) -> Any:
    """A cell as text (stripped), or a date; numbers from Excel without a trailing '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value.strip(" ")
    return str(value)


def save_upload(upload: Any, path: Path, max_bytes: int) -> int:
    """Write an uploaded file to ``path`` in chunks; refuse it (and remove what was written)
    as soon as it is larger than ``max_bytes``, or when the disk is full. Returns the size."""
    size = 0
    try:
        with path.open("wb") as out:
            for chunk in upload.chunks():
                size += len(chunk)
                if size > max_bytes:
                    raise_too_large(max_bytes)
                out.write(chunk)
    except BaseException as exc:
        path.unlink(missing_ok=True)
        if is_disk_full(exc):
            raise disk_full_error(field="file") from None
        raise
    return size


def too_large_message(max_bytes: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return _("The file is too large: at most %(size)s can be imported at once. Split the file.") % {
        "size": filesizeformat(max_bytes)
    }


def raise_too_large(max_bytes: int) -> None:
    raise ApplicationError(too_large_message(max_bytes), field="file")
