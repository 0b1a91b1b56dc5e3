"""Reading instrument files: every problem is found and named by line or field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from wijkkompas.instruments.constants import MAX_FILE_SIZE
from wijkkompas.instruments.files import (
    InstrumentFileError,
    looks_like_json,
    parse_criteria,
    parse_instrument,
)


def instrument_json(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "comment": "Voorbeeld",
        "instrument": {
            "code": "wat-telt",
            "name": "Wat telt",
            "kind": "matrix",
            "description": "Veertien levensgebieden.",
            "source": "Movisie",
        },
        "version": {"label": "1", "scoring_note": "Zoals de inwoner het ervaart."},
        "domains": [{"code": "wonen", "name": "Wonen"}, {"code": "werk", "name": "Werk"}],
        "levels": [{"value": 1, "name": "Slecht"}, {"value": 2, "name": "Goed"}],
        "criteria": [{"domain": "wonen", "level": 1, "text": "Geen dak boven het hoofd."}],
    }
    data.update(changes)
    return data


def encode(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def problems_of(content: bytes, **kwargs: Any) -> list[str]:
    with pytest.raises(InstrumentFileError) as caught:
        if kwargs:
            parse_criteria(content, **kwargs)
        else:
            parse_instrument(content)
    assert caught.value.field == "file"
    return caught.value.problems


# --- JSON ----------------------------------------------------------------------------------


def test_valid_instrument_is_read():
    spec = parse_instrument(encode(instrument_json()))
    assert spec.code == "wat-telt" and spec.kind == "matrix" and spec.label == "1"
    assert spec.domains == (("wonen", "Wonen"), ("werk", "Werk"))
    assert spec.levels == ((1, "Slecht"), (2, "Goed"))
    assert [(c.domain, c.level, c.text) for c in spec.criteria] == [
        ("wonen", 1, "Geen dak boven het hoofd.")
    ]


def test_levels_are_sorted_and_text_is_stripped():
    data = instrument_json(
        levels=[{"value": 5, "name": " Top "}, {"value": 0, "name": "Laag"}], criteria=[]
    )
    spec = parse_instrument(encode(data))
    assert spec.levels == ((0, "Laag"), (5, "Top"))


def test_byte_order_mark_is_accepted():
    spec = parse_instrument(b"\xef\xbb\xbf" + encode(instrument_json()))
    assert spec.name == "Wat telt"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The file is empty."),
        (b"   \n", "The file is empty."),
        ('{"a": "é"}'.encode("latin-1"), "not UTF-8"),
        ("{}".encode("utf-16"), "not UTF-8"),
        (b'{"instrument": ', "not valid JSON: error at line 1"),
        (b"[1, 2]", "must be an object with the fields"),
        (b'{"a": 1, "a": 2}', "The field a appears twice"),
        (b"x" * (MAX_FILE_SIZE + 1), "larger than 1 MB"),
    ],
)
def test_unreadable_files_are_refused(content, expected):
    assert expected in problems_of(content)[0]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"instrument": {"name": "x", "kind": "matrix"}}, "instrument.code: is missing."),
        ({"instrument": "zrm"}, "instrument: must be an object"),
        (
            {"instrument": {"code": "met spatie", "name": "x", "kind": "matrix"}},
            "instrument.code: may hold only letters",
        ),
        ({"instrument": {"code": "a", "name": "", "kind": "matrix"}}, "instrument.name: is empty."),
        (
            {"instrument": {"code": "a", "name": 3, "kind": "matrix"}},
            "instrument.name: must be a text",
        ),
        ({"instrument": {"code": "a", "name": "x", "kind": "schaal"}}, "instrument.kind: must be"),
        (
            {"instrument": {"code": "a", "name": "x", "kind": "matrix", "naam": "y"}},
            "instrument.naam: unknown field",
        ),
        ({"instrument": {"code": "a" * 41, "name": "x", "kind": "matrix"}}, "longer than 40"),
        ({"version": {}}, "version.label: is missing."),
        ({"domains": []}, "domains: must hold at least 1 items."),
        ({"domains": {"code": "a"}}, "domains: must be a list."),
        (
            {"domains": [{"code": "a", "name": "A"}, {"code": "A", "name": "B"}]},
            "domains[2].code: the code A appears twice (also in domains[1]).",
        ),
        (
            {"domains": [{"code": "a", "name": "A"}, {"code": "b", "name": "a"}]},
            "domains[2].name: the name a appears twice",
        ),
        ({"levels": [{"value": 1, "name": "Een"}]}, "levels: must hold at least 2 items."),
        (
            {"levels": [{"value": 1, "name": "a"}, {"value": 1, "name": "b"}]},
            "levels[2].value: the value 1 appears twice",
        ),
        (
            {"levels": [{"value": "1", "name": "a"}, {"value": 2, "name": "b"}]},
            "levels[1].value: must be a whole number",
        ),
        (
            {"levels": [{"value": 1.5, "name": "a"}, {"value": 2, "name": "b"}]},
            "levels[1].value: must be a whole number",
        ),
        (
            {"levels": [{"value": True, "name": "a"}, {"value": 2, "name": "b"}]},
            "levels[1].value: must be a whole number",
        ),
        (
            {"levels": [{"value": -1, "name": "a"}, {"value": 2, "name": "b"}]},
            "levels[1].value: must be a whole number from 0 to 100",
        ),
        (
            {"criteria": [{"domain": "gezin", "level": 1, "text": "x"}]},
            "criteria[1].domain: unknown domain gezin",
        ),
        (
            {"criteria": [{"domain": "wonen", "level": 7, "text": "x"}]},
            "criteria[1].level: level 7 is not one of the levels (1, 2).",
        ),
        (
            {"criteria": [{"domain": "wonen", "level": 1, "text": ""}]},
            "criteria[1].text: is empty.",
        ),
        (
            {
                "criteria": [
                    {"domain": "wonen", "level": 1, "text": "x"},
                    {"domain": "Wonen", "level": 1, "text": "y"},
                ]
            },
            "criteria[2]: domain wonen, level 1 appears twice (also in criteria[1]).",
        ),
        ({"extra": 1}, "the file.extra: unknown field"),
        (
            {"instrument": {"code": "a", "name": "x", "kind": "matrix", "source": "a\u0000b"}},
            "instrument.source: contains a control character",
        ),
    ],
)
def test_every_field_problem_is_named(changes, expected):
    problems = problems_of(encode(instrument_json(**changes)))
    assert any(expected in problem for problem in problems), problems


def test_missing_parts_are_all_reported_at_once():
    problems = problems_of(encode({"instrument": {"code": "a", "name": "b", "kind": "x"}}))
    joined = " | ".join(problems)
    for part in ("version: is missing", "domains: is missing", "levels: is missing", "kind"):
        assert part in joined


def test_a_ladder_has_one_domain():
    data = instrument_json(instrument={"code": "l", "name": "Ladder", "kind": "ladder"})
    assert "a ladder has exactly one domain; the file has 2." in " ".join(problems_of(encode(data)))


def test_many_problems_are_capped_with_a_count():
    data = instrument_json(
        domains=[{"code": f"d {i}", "name": f"D{i}"} for i in range(60)], criteria=[]
    )
    problems = problems_of(encode(data))
    assert len(problems) == 51 and problems[-1] == "… and 10 more problems."


def test_the_error_message_names_the_first_problem_and_the_count():
    data = instrument_json(version={}, domains=[], criteria=[])
    with pytest.raises(InstrumentFileError) as caught:
        parse_instrument(encode(data))
    assert str(caught.value.message).startswith("The file was not imported (2 problems). First:")


# --- CSV ------------------------------------------------------------------------------------

VERSION: dict[str, Any] = {
    "instrument": "ZRM 2017",
    "domains": [("financien", "Financiën"), ("werk-opleiding", "Werk & opleiding")],
    "levels": [1, 2, 3, 4, 5],
}


def test_valid_csv_is_read_with_quotes_names_and_dutch_headers():
    content = (
        b"domein;niveau;tekst\n"
        b'financien;1;"Schulden; groeiend"\n'
        b"Werk & opleiding;5;Werk naar wens\n"
        b"\n"
        b'financien;2;"Regel een\nregel twee"\n'
    )
    criteria = parse_criteria(content, **VERSION)
    assert [(c.domain, c.level, c.text) for c in criteria] == [
        ("financien", 1, "Schulden; groeiend"),
        ("werk-opleiding", 5, "Werk naar wens"),
        ("financien", 2, "Regel een\nregel twee"),
    ]


def test_columns_in_another_order_and_empty_extra_columns():
    content = b"text,domain,level,\nTekst,financien,3,\n"
    assert parse_criteria(content, **VERSION)[0].level == 3


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("domain,level\nfinancien,1\n", "The file lacks the column(s) text"),
        ("domain,niveau,txt\n", "Line 1: unknown column txt"),
        ("domain,level,text,domain\n", "Line 1: the column domain appears twice."),
        ("domain,level,text\n", "The file holds no criterion texts."),
        (
            "domain,level,text\ngezin,1,x\n",
            "Line 2: unknown domain gezin; ZRM 2017 has the domains",
        ),
        (
            "domain,level,text\nfinancien,6,x\n",
            "Line 2: level 6 is not a level of ZRM 2017 (1, 2, 3",
        ),
        ("domain,level,text\nfinancien,een,x\n", "Line 2: the level een is not a whole number."),
        ("domain,level,text\nfinancien,,x\n", "Line 2: the level is empty."),
        ("domain,level,text\n,1,x\n", "Line 2: the domain is empty."),
        ("domain,level,text\nfinancien,1,\n", "Line 2: the text is empty."),
        ("domain,level,text\nfinancien,1,a,b\n", "Line 2: more fields than columns"),
        (
            "domain,level,text\nfinancien,1,a\n\nFinanciën,1,b\n",
            "Line 4: domain financien, level 1 appears again (first on line 2).",
        ),
        ('domain,level,text\nfinancien,1,"x\n', "Line 2 cannot be read as CSV"),
        ("domain,level,text\nfinancien,1," + "x" * 4001 + "\n", "longer than 4000 characters"),
    ],
)
def test_every_line_problem_is_named(content, expected):
    problems = problems_of(content.encode(), **VERSION)
    assert any(expected in problem for problem in problems), problems


def test_csv_in_another_encoding_is_refused():
    content = "domain,level,text\nfinancien,1,één\n".encode("cp1252")
    assert "not UTF-8" in problems_of(content, **VERSION)[0]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"{}", "x.json", True),
        (b"domain", "x.JSON", True),
        (b"{}", "x.csv", False),
        (b"  {", "upload", True),
        (b"domain,level", "upload", False),
    ],
)
def test_json_is_recognised_by_name_or_content(content, name, expected):
    assert looks_like_json(content, name) is expected
