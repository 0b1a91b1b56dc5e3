"""Helpers that prove "the same number is the same everywhere" (issue 5, item 1).

Every surface that shows indicators — the dashboards, their exports, a factsheet, a
reflection session, the API — must show, for every indicator, exactly what
``indicators.selectors.indicator_results`` gives that user (exact for team roles,
suppressed for every other role), and those results must rest on ``catalogue.compute``.

A surface is read as ``{code: {key: display}}`` where ``key`` is ``"headline"``,
``"<row>:<column>"`` (row and value column counted from 0) or ``"total:<column>"``.

* :func:`expected` gives what the selectors say;
* :func:`from_html` reads a page that renders results with ``indicators/_result.html``
  (it marks every figure with ``data-indicator`` / ``data-figure``);
* :func:`from_api` reads the JSON of ``/api/v1/indicators/`` (its ``results``);
* :func:`from_export` reads the indicators sheet of an export (``selectors.export_rows``);
* :func:`assert_agrees` compares a surface with :func:`expected` for the codes it shows
  (``codes``: the codes it must show, default every code of the catalogue).

Another app proves its own surface with these, e.g. a factsheet::

    from wijkkompas.indicators.tests.agreement import assert_agrees, from_html

    html = client.get(factsheet_url).content.decode()
    assert_agrees(from_html(html), user=user, scope=scope, period=period, codes=key_codes)
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from wijkkompas.indicators.catalogue import Period, Scope, compute, definitions
from wijkkompas.indicators.selectors import IndicatorResult, indicator_results

Surface = dict[str, dict[str, str]]

_HEADLINE = re.compile(r'data-indicator="([a-z0-9_]+)"[^>]*>([^<]*)<')
_FIGURE = re.compile(r'data-figure="([a-z0-9_]+):([a-z0-9]+):(\d+)"[^>]*>([^<]*)<')


def of_results(results: Iterable[IndicatorResult]) -> Surface:
    out: Surface = {}
    for result in results:
        figures = out.setdefault(result.code, {})
        figures["headline"] = result.headline.display
        for r, row in enumerate(result.rows):
            for c, cell in enumerate(row.cells):
                figures[f"{r}:{c}"] = cell.display
        if result.total is not None:
            for c, cell in enumerate(result.total.cells):
                figures[f"total:{c}"] = cell.display
    return out


def expected(
    *, user: Any, scope: Scope, period: Period, codes: Sequence[str] | None = None
) -> Surface:
    return of_results(indicator_results(user=user, scope=scope, period=period, codes=codes))


def from_html(page: str) -> Surface:
    """The figures of a page rendered with ``indicators/_result.html``."""
    out: Surface = {}
    for code, value in _HEADLINE.findall(page):
        out.setdefault(code, {})["headline"] = html_lib.unescape(value).strip()
    for code, row, column, value in _FIGURE.findall(page):
        out.setdefault(code, {})[f"{row}:{column}"] = html_lib.unescape(value).strip()
    return out


def from_api(results: Iterable[dict[str, Any]]) -> Surface:
    """The figures of the API's indicator results (the ``display`` of every cell)."""
    out: Surface = {}
    for result in results:
        figures = out.setdefault(str(result["code"]), {})
        figures["headline"] = result["headline"]["display"]
        for r, row in enumerate(result["rows"]):
            for c, cell in enumerate(row["cells"]):
                figures[f"{r}:{c}"] = cell["display"]
        if result.get("total") is not None:
            for c, cell in enumerate(result["total"]["cells"]):
                figures[f"total:{c}"] = cell["display"]
    return out


def from_export(rows: Iterable[Sequence[Any]], results: Iterable[IndicatorResult]) -> Surface:
    """The figures of an export's indicators sheet (rows after the header, in the order
    ``selectors.export_rows`` writes them), written as the page would show them."""
    out: Surface = {}
    by_code: dict[str, list[Sequence[Any]]] = {}
    for line in rows:
        by_code.setdefault(str(line[1]), []).append(line)
    for result in results:
        lines = by_code.get(result.code, [])
        keys = ["headline"]
        for r, result_row in enumerate(result.rows):
            keys += [f"{r}:{c}" for c in range(len(result_row.cells))]
        if result.total is not None:
            keys += [f"total:{c}" for c in range(len(result.total.cells))]
        cells = [result.headline] + [c for each in result.all_rows for c in each.cells]
        figures = out.setdefault(result.code, {})
        for key, line, cell in zip(keys, lines, cells, strict=False):
            value = line[-1]
            # A number in the file stands for the cell whose value it is.
            figures[key] = (
                cell.display if value == cell.value and not cell.is_hidden else str(value)
            )
    return out


def assert_agrees(
    surface: Surface,
    *,
    user: Any,
    scope: Scope,
    period: Period,
    codes: Sequence[str] | None = None,
) -> None:
    """Every figure of ``codes`` (default: every indicator) on ``surface`` is what the
    selectors give ``user``; no indicator is missing and none shows an extra figure."""
    wanted = list(codes) if codes is not None else [d.code for d in definitions()]
    truth = expected(user=user, scope=scope, period=period, codes=wanted)
    for code in wanted:
        assert code in surface, f"{code}: not shown"
        assert surface[code] == truth[code], f"{code}: {surface[code]} != {truth[code]}"


def assert_exact_matches_compute(results: Iterable[IndicatorResult]) -> None:
    """For exact results (a team role): every value is the number ``compute`` gives."""
    for result in results:
        figures = compute(result.code, result.scope, result.period)
        if figures.headline is not None:
            assert result.headline.value == _rounded(figures.headline), result.code
        for row, (_label, values) in zip(result.rows, figures.rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                assert cell.value == _rounded(value), (result.code, cell, value)
        if figures.total is not None:
            assert result.total is not None
            for cell, value in zip(result.total.cells, figures.total, strict=True):
                assert cell.value == _rounded(value), (result.code, cell, value)


def _rounded(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and not value.is_integer():
        return round(value, 2)
    return int(value) if float(value).is_integer() else value
