"""The number of queries of the plan pages does not grow with the data.

Limits live in ``query_counts.json`` (NetBox style): a page that needs more queries fails
here, and raising a limit is a reviewed change of that file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.instruments.tests.factories import AssessmentFactory, shipped_zrm
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.plans.tests.conftest import household_with_consent
from wijkkompas.plans.tests.factories import (
    AppointmentFactory,
    CaseDiscussionFactory,
    DecisionFactory,
    GoalFactory,
    ParticipantFactory,
    PlanActionFactory,
    PlanCommentFactory,
    PlanFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())
TODAY = timezone.localdate


def _build(world: Any, coordinator: Any, n: int) -> dict[str, Any]:
    """A plan with ``n`` of every part, a held review with scores, a case discussion with
    ``n`` participants and decisions, and ``n`` other plans coordinated by the same user."""
    household = household_with_consent(world.team)
    resident = household.residents.get()
    plan = PlanFactory(household=household, coordinator=coordinator)
    zrm = shipped_zrm()
    AssessmentFactory(
        resident=resident, version=zrm, assessed_on=plan.started_on, scores={"financien": 2}
    )
    review = ReviewFactory(plan=plan, planned_on=TODAY(), held_on=TODAY(), conclusion="x")
    AssessmentFactory(
        resident=resident, version=zrm, review=review, assessed_on=TODAY(), scores={"financien": 4}
    )
    discussion = CaseDiscussionFactory(household=household, plan=plan)
    ParticipantFactory(discussion=discussion, user=coordinator)
    for i in range(n):
        organisation = OrganisationFactory(municipality=world.gm)
        goal = GoalFactory(plan=plan)
        PlanActionFactory(plan=plan, goal=goal, owner_organisation=organisation)
        AppointmentFactory(plan=plan)
        PlanCommentFactory(plan=plan, author=coordinator)
        ReviewFactory(plan=plan, planned_on=TODAY() + dt.timedelta(days=10 + i))
        colleague = UserFactory(role=Role.PROFESSIONAL, municipality=world.gm, teams=[world.team])
        ParticipantFactory(discussion=discussion, user=colleague)
        DecisionFactory(discussion=discussion, owner_organisation=organisation)
        PlanFactory(household=household_with_consent(world.team), coordinator=coordinator)
    return {"plan": plan, "review": review, "discussion": discussion, "household": household}


def _urls(data: dict[str, Any]) -> dict[str, str]:
    plan, review, discussion = data["plan"], data["review"], data["discussion"]
    action = plan.actions.first()
    return {
        "plans:mine": reverse("plans:mine"),
        "plans:worklist": reverse("plans:worklist"),
        "plans:discussions": reverse("plans:discussions"),
        "plans:detail": reverse("plans:detail", args=[plan.pk]),
        "plans:edit": reverse("plans:edit", args=[plan.pk]),
        "plans:action_add": reverse("plans:action_add", args=[plan.pk]),
        "plans:action_edit": reverse("plans:action_edit", args=[plan.pk, action.pk]),
        "plans:review_detail": reverse("plans:review_detail", args=[plan.pk, review.pk]),
        "plans:review_hold": reverse("plans:review_hold", args=[plan.pk, review.pk]),
        "plans:create": reverse("plans:create", args=[data["household"].pk]),
        "plans:discussion_detail": reverse("plans:discussion_detail", args=[discussion.pk]),
        "plans:discussion_invite": reverse("plans:discussion_invite", args=[discussion.pk]),
        "plans:decision_add": reverse("plans:decision_add", args=[discussion.pk]),
    }


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_plan_pages_query_counts_do_not_grow_with_the_data(world, login_client, settings):
    # No session "last seen" write in the middle of a measurement (it depends on the clock).
    settings.SESSION_TOUCH_INTERVAL = 10**9
    small_user = UserFactory(role=Role.COORDINATOR, municipality=world.gm, teams=[world.team])
    large_user = UserFactory(role=Role.COORDINATOR, municipality=world.gm, teams=[world.team])
    small = _urls(_build(world, small_user, 1))
    large = _urls(_build(world, large_user, 12))
    small_client, large_client = login_client(small_user), login_client(large_user)
    problems = []
    for name in small:
        _count(small_client, small[name]), _count(large_client, large[name])  # warm up
        small_count = _count(small_client, small[name])
        large_count = _count(large_client, large[name])
        if small_count != large_count or large_count > LIMITS[name]:
            problems.append(f"{name}: {small_count} vs {large_count} (limit {LIMITS[name]})")
    assert not problems, "\n".join(problems)
