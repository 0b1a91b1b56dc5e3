"""The comparison of the knowledge circle as sheets for CSV and Excel
(``core.exports``): the same figures as the page, suppressed the same way."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from wijkkompas.core.exports import Sheet

from .selectors import CircleView, CountRow


def _count_sheet_rows(group: str, rows: list[CountRow], *, own: bool) -> list[list[Any]]:
    out = []
    for row in rows:
        cells: list[Any] = [group, row.label, row.teams, row.municipalities]
        cells.append(row.members.display if row.members is not None else "")
        if own:
            cells.append(row.own_teams if row.own_teams is not None else "")
        out.append(cells)
    return out


def sheets(view: CircleView) -> dict[str, Sheet]:
    """Every table of the page as a sheet, by its export name (``EXPORT_TABLES``)."""
    p = view.participation
    own = p.has_own
    header = [
        _("Group"),
        _("Category"),
        _("Teams (of %(teams)s)") % {"teams": p.teams},
        _("Municipalities"),
        _("Members (suppressed)"),
    ]
    if own:
        header.append(_("Teams of your municipality (of %(teams)s)") % {"teams": p.own_teams})
    participants: list[list[Any]] = []
    for group, rows in (
        (_("Discipline"), p.disciplines),
        (_("Craft"), p.crafts),
        (_("Team type"), p.team_types),
        (_("Positioning"), p.positioning),
        (_("Target group"), p.target_groups),
    ):
        participants += _count_sheet_rows(group, rows, own=own)
    result = {"deelnemers": Sheet(_("Participants"), header, participants)}

    ring_header = [_("Ring"), _("Teams with members in it")]
    ring_header += [_("Teams with %(size)s members") % {"size": s} for s in p.size_labels]
    ring_header.append(_("Members (suppressed)"))
    if own:
        ring_header += [
            _("Your municipality: teams with %(size)s members") % {"size": s} for s in p.size_labels
        ]
    ring_rows = []
    for ring in p.rings:
        cells: list[Any] = [ring.label, ring.teams, *ring.classes, ring.members.display]
        if own and ring.own_classes is not None:
            cells += list(ring.own_classes)
        ring_rows.append(cells)
    result["ringen"] = Sheet(_("Ring sizes"), ring_header, ring_rows)

    comparison = view.comparison
    round_name = view.measurement_round.name if view.measurement_round else ""
    choice_header = [_("Round"), _("Question"), _("Left pole (1)"), _("Right pole (5)")]
    for point in range(1, 6):
        choice_header += [
            _("%(point)s as it is") % {"point": point},
            _("%(point)s as we want it") % {"point": point},
        ]
    if comparison is not None and comparison.own_included:
        choice_header += [_("Your municipality: as it is"), _("Your municipality: as we want it")]
    choice_rows = []
    for distribution in comparison.distributions if comparison is not None else []:
        question = distribution.question
        cells = [round_name, question.text, question.left_pole, question.right_pole]
        for _point, reality, wish in distribution.points:
            cells += [reality, wish]
        if comparison is not None and comparison.own_included:
            cells += [distribution.own_reality, distribution.own_wish]
        choice_rows.append(cells)
    result["keuzevragen"] = Sheet(_("Choice questions"), choice_header, choice_rows)

    trend_header = [
        _("Question"),
        _("Round"),
        _("Municipalities"),
        _("Mean as it is"),
        _("Median as it is"),
        _("Mean as we want it"),
        _("Median as we want it"),
    ]
    if own:
        trend_header += [_("Your municipality: as it is"), _("Your municipality: as we want it")]
    trend_rows = []
    for row in view.trend:
        for cell in row.cells:
            values: list[Any] = [
                row.question.text,
                cell.round.name,
                cell.count,
                cell.mean_reality,
                cell.median_reality,
                cell.mean_wish,
                cell.median_wish,
            ]
            if own:
                values += [cell.own_reality, cell.own_wish]
            trend_rows.append(values)
    result["verloop"] = Sheet(_("Change between rounds"), trend_header, trend_rows)

    if p.listed:
        listed_header = [_("Municipality"), _("CBS code"), _("Teams"), _("Team types")]
        listed_header += [str(r.name) for r in view.rounds]
        listed_rows = [[m.name, m.code, m.teams, m.team_types, *m.rounds] for m in p.listed]
        result["gemeenten"] = Sheet(_("Participating municipalities"), listed_header, listed_rows)
    return result
