"""Template tags of the neighbourhood pages: a figure (SVG bar chart with its table) and one
count, rendered in Python (a page has a few hundred cells; template includes per cell made
the page several times slower).

Load with ``{% load neighbourhood_figures %}``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def count(text: str, hidden: bool = False, description: str = "") -> SafeString:
    """One count as a page shows it: the number, or the hidden marker ("<10", "–") with
    its meaning for screen readers.

    Usage::

        {% count row.text row.hidden row.description %}

    Variables:
        text -- what the cell shows: the (rounded) number or the marker.
        hidden -- whether the count is hidden.
        description -- for a hidden count: why (read by screen readers instead of the
            marker).
    """
    if hidden:
        return format_html(
            '<span aria-hidden="true">{}</span><span class="wk-visually-hidden">{}</span>',
            text,
            description or _("hidden"),
        )
    return format_html("{}", text)


_ROW = (
    '<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">{}</th>'
    '<td class="utrecht-table__cell utrecht-table__cell--numeric">{}</td></tr>'
)
_BAR = (
    '<text x="{}" y="{}" text-anchor="end" dominant-baseline="central" fill="#1a1a1a">{}</text>'
    "{}"
    '<text x="{}" y="{}" dominant-baseline="central" fill="#1a1a1a" font-weight="600">{}</text>'
)
_RECT = '<rect x="{}" y="{}" width="{}" height="{}" fill="#01689b"></rect>'


@register.simple_tag
def figure(figure: Any, heading: str = "h3") -> SafeString:
    """A figure (:class:`wijkkompas.neighbourhoods.figures.Figure`): a section with a heading,
    an SVG bar chart (``role="img"`` with title and description) and the same numbers as a
    table with a caption. A hidden number has no bar.

    Usage::

        {% figure page.idea_figure "h3" %}

    Variables:
        figure -- the figure.
        heading -- the heading element of its title (``h2`` … ``h4``).
    """
    level = heading if heading in ("h2", "h3", "h4") else "h3"
    chart = figure.chart
    bars = format_html_join(
        "",
        _BAR,
        (
            (
                chart.label_x,
                bar.text_y,
                Truncator(bar.label).chars(30),
                format_html(_RECT, chart.left, bar.y, bar.width, chart.bar_height)
                if bar.width
                else "",
                bar.text_x,
                bar.text_y,
                bar.text,
            )
            for bar in chart.bars
        ),
    )
    svg = format_html(
        '<figure class="wk-chart"><div class="wk-chart__scroll">'
        '<svg class="wk-chart__svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg" '
        'font-family="sans-serif" font-size="13"><title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>{bars}</svg></div></figure>',
        w=chart.width,
        h=chart.height,
        id=figure.id,
        title=figure.title,
        desc=_("One bar per row of the table below; a hidden number has no bar."),
        bars=bars,
    )
    if figure.rows:
        body = format_html_join(
            "",
            _ROW,
            ((row.label, count(row.text, row.hidden, row.description)) for row in figure.rows),
        )
    else:
        body = format_html(
            '<tr class="utrecht-table__row"><td class="utrecht-table__cell" colspan="2">{}</td>'
            "</tr>",
            _("Nothing yet."),
        )
    foot = ""
    if figure.total is not None:
        total = figure.total
        foot = format_html(
            '<tfoot class="utrecht-table__footer">' + _ROW + "</tfoot>",
            total.label,
            count(total.text, total.hidden, total.description),
        )
    table = format_html(
        '<div class="wk-table-wrap"><table class="utrecht-table utrecht-table--html-table">'
        '<caption class="utrecht-table__caption">{}</caption>'
        '<thead class="utrecht-table__header"><tr class="utrecht-table__row">'
        '<th class="utrecht-table__header-cell" scope="col">{}</th>'
        '<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" '
        'scope="col">{}</th></tr></thead><tbody class="utrecht-table__body">{}</tbody>{}'
        "</table></div>",
        figure.caption,
        _("Category"),
        _("Number"),
        body,
        foot,
    )
    return format_html(
        '<section class="wk-section" aria-labelledby="{id}-heading">'
        '<{h} class="utrecht-heading-{n}" id="{id}-heading">{title}</{h}>{svg}{table}</section>',
        id=figure.id,
        h=level,
        n=level[1],
        title=figure.title,
        svg=svg,
        table=table,
    )
