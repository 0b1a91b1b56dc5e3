"""Every read and write of personal data of the plans app leaves an access-log entry with
its purpose and its data subjects (the residents concerned).

The tables below ENUMERATE the public functions of ``selectors.py``: each either reads
personal data for display and logs (``READS``), or is read by a page that logs through
another selector (``LOGGED_BY_THE_PAGE``), or holds no personal data of residents
(``NO_PERSONAL_DATA``), or is logged by its caller (``LOGGED_BY_THE_CALLER``). The
meta-test fails when a public function is missing, so a new selector cannot slip past.
``WRITES`` does the same for the services.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.plans import selectors, services
from wijkkompas.plans.constants import GoalStatus
from wijkkompas.plans.tests.test_views import discussion_urls, plan_urls

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Read:
    purpose: str
    call: Callable[[Any], Any]
    who: str = Role.COORDINATOR
    household: str = "household"  # whose residents are the subjects


READS: dict[str, Read] = {
    "plan_get": Read(
        Purpose.CASE_COORDINATION, lambda w: selectors.plan_get(user=w.u, pk=w.plan.pk)
    ),
    "plan_page": Read(
        Purpose.CASE_COORDINATION, lambda w: selectors.plan_page(user=w.u, pk=w.plan.pk)
    ),
    "review_page": Read(
        Purpose.CASE_COORDINATION,
        lambda w: selectors.review_page(user=w.u, plan_pk=w.plan.pk, pk=w.review.pk),
    ),
    "my_plans": Read(Purpose.CASE_COORDINATION, lambda w: selectors.my_plans(user=w.u)),
    "plan_of_household": Read(
        Purpose.CASE_COORDINATION,
        lambda w: selectors.plan_of_household(user=w.u, household=w.household),
    ),
    "plan_for_resident": Read(
        Purpose.OWN_DATA, lambda w: selectors.plan_for_resident(user=w.u), who=Role.RESIDENT
    ),
    "discussion_get": Read(
        Purpose.CASE_DISCUSSION, lambda w: selectors.discussion_get(user=w.u, pk=w.discussion.pk)
    ),
    "discussion_page": Read(
        Purpose.CASE_DISCUSSION,
        lambda w: selectors.discussion_page(user=w.u, pk=w.discussion.pk),
    ),
    "my_discussions": Read(Purpose.CASE_DISCUSSION, lambda w: selectors.my_discussions(user=w.u)),
    "plan_summary": Read(
        Purpose.CASE_COORDINATION,
        lambda w: selectors.plan_summary(user=w.u, household=w.household),
    ),
    "household_plans": Read(
        Purpose.CASE_COORDINATION,
        lambda w: selectors.household_plans(user=w.u, household=w.household),
    ),
    "worklist": Read(Purpose.WORKLIST, lambda w: selectors.worklist(user=w.u)),
}

#: Reads for forms of a page that logs the plan (``plan_get``) or the discussion.
LOGGED_BY_THE_PAGE = {
    "goal_get": "goal edit form: the page logs the plan read (plan_get)",
    "action_get": "action edit form: the page logs the plan read (plan_get)",
    "review_get": "review form: the page logs the plan read (plan_get)",
}

#: Logged by the caller: the rights service checks and logs the export.
LOGGED_BY_THE_CALLER = {
    "export_for_household": "AVG art. 15 export; rights service logs with DATA_REQUEST",
}

#: No personal data of residents leaves these.
NO_PERSONAL_DATA = {
    "may_use_plans": "yes/no from the role",
    "active_plan_exists": "yes/no",
    "plan_title": "formats a title from what the caller read",
    "due_state": "a date computation",
    "work_item_key": "sorting",
    "sort_work_items": "sorting",
    "household_label_annotation": "builds a query expression",
    "resident_ids_of": "ids for the access log itself",
    "household_resident_ids": "ids for the access log itself",
    "coordinator_choices": "colleague accounts, no residents",
    "owner_account_choices": "colleague accounts, no residents",
    "colleague_choices": "colleague accounts, no residents",
    "invitable_users": "colleague accounts, no residents",
    "organisation_choices": "organisations",
    "risk_signal_url": "a URL by id",
}


def public_functions() -> set[str]:
    return {
        name
        for name, obj in inspect.getmembers(selectors, inspect.isfunction)
        if obj.__module__ == selectors.__name__ and not name.startswith("_")
    }


def test_every_public_selector_is_in_a_table():
    tables: list[set[str]] = [
        set(READS),
        set(LOGGED_BY_THE_PAGE),
        set(LOGGED_BY_THE_CALLER),
        set(NO_PERSONAL_DATA),
    ]
    listed: set[str] = set().union(*tables)
    assert public_functions() - listed == set(), "add the new selector to a table above"
    assert listed - public_functions() == set(), "remove a selector that no longer exists"
    assert sum(len(t) for t in tables) == len(listed), "a selector is in two tables"


class _W:
    def __init__(self, world: Any, who: str) -> None:
        self.u = world.user(who)
        self.plan, self.review, self.discussion = world.plan, world.review, world.discussion
        self.household = world.household


def _subjects(entry: AccessLogEntry) -> set[int]:
    return set(entry.subjects.values_list("resident_id", flat=True))


@pytest.mark.parametrize("name", sorted(READS))
def test_each_read_logs_one_entry_with_purpose_and_subjects(world, name):
    read = READS[name]
    # Something to read in every list: the worklist needs a review coming up.
    world.plan.next_review_on = timezone.localdate()
    world.plan.save()
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))
    read.call(_W(world, read.who))
    new = AccessLogEntry.objects.exclude(pk__in=before).filter(event="read", purpose=read.purpose)
    assert new.count() == 1, list(new.values("object_type", "purpose"))
    household = getattr(world, read.household)
    expected = set(household.residents.values_list("pk", flat=True))
    assert expected and expected <= _subjects(new.get())


def test_reads_outside_scope_log_nothing_but_the_refusal(world):
    with pytest.raises(Exception):  # noqa: B017 - Http404
        selectors.plan_get(user=world.user("sibling_professional"), pk=world.plan.pk)
    assert not AccessLogEntry.objects.filter(event="read").exists()
    assert AccessLogEntry.objects.filter(event="refused").exists()


def test_empty_lists_log_nothing(world):
    nobody = world.user("colleague")
    selectors.my_plans(user=nobody)
    selectors.my_discussions(user=nobody)
    assert not AccessLogEntry.objects.filter(event="read").exists()


def test_every_case_page_logs_a_read_of_the_household(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    expected = set(world.household.residents.values_list("pk", flat=True))
    urls = [*plan_urls(world, world.plan), *discussion_urls(world.discussion)]
    for url in urls:
        before = set(AccessLogEntry.objects.values_list("pk", flat=True))
        assert client.get(url).status_code == 200, url
        reads = AccessLogEntry.objects.exclude(pk__in=before).filter(event="read", path=url)
        assert reads.exists(), url
        assert any(expected <= _subjects(entry) for entry in reads), url


# --- writes -------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


WRITES: dict[str, tuple[str, str, Callable[[Any], Any]]] = {
    "plan_create": (
        "create",
        Purpose.CASE_COORDINATION,
        lambda w: (
            services.plan_close(user=w.u, plan=w.plan, version=None),
            services.plan_create(user=w.u, household=w.household),
        ),
    ),
    "plan_update": (
        "update",
        Purpose.CASE_COORDINATION,
        lambda w: services.plan_update(
            user=w.u, plan=w.plan, version=None, summary="x", coordinator=w.u
        ),
    ),
    "plan_close": (
        "update",
        Purpose.CASE_COORDINATION,
        lambda w: services.plan_close(user=w.u, plan=w.plan, version=None),
    ),
    "goal_add": (
        "create",
        Purpose.CASE_COORDINATION,
        lambda w: services.goal_add(user=w.u, plan=w.plan, text="x"),
    ),
    "goal_update": (
        "update",
        Purpose.CASE_COORDINATION,
        lambda w: services.goal_update(
            user=w.u, goal=w.plan.goals.first(), version=None, text="y", status=GoalStatus.OPEN
        ),
    ),
    "action_add": (
        "create",
        Purpose.CASE_COORDINATION,
        lambda w: services.action_add(user=w.u, plan=w.plan, description="x", owner_name="x"),
    ),
    "action_update": (
        "update",
        Purpose.CASE_COORDINATION,
        lambda w: services.action_update(
            user=w.u, item=w.plan.actions.first(), version=None, description="y", owner_name="y"
        ),
    ),
    "appointment_add": (
        "create",
        Purpose.CASE_COORDINATION,
        lambda w: services.appointment_add(user=w.u, plan=w.plan, starts_at=timezone.now()),
    ),
    "comment_add": (
        "create",
        Purpose.CASE_COORDINATION,
        lambda w: services.comment_add(user=w.u, plan=w.plan, text="x"),
    ),
    "review_schedule": (
        "create",
        Purpose.CASE_COORDINATION,
        lambda w: services.review_schedule(
            user=w.u, plan=w.plan, planned_on=_today() + dt.timedelta(days=5)
        ),
    ),
    "review_hold": (
        "update",
        Purpose.CASE_COORDINATION,
        lambda w: services.review_hold(
            user=w.u, review=w.review, version=None, held_on=_today(), conclusion="x"
        ),
    ),
    "discussion_create": (
        "create",
        Purpose.CASE_DISCUSSION,
        lambda w: services.discussion_create(
            user=w.u, household=w.household, scheduled_at=timezone.now(), question="x"
        ),
    ),
    "participant_invite": (
        "create",
        Purpose.CASE_DISCUSSION,
        lambda w: services.participant_invite(
            user=w.u, discussion=w.discussion, invitee=w.colleague
        ),
    ),
    "discussion_record": (
        "update",
        Purpose.CASE_DISCUSSION,
        lambda w: services.discussion_record(
            user=w.u, discussion=w.discussion, minutes="x", status="held"
        ),
    ),
    "decision_add": (
        "create",
        Purpose.CASE_DISCUSSION,
        lambda w: services.decision_add(
            user=w.u, discussion=w.discussion, text="x", owner_name="x"
        ),
    ),
}


def test_every_public_service_is_in_the_table():
    public = {
        name
        for name, obj in inspect.getmembers(services, inspect.isfunction)
        if obj.__module__ == services.__name__ and not name.startswith("_")
    }
    assert public == set(WRITES)


@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_write_is_logged_with_purpose_and_subjects(world, name):
    event, purpose, call = WRITES[name]
    w = _W(world, Role.COORDINATOR)
    w.colleague = world.user("colleague")  # type: ignore[attr-defined]
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))
    call(w)
    new = AccessLogEntry.objects.exclude(pk__in=before).filter(event=event, purpose=purpose)
    assert new.exists()
    expected = set(world.household.residents.values_list("pk", flat=True))
    assert all(expected <= _subjects(entry) for entry in new)


def test_log_entries_hold_no_names_or_text(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    for url in plan_urls(world, world.plan):
        client.get(url)
    values = " ".join(
        str(v) for entry in AccessLogEntry.objects.all() for v in entry.__dict__.values()
    )
    for text in ("Yilmaz", "Ayse", "Schulden", "rust in de financiën"):
        assert text not in values
