"""Template tags of the teams pages."""

from __future__ import annotations

from html import escape as html_escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from wijkkompas.teams.selectors import TeamOverview

register = template.Library()

_CELL = '<td class="utrecht-table__cell">{}</td>'
_NUMBER = '<td class="utrecht-table__cell utrecht-table__cell--numeric">{}</td>'


@register.simple_tag
def team_overview_rows(overview: TeamOverview) -> SafeString:
    """The body rows of the team overview table.

    Usage::

        <tbody class="utrecht-table__body">{% team_overview_rows overview %}</tbody>

    Variables:
        overview: the :class:`~wijkkompas.teams.selectors.TeamOverview` of the page. Each
            row has the team (a row header linking to its page), its municipality when the
            overview spans several, type, areas, target group, positioning, then the members
            per ring, the total, the members per craft and the number of disciplines.

    Built in Python rather than with template loops: the overview may list every team of a
    large municipality, and this renders it several times faster (see ``make bench``).
    Every text is escaped; figures are integers.
    """

    def esc(text: str) -> str:  # plain strings from the selector, never pre-marked safe
        return html_escape(str(text), quote=True)

    parts: list[str] = []
    for row in overview.rows:
        cells = [
            '<tr class="utrecht-table__row">'
            f'<th class="utrecht-table__header-cell" scope="row">'
            f'<a class="utrecht-link" href="{esc(row.url)}">{esc(row.name)}</a></th>'
        ]
        if overview.several_municipalities:
            cells.append(_CELL.format(esc(row.municipality)))
        cells.append(_CELL.format(esc(row.team_type)))
        cells.append(
            f'<td class="utrecht-table__cell wk-areas">{esc(row.areas) if row.areas else "—"}</td>'
        )
        cells.append(_CELL.format(esc(row.target_group)))
        cells.append(_CELL.format(esc(row.positioning)))
        figures = (*row.by_ring, row.members, *row.by_craft, row.disciplines)
        cells.extend(_NUMBER.format(int(figure)) for figure in figures)
        cells.append("</tr>")
        parts.append("".join(cells))
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped or an int


@register.simple_tag
def discipline_spread_rows(overview: TeamOverview) -> SafeString:
    """The body rows of the table of disciplines over the teams of the overview.

    Usage::

        <tbody class="utrecht-table__body">{% discipline_spread_rows overview %}</tbody>

    Variables:
        overview: the :class:`~wijkkompas.teams.selectors.TeamOverview` of the page; one row
            per discipline: its name (row header), usual craft, number of teams it sits in
            and number of members.
    """

    def esc(text: str) -> str:
        return html_escape(str(text), quote=True)

    rows = [
        '<tr class="utrecht-table__row">'
        f'<th class="utrecht-table__header-cell" scope="row">{esc(item.name)}</th>'
        '<td class="utrecht-table__cell">'
        f'<span class="wk-craft wk-craft--{esc(item.craft)}" aria-hidden="true"></span>'
        f"{esc(item.craft_label)}</td>"
        f"{_NUMBER.format(int(item.teams))}{_NUMBER.format(int(item.members))}</tr>"
        for item in overview.disciplines
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped or an int
