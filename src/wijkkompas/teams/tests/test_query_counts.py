"""The number of queries of the team pages does not grow with teams or members.

Limits live in ``query_counts.json`` (NetBox style): a page that needs more queries
fails here, and raising a limit is a reviewed change of that file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)
from wijkkompas.organisations.models import Discipline
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.teams.constants import RING_ORDER
from wijkkompas.teams.tests.factories import MembershipFactory, PartnerFactory, TeamFactory

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())


def _build(gm, teams: int, members_per_team: int) -> list:
    district = DistrictFactory(municipality=gm)
    neighbourhoods = [NeighbourhoodFactory(district=district) for _ in range(3)]
    disciplines = list(Discipline.objects.all()[:6])
    organisations = [
        OrganisationFactory(municipality=gm, discipline=d, craft=d.default_craft)
        for d in disciplines
    ]
    created = []
    for t in range(teams):
        team: Any = TeamFactory(municipality=gm, neighbourhoods=neighbourhoods[: 1 + t % 3])
        team.districts.set([district])
        for m in range(members_per_team):
            MembershipFactory(
                team=team,
                organisation=organisations[m % len(organisations)],
                ring=RING_ORDER[m % 4],
            )
        PartnerFactory(team=team)
        created.append(team)
    return created


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.POLICY_OFFICER])
def test_team_overview_query_count_is_constant(login_client, role):
    small_gm = MunicipalityFactory(code="GM0001")
    large_gm = MunicipalityFactory(code="GM0002")
    _build(small_gm, teams=2, members_per_team=3)
    _build(large_gm, teams=20, members_per_team=12)
    url = reverse("teams:list")
    small = login_client(UserFactory(role=role, municipality=small_gm))
    large = login_client(UserFactory(role=role, municipality=large_gm))
    _count(small, url), _count(large, url)  # warm up sessions and caches
    small_count, large_count = _count(small, url), _count(large, url)
    assert small_count == large_count, (small_count, large_count)
    assert large_count <= LIMITS["teams:list"], large_count


def test_team_overview_query_count_for_team_role(login_client):
    gm = MunicipalityFactory(code="GM0003")
    teams = _build(gm, teams=20, members_per_team=10)
    lead_one = login_client(UserFactory(role=Role.TEAM_LEAD, municipality=gm, teams=teams[:1]))
    lead_many = login_client(UserFactory(role=Role.TEAM_LEAD, municipality=gm, teams=teams))
    url = reverse("teams:list")
    _count(lead_one, url), _count(lead_many, url)
    assert _count(lead_one, url) == _count(lead_many, url) <= LIMITS["teams:list"]


@pytest.mark.parametrize(("url_name", "members"), [("teams:detail", 30), ("teams:network", 30)])
@override_settings(WIJKKOMPAS_CASE_PAGE_CACHE_SECONDS=0)
def test_team_pages_query_count_does_not_grow_with_members(login_client, url_name, members):
    """The page as computed (the team page is kept between two changes, ``audit.kept``:
    a kept view's queries are measured in ``test_kept_page``)."""
    gm = MunicipalityFactory(code="GM0004")
    small, large = (
        _build(gm, teams=1, members_per_team=2)[0],
        _build(gm, teams=1, members_per_team=members)[0],
    )
    for role in (Role.ADMIN, Role.POLICY_OFFICER):
        client = login_client(UserFactory(role=role, municipality=gm))
        _count(client, reverse(url_name, args=[small.pk]))
        small_count = _count(client, reverse(url_name, args=[small.pk]))
        large_count = _count(client, reverse(url_name, args=[large.pk]))
        assert small_count == large_count <= LIMITS[url_name], (role, small_count, large_count)
