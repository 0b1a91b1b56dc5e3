"""The personal worklist: one list sorted by urgency across risk signals, Wmo terms, plan
reviews, own actions and case discussions; a constant number of queries whatever the data.

The sorting rule (docs/gebruikers/werkvoorraad.md): acute risk signals first; then
everything overdue, the longest overdue first; then high-urgency risk signals; then the rest
by date, earliest first, items without a date last; ties by urgency (higher first), kind,
id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.plans import selectors
from wijkkompas.plans.constants import WorkKind
from wijkkompas.plans.selectors import WorkItem, sort_work_items
from wijkkompas.plans.tests.conftest import household_with_consent
from wijkkompas.plans.tests.factories import (
    CaseDiscussionFactory,
    ParticipantFactory,
    PlanActionFactory,
    PlanFactory,
)
from wijkkompas.residents.constants import Urgency
from wijkkompas.residents.tests.factories import RiskSignalFactory

TODAY = dt.date(2026, 6, 15)

# --- the sorting rule, for all data ---------------------------------------------------------


def _rank(item: WorkItem) -> int:
    """The rule, written independently of the implementation."""
    if item.kind == WorkKind.RISK and item.urgency == Urgency.ACUTE:
        return 0
    if item.due_on is not None and item.due_on < item.today:
        return 1
    if item.kind == WorkKind.RISK and item.urgency == Urgency.HIGH:
        return 2
    return 3


def must_come_before(a: WorkItem, b: WorkItem) -> bool:
    if _rank(a) != _rank(b):
        return _rank(a) < _rank(b)
    if a.due_on != b.due_on:
        if a.due_on is None:
            return False
        if b.due_on is None:
            return True
        return a.due_on < b.due_on
    return a.urgency > b.urgency


@st.composite
def work_items(draw: Any) -> WorkItem:
    kind = draw(st.sampled_from(WorkKind.values))
    urgency = draw(st.sampled_from(Urgency.values)) if kind == WorkKind.RISK else 0
    due_on = draw(
        st.one_of(
            st.none(),
            st.integers(min_value=-40, max_value=40).map(lambda d: TODAY + dt.timedelta(days=d)),
        )
    )
    if kind != WorkKind.RISK and due_on is None:
        due_on = TODAY  # only risk signals may have no date
    return WorkItem(
        kind=kind,
        label="x",
        due_on=due_on,
        today=TODAY,
        object_id=draw(st.integers(min_value=1, max_value=10_000)),
        urgency=urgency,
    )


def _item(kind: str, days: int | None, urgency: int = 0, pk: int = 1) -> WorkItem:
    due = None if days is None else TODAY + dt.timedelta(days=days)
    return WorkItem(kind=kind, label="x", due_on=due, today=TODAY, object_id=pk, urgency=urgency)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(work_items(), max_size=40))
@example(
    [
        _item(WorkKind.WMO, -1),
        _item(WorkKind.RISK, None, Urgency.ACUTE),
        _item(WorkKind.REVIEW, 3),
        _item(WorkKind.RISK, 10, Urgency.HIGH),
        _item(WorkKind.RISK, None, Urgency.LOW),
    ]
)
def test_no_item_is_listed_after_one_it_must_precede(items: list[WorkItem]) -> None:
    ordered = sort_work_items(items)
    assert sorted(map(id, ordered)) == sorted(map(id, items))
    for i, earlier in enumerate(ordered):
        for later in ordered[i + 1 :]:
            assert not must_come_before(later, earlier), (earlier, later)


def test_the_rule_by_example() -> None:
    acute = _item(WorkKind.RISK, None, Urgency.ACUTE, pk=1)
    overdue_wmo = _item(WorkKind.WMO, -3, pk=2)
    overdue_review = _item(WorkKind.REVIEW, -1, pk=3)
    high = _item(WorkKind.RISK, 20, Urgency.HIGH, pk=4)
    due_soon = _item(WorkKind.DISCUSSION, 2, pk=5)
    low = _item(WorkKind.RISK, None, Urgency.LOW, pk=6)
    shuffled = [low, due_soon, high, overdue_review, overdue_wmo, acute]
    assert sort_work_items(shuffled) == [acute, overdue_wmo, overdue_review, high, due_soon, low]
    assert overdue_wmo.state == "overdue" and overdue_wmo.days_overdue == 3
    assert due_soon.state == "due_soon" and low.state == "no_date"


# --- the sources, the log and the query count ------------------------------------------------


def _build(world: Any, user: Any, n: int, today: dt.date) -> None:
    """``n`` items of every kind for ``user``, each about a household with consent."""
    for i in range(n):
        household = household_with_consent(world.team)
        resident = household.residents.get()
        RiskSignalFactory(
            household=household,
            urgency=[Urgency.ACUTE, Urgency.HIGH, Urgency.MEDIUM][i % 3],
            review_on=today + dt.timedelta(days=i % 5 - 2),
        )
        ConversationFactory(
            resident=resident, author=user, wmo=True, held_on=today - dt.timedelta(days=40 + i % 3)
        )
        plan = PlanFactory(
            household=household, coordinator=user, next_review_on=today + dt.timedelta(days=i % 20)
        )
        PlanActionFactory(plan=plan, owner_user=user, due_on=today - dt.timedelta(days=i % 4))
        discussion = CaseDiscussionFactory(
            household=household, scheduled_at=timezone.now() + dt.timedelta(days=1 + i % 10)
        )
        ParticipantFactory(discussion=discussion, user=user)


def _count(user: Any) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        result = selectors.worklist(user=user)
    return len(ctx.captured_queries), result


@pytest.mark.django_db
def test_worklist_gathers_every_kind_and_logs_one_entry(world):
    user = world.user(Role.COORDINATOR)
    today = timezone.localdate()
    _build(world, user, 2, today)
    result = selectors.worklist(user=user)
    kinds = {item.kind for item in result.items}
    assert kinds == set(WorkKind.values)
    assert result.items[0].acute
    entries = AccessLogEntry.objects.filter(purpose=Purpose.WORKLIST, event="read")
    mine = [e for e in entries if e.object_type == ""]
    assert len(mine) == 1
    assert mine[0].object_count == len(result.items)
    assert mine[0].subjects.count() >= 2


@pytest.mark.django_db
def test_worklist_of_someone_else_is_not_mine(world):
    _build(world, world.user(Role.COORDINATOR), 1, timezone.localdate())
    result = selectors.worklist(user=world.user("colleague"))
    # Risk signals of the team are shared; plans, actions, terms and discussions are not.
    assert {item.kind for item in result.items} <= {WorkKind.RISK}


@pytest.mark.django_db
def test_worklist_query_count_does_not_grow_with_the_data(world):
    small, large = world.user(Role.COORDINATOR), world.user(Role.PROFESSIONAL)
    today = timezone.localdate()
    _build(world, small, 1, today)
    _build(world, large, 30, today)
    _count(small), _count(large)  # warm up
    small_count, small_result = _count(small)
    large_count, large_result = _count(large)
    assert len(large_result.items) > len(small_result.items) >= 5
    assert small_count == large_count, (small_count, large_count)


@pytest.mark.django_db
def test_worklist_page(world, login_client):
    user = world.user(Role.COORDINATOR)
    _build(world, user, 2, timezone.localdate())
    html = login_client(user).get(reverse("plans:worklist")).content.decode()
    for label in ("Risk signal", "Wmo legal term", "Plan review", "Plan action", "Case discussion"):
        assert label in html, label
    assert "Acute" in html and "Overdue" in html
