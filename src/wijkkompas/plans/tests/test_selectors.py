"""Reads for other apps: Mijn plan (the resident's own plan), the plan of a household, the
AVG export, and the plan's sections of the household and resident pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.audit.constants import Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.plans import selectors, services
from wijkkompas.plans.constants import PLANS_PER_PAGE, PlanStatus
from wijkkompas.plans.models import Plan
from wijkkompas.plans.tests.conftest import HOUSEHOLD_LABEL, SUMMARY, household_with_consent
from wijkkompas.plans.tests.factories import (
    AppointmentFactory,
    DecisionFactory,
    PlanCommentFactory,
    PlanFactory,
)
from wijkkompas.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


# --- Mijn plan ----------------------------------------------------------------------------


def test_plan_for_resident_is_the_own_households_active_plan(world):
    AppointmentFactory(plan=world.plan)
    PlanCommentFactory(plan=world.plan, by_resident=True)
    plan = selectors.plan_for_resident(user=world.user(Role.RESIDENT))
    assert plan == world.plan
    with CaptureQueriesContext(connection) as ctx:
        goals = list(plan.goals.all())
        actions = list(plan.actions.all())
        appointments = list(plan.appointments.all())
        comments = list(plan.comments.all())
    assert len(ctx.captured_queries) == 0  # prefetched
    assert goals and actions and appointments and comments
    entry = AccessLogEntry.objects.get(event="read", purpose=Purpose.OWN_DATA)
    assert world.resident.pk in entry.subjects.values_list("resident_id", flat=True)


def test_plan_for_resident_is_none_for_others(world):
    assert selectors.plan_for_resident(user=world.user(Role.PROFESSIONAL)) is None
    stranger = UserFactory(role=Role.RESIDENT, municipality=world.gm)
    assert selectors.plan_for_resident(user=stranger) is None
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.CLOSED)
    assert selectors.plan_for_resident(user=world.user(Role.RESIDENT)) is None


def test_a_resident_never_gets_another_households_plan(world):
    other: Any = ResidentFactory(household=world.unconsented)
    other.user = UserFactory(role=Role.RESIDENT, municipality=world.gm)
    other.save()
    assert selectors.plan_for_resident(user=other.user) == world.unconsented_plan


def test_resident_writes_through_the_services_show_in_mijn_plan(world):
    user = world.user(Role.RESIDENT)
    services.goal_add(user=user, plan=world.plan, text="Zelf boodschappen doen", by_resident=True)
    services.comment_add(user=user, plan=world.plan, text="Dank jullie wel", by_resident=True)
    plan = selectors.plan_for_resident(user=user)
    assert plan is not None
    assert any(goal.added_by_resident for goal in plan.goals.all())
    assert [c.text for c in plan.comments.all()] == ["Dank jullie wel"]


def test_plan_of_household(world):
    assert (
        selectors.plan_of_household(user=world.user(Role.PROFESSIONAL), household=world.household)
        == world.plan
    )
    assert (
        selectors.plan_of_household(user=world.user(Role.PROFESSIONAL), household=world.unconsented)
        is None
    )
    assert (
        selectors.plan_of_household(
            user=world.user("sibling_professional"), household=world.household
        )
        is None
    )


# --- the AVG export -----------------------------------------------------------------------


def test_export_for_household_is_plain_data(world):
    services.comment_add(
        user=world.user(Role.RESIDENT), plan=world.plan, text="Mijn opmerking", by_resident=True
    )
    DecisionFactory(discussion=world.discussion, text="Bel de corporatie")
    logged = AccessLogEntry.objects.count()
    data = selectors.export_for_household(household=world.household)
    json.dumps(data)  # plain data only
    [plan] = data["plans"]
    assert plan["summary"] == SUMMARY and plan["goals"][0]["text"] == "Schulden op een rij"
    assert plan["comments"][0]["by"] == "resident"  # no account name of a resident
    assert world.user(Role.RESIDENT).username not in json.dumps(data)
    [discussion] = data["case_discussions"]
    assert discussion["decisions"][0]["text"] == "Bel de corporatie"
    assert discussion["question"] == world.discussion.question
    # No access check and no log inside: the rights service does both.
    assert AccessLogEntry.objects.count() == logged


def test_export_of_another_household_holds_nothing_of_this_one(world):
    data = selectors.export_for_household(household=world.unconsented)
    assert SUMMARY not in json.dumps(data)


# --- Mijn plannen -------------------------------------------------------------------------


def test_my_plans_pages_and_states(world):
    user = world.user(Role.COORDINATOR)
    today = timezone.localdate()
    for i in range(PLANS_PER_PAGE + 2):
        PlanFactory(
            household=household_with_consent(world.team),
            coordinator=user,
            next_review_on=today + dt.timedelta(days=i - 3),
        )
    first = selectors.my_plans(user=user, today=today)
    assert (
        first.page.paginator.count == PLANS_PER_PAGE + 3
    )  # + world.plan (the other has no consent)
    assert len(first.rows) == PLANS_PER_PAGE
    assert [row.state for row in first.rows[:3]] == ["overdue"] * 3
    assert first.overdue == 3 and first.rows[0].days_overdue == 3
    dates = [row.next_review_on or dt.date.max for row in first.rows]
    assert dates == sorted(dates)
    second = selectors.my_plans(user=user, page=2, today=today)
    assert len(second.rows) == 3
    assert selectors.my_plans(user=user, page="x", today=today).page.number == 1


# --- sections of the residents' pages -----------------------------------------------------


def test_household_page_shows_the_plan_section(world, login_client):
    html = (
        login_client(world.user(Role.PROFESSIONAL))
        .get(reverse("residents:household_detail", args=[world.household.pk]))
        .content.decode()
    )
    assert reverse("plans:detail", args=[world.plan.pk]) in html
    assert reverse("plans:discussion_create", args=[world.household.pk]) in html


def test_household_without_plan_offers_to_start_one(world, login_client):
    household = household_with_consent(world.team)
    html = (
        login_client(world.user(Role.PROFESSIONAL))
        .get(reverse("residents:household_detail", args=[household.pk]))
        .content.decode()
    )
    assert reverse("plans:create", args=[household.pk]) in html


def test_resident_page_points_to_the_plan(world, login_client):
    html = (
        login_client(world.user(Role.COORDINATOR))
        .get(reverse("residents:detail", args=[world.resident.pk]))
        .content.decode()
    )
    assert reverse("plans:detail", args=[world.plan.pk]) in html
    assert HOUSEHOLD_LABEL in html
