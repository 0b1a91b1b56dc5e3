"""The number of queries of the caseload, resident and household pages does not grow with
the data: measured with a small and a large caseload and household (NetBox style limits in
``query_counts.json``)."""

from __future__ import annotations

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
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.residents.constants import RiskKind
from wijkkompas.residents.models import RiskSignal
from wijkkompas.residents.tests.factories import (
    ConsentFactory,
    HouseholdFactory,
    ResidentFactory,
)
from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())


def _build(code: str, *, households: int, members: int) -> dict[str, Any]:
    """A team with ``households`` households of ``members`` consenting residents each, with
    two consents per resident and a risk signal per member; plus residents without consent."""
    gm = MunicipalityFactory(code=code)
    team = TeamFactory(municipality=gm, caseload_visible_without_consent=True)
    organisation = OrganisationFactory(municipality=gm)
    user = UserFactory(role=Role.PROFESSIONAL, municipality=gm, teams=[team])
    MembershipFactory(team=team, organisation=organisation, user=user)
    first = None
    for _ in range(households):
        household = HouseholdFactory(team=team)
        for m in range(members):
            resident = ResidentFactory(household=household)
            ConsentFactory(resident=resident)
            ConsentFactory(resident=resident, team=None, organisation=organisation)
            RiskSignal.objects.create(
                household=household,  # type: ignore[misc]
                resident=resident,  # type: ignore[misc]
                kind=RiskKind.DEBTS,
                description="x",
                raised_on=timezone.localdate(),
            )
            if m == 0:
                ResidentFactory(household=household)  # no consent: a name in the caseload
            first = first or resident
    return {"user": user, "team": team, "resident": first}


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "target"),
    [
        ("residents:caseload", lambda d: d["team"].pk),
        ("residents:detail", lambda d: d["resident"].pk),
        ("residents:household_detail", lambda d: d["resident"].household_id),
    ],
)
def test_query_count_does_not_grow_with_the_data(login_client, url_name, target):
    small = _build("GM0011", households=1, members=1)
    large = _build("GM0012", households=12, members=5)
    counts = []
    for data in (small, large):
        client = login_client(data["user"])
        url = reverse(url_name, args=[target(data)])
        _count(client, url)  # warm up: session, caches
        counts.append(_count(client, url))
    assert counts[0] == counts[1], (url_name, counts)
    assert counts[1] <= LIMITS[url_name], (url_name, counts[1], LIMITS[url_name])


def test_caseload_search_has_the_same_count(login_client):
    data = _build("GM0013", households=6, members=3)
    client = login_client(data["user"])
    url = reverse("residents:caseload", args=[data["team"].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.post(url, {"naam": "a"})
    assert len(ctx.captured_queries) <= LIMITS["residents:caseload"] + 1  # + the count
