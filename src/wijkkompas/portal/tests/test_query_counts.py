"""The number of queries of the pages of "Mijn plan" does not grow with the plan or the
consents. Limits live in ``query_counts.json``: raising one is a reviewed change."""

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
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.portal.tests.factories import (
    AppointmentFactory,
    GoalFactory,
    PlanActionFactory,
    PlanCommentFactory,
    PlanFactory,
)
from wijkkompas.residents.tests.factories import ConsentFactory, HouseholdFactory, ResidentFactory
from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())
PAGES = ["portal:overview", "portal:consents", "portal:consent_grant", "portal:data"]


def _resident(size: int) -> Any:
    """A resident account with a plan and consents of ``size`` items each."""
    team = TeamFactory()
    for _ in range(size):
        MembershipFactory(
            team=team, organisation=OrganisationFactory(municipality=team.municipality)
        )
    account = UserFactory(role=Role.RESIDENT, municipality=team.municipality)
    resident = ResidentFactory(household=HouseholdFactory(team=team), user=account)
    plan = PlanFactory(household=resident.household)
    for n in range(size):
        goal = GoalFactory(plan=plan, added_by_resident=bool(n % 2))
        PlanActionFactory(
            plan=plan,
            goal=goal,
            owner_organisation=OrganisationFactory(municipality=team.municipality),
        )
        AppointmentFactory(plan=plan, starts_at=timezone.now() + dt.timedelta(days=n + 1))
        PlanCommentFactory(plan=plan, author=account if n % 2 else plan.coordinator)
        ConsentFactory(
            resident=resident,
            valid_until=timezone.localdate() + dt.timedelta(days=n) if n % 3 else None,
        )
    return account


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_the_plan(login_client, name):
    small, large = login_client(_resident(1)), login_client(_resident(15))
    url = reverse(name)
    _count(small, url), _count(large, url)  # warm up sessions and caches
    small_count, large_count = _count(small, url), _count(large, url)
    assert small_count == large_count, (small_count, large_count)
    assert large_count <= LIMITS[name], large_count
