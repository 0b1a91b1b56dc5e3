"""The number of queries of the initiative pages does not grow with the data.

Each page is counted with a small and a large world (one initiative, opportunity and
referral against many initiatives with neighbourhoods, stories, stage changes, comments,
referrals and conversations in every quarter); limits live in ``query_counts.json``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.models import User
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.initiatives import sections
from wijkkompas.initiatives.tests.factories import (
    InitiativeFactory,
    InitiativeStoryFactory,
    OpportunityCommentFactory,
    OpportunityFactory,
    ReferralFactory,
    StageChangeFactory,
)
from wijkkompas.residents.tests.factories import (
    ConsentFactory,
    HouseholdFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())
#: Transaction bookkeeping of the atomic views, not queries.
_BOOKKEEPING = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def _grow(world: Any, n: int) -> None:
    today = timezone.localdate()
    for i in range(n):
        initiative = InitiativeFactory(team=world.team, place=world.place)
        InitiativeStoryFactory(initiative=world.initiative)
        StageChangeFactory(initiative=world.initiative)
        OpportunityFactory(team=world.team, initiative=world.initiative)
        OpportunityCommentFactory(opportunity=world.opportunity)
        ConversationFactory(
            resident=world.resident,
            held_on=today - dt.timedelta(days=40 * i),
            outcome=["collective", "wmo", "general"][i % 3],
        )
        ReferralFactory(conversation=world.conversation, initiative=initiative)
        resident = ResidentFactory(household=HouseholdFactory(team=world.team))
        ConsentFactory(resident=resident)
        ReferralFactory(
            conversation=ConversationFactory(resident=resident), initiative=world.initiative
        )
    world.initiative.coaches.add(world.user(Role.COORDINATOR))


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len([q for q in ctx.captured_queries if not q["sql"].startswith(_BOOKKEEPING)])


def _section(provider: Any, world: Any, obj: Any) -> int:
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=world.user(Role.PROFESSIONAL).pk)  # nothing cached
    with CaptureQueriesContext(connection) as ctx:
        provider(request=request, obj=obj)
    return len(ctx.captured_queries)


def _counts(world: Any, login_client: Any) -> dict[str, int]:
    client = login_client(world.user(Role.PROFESSIONAL))
    pk = world.initiative.pk
    opportunity = world.opportunity.pk
    pages = {
        "initiatives:list": reverse("initiatives:list"),
        "initiatives:detail": reverse("initiatives:detail", args=[pk]),
        "initiatives:edit": reverse("initiatives:edit", args=[pk]),
        "initiatives:stage_change": reverse("initiatives:stage_change", args=[pk]),
        "initiatives:create": reverse("initiatives:create"),
        "initiatives:opportunities": reverse("initiatives:opportunities"),
        "initiatives:opportunity_detail": reverse(
            "initiatives:opportunity_detail", args=[opportunity]
        ),
        "initiatives:substitution": reverse("initiatives:substitution"),
        "initiatives:referral_create": reverse(
            "initiatives:referral_create", args=[world.resident.pk]
        ),
    }
    _count(client, pages["initiatives:list"])  # warm up the session
    counts = {name: _count(client, url) for name, url in pages.items()}
    policy = login_client(world.user(Role.POLICY_OFFICER))
    _count(policy, pages["initiatives:list"])
    counts["initiatives:detail (policy officer)"] = _count(policy, pages["initiatives:detail"])
    counts["initiatives:substitution (policy officer)"] = _count(
        policy, pages["initiatives:substitution"]
    )
    counts["resident_section"] = _section(sections.resident_referrals, world, world.resident)
    counts["place_section"] = _section(sections.place_initiatives, world, world.place)
    return counts


def test_pages_take_the_same_queries_for_small_and_large_data(world, login_client):
    ReferralFactory(conversation=world.conversation, initiative=world.initiative)
    world.opportunity.initiative = world.initiative  # one signal answered
    world.opportunity.save()
    small = _counts(world, login_client)
    _grow(world, 12)
    large = _counts(world, login_client)
    assert small == large, (small, large)
    for name, count in large.items():
        assert count <= LIMITS[name], (name, count, large)
