"""A small world for the resident tests, built once per module (each test runs in a
savepoint inside it, like ``setUpTestData``).

Municipality Oldebroek with the team "Krachtstroom Wezep" (the users' team) and a sibling
team; Alkmaar is another tenant. Residents of the team:

* ``consented``: consents to the team, every part;
* ``org_only``: consents to the employer organisation of the professional only (so the
  colleague of the same team from another organisation has no access);
* ``withdrawn``: their only consent to the team was withdrawn;
* ``partner``: lives with ``consented`` and gave no consent of their own.

``sibling_resident`` belongs to the sibling team (consent to that team) and
``foreign_resident`` to Alkmaar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.residents.tests.factories import (
    ConsentFactory,
    HouseholdFactory,
    ResidentFactory,
    RiskSignalFactory,
)
from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory

#: A valid BSN (11-proef) planted on ``consented``; it must never show up in full.
SECRET_BSN = "111222333"


@dataclass
class World:
    gm: Any
    other_gm: Any
    neighbourhood: Any
    team: Any
    sibling: Any
    foreign: Any
    amw: Any
    nurse_org: Any
    household: Any
    consented: Any
    partner: Any
    org_only: Any
    withdrawn: Any
    sibling_resident: Any
    foreign_resident: Any
    signal: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        """A fresh copy of the user (no cached team or organisation ids between tests)."""
        return type(self.users[role]).objects.get(pk=self.users[role].pk)


def build_world() -> World:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    other_gm = MunicipalityFactory(code="GM0361", name="Alkmaar")
    district = DistrictFactory(municipality=gm, code="WK026901", name="Wezep")
    neighbourhood = NeighbourhoodFactory(district=district, code="BU02690101", name="Wezep-Noord")
    team = TeamFactory(municipality=gm, name="Krachtstroom Wezep", neighbourhoods=[neighbourhood])
    sibling = TeamFactory(
        municipality=gm, name="Team Oldebroek-dorp", neighbourhoods=[neighbourhood]
    )
    foreign = TeamFactory(municipality=other_gm, name="Sociaal team Alkmaar")
    amw = OrganisationFactory(municipality=gm, name="Welzijn Oldebroek")
    nurse_org = OrganisationFactory(municipality=gm, name="Thuiszorg Noord-Veluwe")

    users: dict[str, Any] = {}
    for role in Role.values:
        teams = [team] if role in {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD} else None
        users[role] = UserFactory(username=f"r-{role}", role=role, municipality=gm, teams=teams)
    users["colleague"] = UserFactory(
        username="r-colleague", role=Role.PROFESSIONAL, municipality=gm, teams=[team]
    )
    users["other_team"] = UserFactory(
        username="r-other-team", role=Role.PROFESSIONAL, municipality=gm, teams=[sibling]
    )
    users["other_municipality"] = UserFactory(
        username="r-elsewhere", role=Role.PROFESSIONAL, municipality=other_gm, teams=[foreign]
    )
    MembershipFactory(team=team, organisation=amw, user=users[Role.PROFESSIONAL])
    MembershipFactory(team=team, organisation=nurse_org, user=users["colleague"])

    household = HouseholdFactory(team=team, label="Familie De Vries", neighbourhood=neighbourhood)
    consented = ResidentFactory(
        household=household,
        name="Anna de Vries",
        bsn=SECRET_BSN,
        phone="06-12345678",
        email="anna@example.org",
        address="Dorpsstraat 1",
        neighbourhood=neighbourhood,
        user=users[Role.RESIDENT],
    )
    ConsentFactory(resident=consented)
    partner = ResidentFactory(household=household, name="Bram de Vries", birth_year=1978)
    org_only = ResidentFactory(
        household=HouseholdFactory(team=team, label="Huishouden Jansen"), name="Carla Jansen"
    )
    ConsentFactory(resident=org_only, team=None, organisation=amw)
    withdrawn = ResidentFactory(
        household=HouseholdFactory(team=team, label="Huishouden Smit"), name="Dirk Smit"
    )
    ConsentFactory(resident=withdrawn, withdrawn_at=timezone.now() - dt.timedelta(days=2))
    sibling_resident = ResidentFactory(
        household=HouseholdFactory(team=sibling, label="Huishouden Bakker"), name="Eva Bakker"
    )
    ConsentFactory(resident=sibling_resident)
    foreign_resident = ResidentFactory(
        household=HouseholdFactory(team=foreign, label="Huishouden Visser"), name="Frank Visser"
    )
    ConsentFactory(resident=foreign_resident)
    signal = RiskSignalFactory(household=household, resident=partner)
    return World(
        gm=gm,
        other_gm=other_gm,
        neighbourhood=neighbourhood,
        team=team,
        sibling=sibling,
        foreign=foreign,
        amw=amw,
        nurse_org=nurse_org,
        household=household,
        consented=consented,
        partner=partner,
        org_only=org_only,
        withdrawn=withdrawn,
        sibling_resident=sibling_resident,
        foreign_resident=foreign_resident,
        signal=signal,
        users=users,
    )


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """The world, with every test in its own savepoint; objects are re-read per test."""
    for name in (
        "team",
        "sibling",
        "household",
        "consented",
        "partner",
        "org_only",
        "withdrawn",
        "sibling_resident",
        "foreign_resident",
        "signal",
    ):
        obj = getattr(module_world, name)
        obj.refresh_from_db()
    return module_world
