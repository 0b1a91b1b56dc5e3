"""The Wmo terms: investigation within 6 weeks of the report (art. 2.3.2), decision within
2 weeks of the application (art. 2.3.5); ``wmo_due_on`` is always the earliest open term."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkkompas.accounts.constants import Role
from wijkkompas.conversations import services, wmo
from wijkkompas.conversations.constants import WMO_WARNING_DAYS, WmoStatus, WmoTermKind
from wijkkompas.conversations.models import Conversation

D = dt.date(2026, 3, 2)
SIX_WEEKS = dt.timedelta(weeks=6)
TWO_WEEKS = dt.timedelta(weeks=2)


def days(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


INVESTIGATION, DECISION = WmoTermKind.INVESTIGATION, WmoTermKind.DECISION


@pytest.mark.parametrize(
    ("is_report", "reported", "investigated", "applied", "decided", "expected"),
    [
        # not a report: no terms at all
        (False, D, None, None, None, None),
        # reported: the investigation is due six weeks later
        (True, D, None, None, None, (INVESTIGATION, D + SIX_WEEKS)),
        # investigated, no application yet: nothing open
        (True, D, days(10), None, None, None),
        # investigated and applied: the decision is due two weeks after the application
        (True, D, days(10), days(12), None, (DECISION, days(12) + TWO_WEEKS)),
        # applied before the investigation was done: the earlier of the two terms
        (True, D, None, days(1), None, (DECISION, days(1) + TWO_WEEKS)),
        (True, D, None, days(40), None, (INVESTIGATION, D + SIX_WEEKS)),
        # both terms on the same day: the investigation comes first
        (True, D, None, D + SIX_WEEKS - TWO_WEEKS, None, (INVESTIGATION, D + SIX_WEEKS)),
        # decided: the procedure has ended
        (True, D, days(10), days(12), days(20), None),
        (True, D, None, days(12), days(20), None),
    ],
)
def test_next_term(is_report, reported, investigated, applied, decided, expected):
    term = wmo.next_term(
        is_wmo_report=is_report,
        reported_on=reported,
        investigation_done_on=investigated,
        applied_on=applied,
        decided_on=decided,
    )
    assert (None if term is None else (term.kind, term.due_on)) == expected
    assert services.wmo_due_on(
        is_wmo_report=is_report,
        reported_on=reported,
        investigation_done_on=investigated,
        applied_on=applied,
        decided_on=decided,
    ) == (expected[1] if expected else None)


@pytest.mark.parametrize(
    ("due_in", "status"),
    [
        (30, WmoStatus.ON_TIME),
        (WMO_WARNING_DAYS + 1, WmoStatus.ON_TIME),
        (WMO_WARNING_DAYS, WmoStatus.DUE_SOON),
        (1, WmoStatus.DUE_SOON),
        (0, WmoStatus.DUE_SOON),
        (-1, WmoStatus.OVERDUE),
        (-30, WmoStatus.OVERDUE),
    ],
)
def test_term_status(due_in, status):
    assert wmo.term_status(days(due_in), D) == (due_in, status)


def _steps(**dates):
    return {
        step.key: step
        for step in wmo.timeline(
            **{
                "reported_on": None,
                "investigation_done_on": None,
                "applied_on": None,
                "decided_on": None,
                **dates,
            },
        )
    }


def test_timeline_of_a_fresh_report():
    steps = _steps(reported_on=D, today=days(3))
    assert list(steps) == ["report", "investigation", "application", "decision"]
    assert steps["report"].status == WmoStatus.RECORDED
    investigation = steps["investigation"]
    assert investigation.due_on == D + SIX_WEEKS
    assert investigation.days_left == 39 and investigation.status == WmoStatus.ON_TIME
    assert steps["application"].status == WmoStatus.NOT_YET
    assert steps["decision"].status == WmoStatus.NOT_YET and steps["decision"].due_on is None


def test_timeline_overdue_and_late():
    steps = _steps(reported_on=D, applied_on=days(1), today=days(50))
    assert steps["investigation"].status == WmoStatus.OVERDUE
    assert steps["investigation"].days_overdue == 50 - 42
    assert steps["decision"].status == WmoStatus.OVERDUE
    steps = _steps(
        reported_on=D,
        investigation_done_on=days(45),
        applied_on=days(46),
        decided_on=days(50),
        today=days(60),
    )
    assert steps["investigation"].status == WmoStatus.MET_LATE
    assert steps["investigation"].days_late == 3
    assert steps["decision"].status == WmoStatus.MET
    assert not any(step.is_open for step in steps.values())


def test_timeline_decided_without_investigation():
    steps = _steps(reported_on=D, applied_on=days(2), decided_on=days(9), today=days(20))
    assert steps["investigation"].status == WmoStatus.NOT_NEEDED
    assert steps["decision"].status == WmoStatus.MET


def test_status_labels_are_words():
    for step in _steps(reported_on=D, today=days(41)).values():
        assert step.status_label  # the status is said in words, not by colour only


# --- properties --------------------------------------------------------------------------

offsets = st.one_of(st.none(), st.integers(min_value=0, max_value=120))


def _earliest_unmet(is_report, reported, investigated, applied, decided):
    """The rule read independently: every term whose step is not recorded, unless decided."""
    if not is_report or decided is not None:
        return None
    unmet = []
    if reported is not None and investigated is None:
        unmet.append(reported + dt.timedelta(days=42))
    if applied is not None:
        unmet.append(applied + dt.timedelta(days=14))
    return min(unmet, default=None)


@settings(max_examples=300, derandomize=True)
@given(
    is_report=st.booleans(),
    reported=offsets,
    investigated=offsets,
    applied=offsets,
    decided=offsets,
)
def test_due_is_always_the_earliest_unmet_term(is_report, reported, investigated, applied, decided):
    def at(offset):
        return None if offset is None else days(offset)

    dates = {
        "reported_on": at(reported),
        "investigation_done_on": at(investigated),
        "applied_on": at(applied),
        "decided_on": at(decided),
    }
    expected = _earliest_unmet(is_report, *dates.values())
    assert services.wmo_due_on(is_wmo_report=is_report, **dates) == expected
    terms = wmo.open_terms(is_wmo_report=is_report, **dates)
    assert [t.due_on for t in terms] == sorted(t.due_on for t in terms)


def _valid_dates(data, today):
    """Wmo dates the services accept: report first, decision after application, none later
    than today."""
    reported = today - dt.timedelta(days=data.draw(st.integers(0, 90)))
    span = (today - reported).days

    def later_than(start):
        if data.draw(st.booleans()):
            return None
        room = (today - start).days
        return start + dt.timedelta(days=data.draw(st.integers(0, room)))

    investigated = later_than(reported)
    applied = later_than(reported)
    decided = later_than(applied) if applied is not None else None
    assert span >= 0
    return {
        "reported_on": reported,
        "investigation_done_on": investigated,
        "applied_on": applied,
        "decided_on": decided,
    }


@pytest.mark.django_db
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_stored_due_is_the_earliest_unmet_term(world, data):
    """Whatever a professional records, the stored ``wmo_due_on`` is the earliest open term."""
    from django.utils import timezone

    today = timezone.localdate()
    dates = _valid_dates(data, today)
    conversation = Conversation.objects.get(pk=world.conversation.pk)
    services.conversation_update(
        user=world.user(Role.PROFESSIONAL),
        conversation=conversation,
        expected_version=conversation.version,
        held_on=conversation.held_on,
        place=conversation.place,
        question=conversation.question,
        outcome=conversation.outcome,
        is_wmo_report=True,
        **dates,
    )
    stored = Conversation.objects.get(pk=conversation.pk)
    assert stored.wmo_due_on == _earliest_unmet(True, *dates.values())
