"""The legal terms of a Wmo 2015 report (melding), as pure functions on dates.

Shared by the services (which keep ``Conversation.wmo_due_on``) and the selectors (the
worklist terms and the timeline on the conversation page):

* the investigation (onderzoek) within six weeks of the report (art. 2.3.2 lid 1 Wmo 2015);
* the decision (beschikking) within two weeks of the application (aanvraag) (art. 2.3.5
  lid 1 Wmo 2015).

A term is open until its step is recorded. A decision ends the procedure, so once it is
recorded no term is open (an investigation that was never recorded is then no longer
needed). ``wmo_due_on`` is the earliest open term, or empty when none is open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .constants import (
    WMO_DECISION_TERM,
    WMO_INVESTIGATION_TERM,
    WMO_WARNING_DAYS,
    WmoStatus,
    WmoTermKind,
)

_KIND_ORDER = {WmoTermKind.INVESTIGATION: 0, WmoTermKind.DECISION: 1}


@dataclass(frozen=True)
class OpenTerm:
    """A legal term that has not been met yet."""

    kind: str
    due_on: dt.date


def investigation_due(reported_on: dt.date | None) -> dt.date | None:
    """When the investigation must be done: six weeks after the report."""
    return reported_on + WMO_INVESTIGATION_TERM if reported_on is not None else None


def decision_due(applied_on: dt.date | None) -> dt.date | None:
    """When the decision must be taken: two weeks after the application."""
    return applied_on + WMO_DECISION_TERM if applied_on is not None else None


def open_terms(
    *,
    is_wmo_report: bool,
    reported_on: dt.date | None,
    investigation_done_on: dt.date | None,
    applied_on: dt.date | None,
    decided_on: dt.date | None,
) -> list[OpenTerm]:
    """The terms that are still open, earliest first."""
    if not is_wmo_report or decided_on is not None:
        return []
    terms = []
    investigation = investigation_due(reported_on)
    if investigation is not None and investigation_done_on is None:
        terms.append(OpenTerm(WmoTermKind.INVESTIGATION, investigation))
    decision = decision_due(applied_on)
    if decision is not None:
        terms.append(OpenTerm(WmoTermKind.DECISION, decision))
    terms.sort(key=lambda term: (term.due_on, _KIND_ORDER[WmoTermKind(term.kind)]))
    return terms


def next_term(
    *,
    is_wmo_report: bool,
    reported_on: dt.date | None,
    investigation_done_on: dt.date | None,
    applied_on: dt.date | None,
    decided_on: dt.date | None,
) -> OpenTerm | None:
    """The earliest open term, or None."""
    terms = open_terms(
        is_wmo_report=is_wmo_report,
        reported_on=reported_on,
        investigation_done_on=investigation_done_on,
        applied_on=applied_on,
        decided_on=decided_on,
    )
    return terms[0] if terms else None


def term_status(due_on: dt.date, today: dt.date) -> tuple[int, str]:
    """Days left until ``due_on`` (negative: overdue) and the status of an open term."""
    days_left = (due_on - today).days
    if days_left < 0:
        return days_left, WmoStatus.OVERDUE
    if days_left <= WMO_WARNING_DAYS:
        return days_left, WmoStatus.DUE_SOON
    return days_left, WmoStatus.ON_TIME


@dataclass(frozen=True)
class TimelineStep:
    """One step of the timeline: report → investigation → application → decision."""

    key: str
    label: str | Promise
    done_on: dt.date | None
    due_on: dt.date | None
    days_left: int | None
    status: str
    basis: str | Promise = ""

    @property
    def status_label(self) -> str:
        return str(WmoStatus(self.status).label)

    @property
    def is_open(self) -> bool:
        return self.status in {WmoStatus.ON_TIME, WmoStatus.DUE_SOON, WmoStatus.OVERDUE}

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def days_late(self) -> int:
        """For a step done after its term: how many days after it."""
        if self.done_on is None or self.due_on is None:
            return 0
        return max((self.done_on - self.due_on).days, 0)


def _done_status(done_on: dt.date, due_on: dt.date | None) -> str:
    if due_on is not None and done_on > due_on:
        return WmoStatus.MET_LATE
    return WmoStatus.MET


def timeline(
    *,
    reported_on: dt.date | None,
    investigation_done_on: dt.date | None,
    applied_on: dt.date | None,
    decided_on: dt.date | None,
    today: dt.date,
) -> list[TimelineStep]:
    """The four steps of a Wmo report with their dates, terms and status on ``today``."""
    steps = [
        TimelineStep(
            key="report",
            label=_("Report (melding)"),
            done_on=reported_on,
            due_on=None,
            days_left=None,
            status=WmoStatus.RECORDED if reported_on else WmoStatus.NOT_YET,
        )
    ]
    due = investigation_due(reported_on)
    if investigation_done_on is not None:
        status, days_left = _done_status(investigation_done_on, due), None
    elif decided_on is not None:
        status, days_left = WmoStatus.NOT_NEEDED, None
    elif due is not None:
        days_left, status = term_status(due, today)
    else:
        status, days_left = WmoStatus.NOT_YET, None
    steps.append(
        TimelineStep(
            key="investigation",
            label=_("Investigation"),
            done_on=investigation_done_on,
            due_on=due,
            days_left=days_left,
            status=status,
            basis=_("art. 2.3.2 Wmo 2015: within 6 weeks of the report"),
        )
    )
    steps.append(
        TimelineStep(
            key="application",
            label=_("Application (aanvraag)"),
            done_on=applied_on,
            due_on=None,
            days_left=None,
            status=WmoStatus.RECORDED if applied_on else WmoStatus.NOT_YET,
        )
    )
    due = decision_due(applied_on)
    if decided_on is not None:
        status, days_left = _done_status(decided_on, due), None
    elif due is not None:
        days_left, status = term_status(due, today)
    else:
        status, days_left = WmoStatus.NOT_YET, None
    steps.append(
        TimelineStep(
            key="decision",
            label=_("Decision (beschikking)"),
            done_on=decided_on,
            due_on=due,
            days_left=days_left,
            status=status,
            basis=_("art. 2.3.5 Wmo 2015: within 2 weeks of the application"),
        )
    )
    return steps
