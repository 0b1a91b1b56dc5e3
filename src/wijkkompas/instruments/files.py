"""Reading instrument files: JSON (a whole instrument version) and CSV (criterion texts).

Pure Python, no database. The functions check the shape of a file and return plain
specifications, or raise :class:`InstrumentFileError` with every problem found, each
naming its line (CSV) or field (JSON), so an administrator can fix the file in one go.
``instruments.services.instrument_import`` checks the specifications against the database
and writes them. The formats are described in ``docs/gebruikers/meetinstrumenten.md``.

JSON::

    {
      "comment": "optional, ignored",
      "instrument": {"code": "wat-telt", "name": "Wat telt", "kind": "matrix",
                     "description": "…", "source": "…"},
      "version": {"label": "1", "scoring_note": "…"},
      "domains": [{"code": "wonen", "name": "Wonen"}, …],
      "levels": [{"value": 1, "name": "…"}, …],
      "criteria": [{"domain": "wonen", "level": 1, "text": "…"}, …]
    }

CSV (criterion texts of an existing version; comma, semicolon or tab separated)::

    domain,level,text
    financien,1,"…"
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from wijkkompas.core.exceptions import ApplicationError

from .constants import (
    MAX_CRITERION_LENGTH,
    MAX_DOMAINS,
    MAX_FILE_SIZE,
    MAX_LEVEL_VALUE,
    MAX_LEVELS,
    MAX_REPORTED_PROBLEMS,
    InstrumentKind,
)

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
#: Control characters other than tab, line feed and carriage return (PostgreSQL refuses NUL).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class InstrumentFileError(ApplicationError):
    """A file was refused; ``problems`` lists every problem found (line or field first)."""

    def __init__(self, problems: Sequence[str]) -> None:
        shown = list(problems[:MAX_REPORTED_PROBLEMS])
        hidden = len(problems) - len(shown)
        if hidden > 0:
            shown.append(_("… and %(count)s more problems.") % {"count": hidden})
        self.problems = shown
        if len(problems) == 1:
            message = shown[0]
        else:
            message = _("The file was not imported (%(count)s problems). First: %(first)s") % {
                "count": len(problems),
                "first": shown[0],
            }
        super().__init__(message, field="file")


@dataclass(frozen=True)
class CriterionSpec:
    """One criterion text: the cell (domain code, level value) and its text."""

    domain: str
    level: int
    text: str


@dataclass(frozen=True)
class InstrumentSpec:
    """An instrument version as read from a JSON file."""

    code: str
    name: str
    kind: str
    description: str
    source: str
    label: str
    scoring_note: str
    domains: tuple[tuple[str, str], ...]  # (code, name) in order
    levels: tuple[tuple[int, str], ...]  # (value, name) by value
    criteria: tuple[CriterionSpec, ...]


def decode(content: bytes) -> str:
    """The file's text: at most 1 MB, UTF-8 (a byte order mark is allowed), not empty."""
    if len(content) > MAX_FILE_SIZE:
        raise InstrumentFileError(
            [_("The file is larger than 1 MB. Split it, or leave out what is not needed.")]
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:
        raise InstrumentFileError(
            [
                _(
                    "The file is not UTF-8 encoded text. Save it as UTF-8 (in Excel: "
                    "'CSV UTF-8') and try again."
                )
            ]
        )
    if not text.strip():
        raise InstrumentFileError([_("The file is empty.")])
    return text


# --- JSON ----------------------------------------------------------------------------


class _Problems(list[str]):
    def add(self, field: str, message: str, **values: Any) -> None:
        self.append(_("%(field)s: %(problem)s") % {"field": field, "problem": message % values})


def _pairs_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(key)
        result[key] = value
    return result


def _object(
    value: Any, field: str, problems: _Problems, *, required: set[str], optional: set[str]
) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        problems.add(
            field,
            _("must be an object with the fields %(fields)s."),
            fields=", ".join(sorted(required | optional)),
        )
        return None
    for key in value:
        if key not in required | optional:
            problems.add(
                f"{field}.{key}",
                _("unknown field; expected one of %(fields)s."),
                fields=", ".join(sorted(required | optional)),
            )
    for key in sorted(required - set(value)):
        problems.add(f"{field}.{key}", _("is missing."))
    return value


def _text(
    data: dict[str, Any],
    key: str,
    field: str,
    problems: _Problems,
    *,
    max_length: int | None,
    required: bool = True,
    slug: bool = False,
) -> str:
    if key not in data:
        return ""
    value = data[key]
    if not isinstance(value, str):
        problems.add(f"{field}.{key}", _("must be a text."))
        return ""
    value = value.strip()
    if _CONTROL.search(value):
        problems.add(f"{field}.{key}", _("contains a control character; remove it."))
        return ""
    if required and not value:
        problems.add(f"{field}.{key}", _("is empty."))
    elif max_length is not None and len(value) > max_length:
        problems.add(f"{field}.{key}", _("is longer than %(max)s characters."), max=max_length)
    elif slug and not _SLUG.match(value):
        problems.add(
            f"{field}.{key}",
            _(
                "may hold only letters, digits, hyphens and underscores, without spaces "
                "(e.g. 'werk-opleiding')."
            ),
        )
    return value


def _whole_number(value: Any, field: str, problems: _Problems) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            problems.add(
                field,
                _("must be a whole number from 0 to %(max)s."),
                max=MAX_LEVEL_VALUE,
            )
            return None
    if not 0 <= value <= MAX_LEVEL_VALUE:
        problems.add(field, _("must be a whole number from 0 to %(max)s."), max=MAX_LEVEL_VALUE)
        return None
    return int(value)


def _list(value: Any, field: str, problems: _Problems, *, minimum: int, maximum: int) -> list[Any]:
    if not isinstance(value, list):
        problems.add(field, _("must be a list."))
        return []
    if len(value) < minimum:
        problems.add(field, _("must hold at least %(min)s items."), min=minimum)
    if len(value) > maximum:
        problems.add(field, _("may hold at most %(max)s items."), max=maximum)
    return value


def parse_instrument(content: bytes) -> InstrumentSpec:
    """Read and check a JSON instrument file; every problem is reported at once."""
    text = decode(content)
    try:
        data = json.loads(text, object_pairs_hook=_pairs_without_duplicates)
    except json.JSONDecodeError as error:
        raise InstrumentFileError(
            [
                _("The file is not valid JSON: error at line %(line)s, column %(column)s.")
                % {"line": error.lineno, "column": error.colno}
            ]
        ) from error
    except ValueError as error:
        raise InstrumentFileError(
            [_("The field %(field)s appears twice in one object.") % {"field": str(error)}]
        ) from error
    problems = _Problems()
    top = _object(
        data,
        _("the file"),
        problems,
        required={"instrument", "version", "domains", "levels"},
        optional={"criteria", "comment"},
    )
    if top is None:
        raise InstrumentFileError(problems)

    instrument = (
        _object(
            top["instrument"],
            "instrument",
            problems,
            required={"code", "name", "kind"},
            optional={"description", "source"},
        )
        if "instrument" in top
        else None
    ) or {}
    code = _text(instrument, "code", "instrument", problems, max_length=40, slug=True)
    name = _text(instrument, "name", "instrument", problems, max_length=150)
    kind = _text(instrument, "kind", "instrument", problems, max_length=None)
    if kind and kind not in InstrumentKind.values:
        problems.add("instrument.kind", _("must be 'matrix' or 'ladder'."))
    description = _text(
        instrument, "description", "instrument", problems, max_length=5000, required=False
    )
    source = _text(instrument, "source", "instrument", problems, max_length=300, required=False)

    version = (
        _object(
            top["version"],
            "version",
            problems,
            required={"label"},
            optional={"scoring_note"},
        )
        if "version" in top
        else None
    ) or {}
    label = _text(version, "label", "version", problems, max_length=40)
    scoring_note = _text(
        version, "scoring_note", "version", problems, max_length=5000, required=False
    )

    domains: list[tuple[str, str]] = []
    seen_codes: dict[str, str] = {}
    seen_names: dict[str, str] = {}
    raw_domains = (
        _list(top["domains"], "domains", problems, minimum=1, maximum=MAX_DOMAINS)
        if "domains" in top
        else []
    )
    for index, item in enumerate(raw_domains, start=1):
        where = f"domains[{index}]"
        entry = _object(item, where, problems, required={"code", "name"}, optional=set())
        if entry is None:
            continue
        domain_code = _text(entry, "code", where, problems, max_length=40, slug=True)
        domain_name = _text(entry, "name", where, problems, max_length=100)
        if domain_code:
            other = seen_codes.setdefault(domain_code.casefold(), where)
            if other != where:
                problems.add(
                    f"{where}.code",
                    _("the code %(code)s appears twice (also in %(other)s)."),
                    code=domain_code,
                    other=other,
                )
        if domain_name:
            other = seen_names.setdefault(domain_name.casefold(), where)
            if other != where:
                problems.add(
                    f"{where}.name",
                    _("the name %(name)s appears twice (also in %(other)s)."),
                    name=domain_name,
                    other=other,
                )
        domains.append((domain_code, domain_name))
    if kind == InstrumentKind.LADDER and len(raw_domains) != 1:
        problems.add(
            "domains",
            _("a ladder has exactly one domain; the file has %(count)s."),
            count=len(raw_domains),
        )

    levels: list[tuple[int, str]] = []
    seen_values: dict[int, str] = {}
    raw_levels = (
        _list(top["levels"], "levels", problems, minimum=2, maximum=MAX_LEVELS)
        if "levels" in top
        else []
    )
    for index, item in enumerate(raw_levels, start=1):
        where = f"levels[{index}]"
        entry = _object(item, where, problems, required={"value", "name"}, optional=set())
        if entry is None:
            continue
        value = (
            _whole_number(entry["value"], f"{where}.value", problems) if "value" in entry else None
        )
        level_name = _text(entry, "name", where, problems, max_length=100)
        if value is not None:
            other = seen_values.setdefault(value, where)
            if other != where:
                problems.add(
                    f"{where}.value",
                    _("the value %(value)s appears twice (also in %(other)s)."),
                    value=value,
                    other=other,
                )
            levels.append((value, level_name))

    criteria: list[CriterionSpec] = []
    domain_codes = {c.casefold(): c for c, _name in domains if c}
    level_values = {v for v, _name in levels}
    seen_cells: dict[tuple[str, int], str] = {}
    raw_criteria = (
        _list(top["criteria"], "criteria", problems, minimum=0, maximum=MAX_DOMAINS * MAX_LEVELS)
        if "criteria" in top
        else []
    )
    for index, item in enumerate(raw_criteria, start=1):
        where = f"criteria[{index}]"
        entry = _object(item, where, problems, required={"domain", "level", "text"}, optional=set())
        if entry is None:
            continue
        domain = _text(entry, "domain", where, problems, max_length=40)
        level = (
            _whole_number(entry["level"], f"{where}.level", problems) if "level" in entry else None
        )
        criterion = _text(entry, "text", where, problems, max_length=MAX_CRITERION_LENGTH)
        known = domain_codes.get(domain.casefold()) if domain else None
        if domain and known is None:
            problems.add(
                f"{where}.domain",
                _("unknown domain %(domain)s; use one of the codes under domains."),
                domain=domain,
            )
        if level is not None and level not in level_values:
            problems.add(
                f"{where}.level",
                _("level %(level)s is not one of the levels (%(levels)s)."),
                level=level,
                levels=", ".join(str(v) for v in sorted(level_values)),
            )
            level = None
        if known is not None and level is not None:
            other = seen_cells.setdefault((known, level), where)
            if other != where:
                problems.add(
                    where,
                    _("domain %(domain)s, level %(level)s appears twice (also in %(other)s)."),
                    domain=known,
                    level=level,
                    other=other,
                )
            elif criterion:
                criteria.append(CriterionSpec(domain=known, level=level, text=criterion))
    if problems:
        raise InstrumentFileError(problems)
    return InstrumentSpec(
        code=code,
        name=name,
        kind=kind,
        description=description,
        source=source,
        label=label,
        scoring_note=scoring_note,
        domains=tuple(domains),
        levels=tuple(sorted(levels)),
        criteria=tuple(criteria),
    )


# --- CSV -----------------------------------------------------------------------------

#: Accepted column names (English as documented, Dutch as a courtesy).
_COLUMNS = {
    "domain": "domain",
    "domein": "domain",
    "level": "level",
    "niveau": "level",
    "text": "text",
    "tekst": "text",
    "criterium": "text",
}


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


def parse_criteria(
    content: bytes,
    *,
    instrument: str,
    domains: Sequence[tuple[str, str]],
    levels: Sequence[int],
) -> tuple[CriterionSpec, ...]:
    """Read and check a CSV file of criterion texts for one version.

    ``instrument``: the version's name for messages; ``domains``: its (code, name) pairs
    (a line may name a domain by code or by name); ``levels``: its level values.
    """
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    problems: list[str] = []
    by_key: dict[str, str] = {}
    for code, name in domains:
        by_key[code.casefold()] = code
        by_key.setdefault(name.casefold(), code)
    level_values = set(levels)
    levels_text = ", ".join(str(v) for v in sorted(level_values))
    domains_text = ", ".join(code for code, _name in domains)
    header: dict[str, int] | None = None
    width = 0
    seen: dict[tuple[str, int], int] = {}
    criteria: list[CriterionSpec] = []
    previous_end = 0
    try:
        for row in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = {}
                width = len(row)
                for index, cell in enumerate(row):
                    name = cell.strip().casefold()
                    if not name:
                        continue
                    column = _COLUMNS.get(name)
                    if column is None:
                        problems.append(
                            _(
                                "Line %(line)s: unknown column %(column)s; the columns are "
                                "domain, level and text."
                            )
                            % {"line": line, "column": cell.strip()}
                        )
                    elif column in header:
                        problems.append(
                            _("Line %(line)s: the column %(column)s appears twice.")
                            % {"line": line, "column": column}
                        )
                    else:
                        header[column] = index
                missing = [c for c in ("domain", "level", "text") if c not in header]
                if missing:
                    problems.append(
                        _(
                            "The file lacks the column(s) %(columns)s: its first line must be "
                            "domain,level,text."
                        )
                        % {"columns": ", ".join(missing)}
                    )
                    break
                continue
            if any(cell.strip() for cell in row[width:]):
                problems.append(
                    _(
                        "Line %(line)s: more fields than columns. Put a text that holds the "
                        "separator in double quotes."
                    )
                    % {"line": line}
                )
                continue

            cells = {c: (row[i].strip() if i < len(row) else "") for c, i in header.items()}
            raw_domain, raw_level, criterion = cells["domain"], cells["level"], cells["text"]
            domain = by_key.get(raw_domain.casefold()) if raw_domain else None
            level: int | None = None
            if not raw_domain:
                problems.append(_("Line %(line)s: the domain is empty.") % {"line": line})
            elif domain is None:
                problems.append(
                    _(
                        "Line %(line)s: unknown domain %(domain)s; %(instrument)s has the "
                        "domains %(domains)s."
                    )
                    % {
                        "line": line,
                        "domain": raw_domain,
                        "instrument": instrument,
                        "domains": domains_text,
                    }
                )
            if not raw_level:
                problems.append(_("Line %(line)s: the level is empty.") % {"line": line})
            elif not raw_level.isdigit():
                problems.append(
                    _("Line %(line)s: the level %(level)s is not a whole number.")
                    % {"line": line, "level": raw_level}
                )
            elif int(raw_level) not in level_values:
                problems.append(
                    _(
                        "Line %(line)s: level %(level)s is not a level of %(instrument)s "
                        "(%(levels)s)."
                    )
                    % {
                        "line": line,
                        "level": raw_level,
                        "instrument": instrument,
                        "levels": levels_text,
                    }
                )
            else:
                level = int(raw_level)
            if not criterion:
                problems.append(_("Line %(line)s: the text is empty.") % {"line": line})
            elif len(criterion) > MAX_CRITERION_LENGTH:
                problems.append(
                    _("Line %(line)s: the text is longer than %(max)s characters.")
                    % {"line": line, "max": MAX_CRITERION_LENGTH}
                )
            if domain is None or level is None:
                continue
            first = seen.setdefault((domain, level), line)
            if first != line:
                problems.append(
                    _(
                        "Line %(line)s: domain %(domain)s, level %(level)s appears again "
                        "(first on line %(first)s)."
                    )
                    % {"line": line, "domain": domain, "level": level, "first": first}
                )
            elif criterion and len(criterion) <= MAX_CRITERION_LENGTH:
                criteria.append(CriterionSpec(domain=domain, level=level, text=criterion))
    except csv.Error:
        problems.append(
            _("Line %(line)s cannot be read as CSV: check the double quotes.")
            % {"line": previous_end + 1}
        )
    if header is None:
        problems.append(_("The file has no header line: its first line must be domain,level,text."))
    if not problems and not criteria:
        problems.append(_("The file holds no criterion texts."))
    if problems:
        raise InstrumentFileError(problems)
    return tuple(criteria)


def looks_like_json(content: bytes, filename: str) -> bool:
    """Whether a file is meant as JSON: by its name, else by its first character."""
    name = filename.lower()
    if name.endswith(".json"):
        return True
    if name.endswith((".csv", ".txt", ".tsv")):
        return False
    return content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"["))
