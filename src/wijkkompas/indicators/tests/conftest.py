"""A small world for the indicator tests: one municipality (Oldebroek) with two districts,
three neighbourhoods and two teams, conversations, scores, initiatives, referrals, ideas
and places in the current year — some counts above the suppression threshold, some
below — and one user per role; a second municipality that does not share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts.constants import TEAM_ROLES, Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)
from wijkkompas.conversations.constants import Outcome
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.ideas.tests.factories import IdeaFactory, IdeaSupporterFactory
from wijkkompas.indicators.catalogue import Period, Scope
from wijkkompas.initiatives.constants import Stage, TransformationLevel
from wijkkompas.initiatives.tests.factories import InitiativeFactory, ReferralFactory
from wijkkompas.instruments.tests.factories import AssessmentFactory, shipped_ladder, shipped_zrm
from wijkkompas.places.tests.factories import PlaceFactory
from wijkkompas.residents.tests.factories import HouseholdFactory, ResidentFactory
from wijkkompas.teams.tests.factories import TeamFactory


def this_year() -> Period:
    return Period.containing("year", timezone.localdate())


@dataclass
class World:
    gm: Any
    other_gm: Any
    districts: list[Any]
    neighbourhoods: list[Any]
    team: Any
    team_b: Any
    foreign_team: Any
    period: Period
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]

    @property
    def scope(self) -> Scope:
        return Scope(municipality_id=self.gm.pk)

    @property
    def team_scope(self) -> Scope:
        return Scope(municipality_id=self.gm.pk, team_id=self.team.pk)


def _conversations(household: Any, day: dt.date, outcomes: dict[str, int]) -> list[Any]:
    made = []
    for outcome, n in outcomes.items():
        for _i in range(n):
            resident = ResidentFactory(household=household)
            made.append(ConversationFactory(resident=resident, held_on=day, outcome=outcome))
    return made


def _social_map_uses(gm: Any, meal: Any, made: list[Any]) -> None:
    from wijkkompas.socialmap.constants import WmoStep
    from wijkkompas.socialmap.models import Entry, EntryUse

    def entry(name: str, step: str, **more: Any) -> Any:
        return Entry.objects.create(
            municipality=gm,
            name=name,
            kind="general_provision",
            step=step,
            description=name,
            life_domains=["social_network"],
            last_checked_on=timezone.localdate(),
            **more,
        )

    neighbours = entry("Burenhulp vragen", WmoStep.OWN_NETWORK)
    meal_entry = entry("Buurtmaaltijd", WmoStep.COLLECTIVE, initiative=meal)
    support = entry("Begeleiding Wmo", WmoStep.INDIVIDUAL)
    for i, conversation in enumerate(made[:10]):
        chosen = ([neighbours] if i < 4 else [meal_entry] if i < 9 else [support]) + (
            [meal_entry] if i == 0 else []
        )
        for rank, found in enumerate(chosen, start=1):
            EntryUse.objects.create(
                conversation=conversation, entry=found, step=found.step, rank=rank
            )


def _time_splits(prefix: str, gm: Any, team: Any, team_b: Any, early: dt.date) -> None:
    """Time for the collective: 12 members of team A record two weeks (collective work
    rising), 3 members of team B one week (below the suppression threshold)."""
    from wijkkompas.timeuse.tests.factories import TimeSplitFactory

    monday = early - dt.timedelta(days=early.weekday())
    for i in range(12):
        member = UserFactory(
            username=f"{prefix}-tijd-{i}", role=Role.PROFESSIONAL, municipality=gm, teams=[team]
        )
        for week, shares in enumerate(((70, 10, 10, 10), (55, 20, 15, 10))):
            TimeSplitFactory(
                team=team,
                user=member,
                week=monday + dt.timedelta(weeks=week),
                casework=shares[0],
                collective=shares[1],
                network=shares[2],
                overhead=shares[3],
            )
    for i in range(3):
        member = UserFactory(
            username=f"{prefix}-tijd-b-{i}", role=Role.PROFESSIONAL, municipality=gm, teams=[team_b]
        )
        TimeSplitFactory(team=team_b, user=member, week=monday)


def build_world(prefix: str = "ind") -> World:
    today = timezone.localdate()
    early = dt.date(today.year, 1, 10)
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek", shares_aggregates=True)
    other_gm = MunicipalityFactory(code="GM0363", name="Amsterdam", shares_aggregates=False)
    d1 = DistrictFactory(municipality=gm, name="Wezep")
    d2 = DistrictFactory(municipality=gm, name="Oldebroek-dorp")
    n1 = NeighbourhoodFactory(district=d1, name="Wezep-Noord")
    n2 = NeighbourhoodFactory(district=d1, name="Wezep-Zuid")
    n3 = NeighbourhoodFactory(district=d2, name="Oldebroek-Centrum")
    team = TeamFactory(municipality=gm, name="Krachtstroomteam Wezep", neighbourhoods=[n1, n2])
    team_b = TeamFactory(municipality=gm, name="Sociaal team Oldebroek", neighbourhoods=[n3])
    foreign_team = TeamFactory(municipality=other_gm, name="Buurtteam Noord")
    h1 = HouseholdFactory(team=team, neighbourhood=n1)
    h2 = HouseholdFactory(team=team, neighbourhood=n2)
    h3 = HouseholdFactory(team=team_b, neighbourhood=n3)
    hf = HouseholdFactory(team=foreign_team)
    # Conversations: team A 14 in Wezep-Noord and 3 in Wezep-Zuid, team B 11; one last
    # year (outside the period) and 5 in the other municipality.
    made = _conversations(
        h1,
        early,
        {Outcome.OWN_NETWORK: 6, Outcome.COLLECTIVE: 3, Outcome.WMO: 4, Outcome.GENERAL: 1},
    )
    _conversations(h2, early, {Outcome.SECOND_LINE: 3})
    _conversations(h3, early, {Outcome.WMO: 6, Outcome.COLLECTIVE: 5})
    _conversations(h1, early.replace(year=today.year - 1), {Outcome.WMO: 1})
    _conversations(hf, early, {Outcome.WMO: 5})
    # Self-sufficiency: 12 residents of team A scored twice on two ZRM domains, two once.
    zrm, ladder = shipped_zrm(), shipped_ladder()
    ladder_code = ladder.domains.first().code  # type: ignore[union-attr]
    for i in range(14):
        resident = ResidentFactory(household=h1)
        AssessmentFactory(
            resident=resident,
            version=zrm,
            assessed_on=early,
            scores={"financien": 2, "huisvesting": 3},
        )
        if i < 12:
            AssessmentFactory(
                resident=resident,
                version=zrm,
                assessed_on=today,
                scores={"financien": 3 if i < 9 else 2, "huisvesting": 3 if i < 11 else 2},
            )
    # Participation ladder: 11 residents placed twice: 7 up, 3 the same, 1 down.
    for i in range(11):
        resident = ResidentFactory(household=h3)
        AssessmentFactory(
            resident=resident, version=ladder, assessed_on=early, scores={ladder_code: 2}
        )
        later = 3 if i < 7 else (2 if i < 10 else 1)
        AssessmentFactory(
            resident=resident, version=ladder, assessed_on=today, scores={ladder_code: later}
        )
    # Initiatives of team A: two running (normalising), one idea (prevention).
    community = PlaceFactory(municipality=gm, neighbourhood=n1, name="Dorpshuis De Mheen")
    PlaceFactory(municipality=gm, neighbourhood=n1, name="Bibliotheek Wezep", kind="library")
    PlaceFactory(municipality=gm, neighbourhood=n3, name="Kerk Oldebroek", kind="church")
    initiators = [
        UserFactory(username=f"{prefix}-init-{i}", role=Role.INITIATOR, municipality=gm)
        for i in range(3)
    ]
    meal = InitiativeFactory(
        team=team,
        name="Buurtmaaltijd",
        stage=Stage.RUNNING,
        participants_count=30,
        budget=Decimal("2400.00"),
        place=community,
        residents_in_charge=initiators[:2],
    )
    InitiativeFactory(
        team=team,
        name="Klussendienst",
        stage=Stage.RUNNING,
        participants_count=12,
        residents_in_charge=initiators[2:],
    )
    InitiativeFactory(
        team=team, name="Jonge moedergroep", level=TransformationLevel.PREVENT, stage=Stage.IDEA
    )
    for conversation in made[:12]:
        ReferralFactory(conversation=conversation, initiative=meal)
    # Social map: of the 14 conversations of Wezep-Noord, 9 answered in the own network or
    # collectively with an entry (own network 4, the meal 5, one of them both) and one
    # Wmo conversation with an individual provision.
    _social_map_uses(gm, meal, made)
    # Ideas in Wezep-Noord: 11 sent (2 grown), 1 rejected; 3 residents joined.
    for i in range(12):
        status = (
            IdeaStatus.REJECTED
            if i == 11
            else (IdeaStatus.GROWN if i < 2 else IdeaStatus.PUBLISHED)
        )
        idea = IdeaFactory(
            neighbourhood=n1,
            team=team,
            status=status,
            grown_at=timezone.now() if status == IdeaStatus.GROWN else None,
        )
        IdeaSupporterFactory(idea=idea, is_submitter=True)
        if i < 3:
            IdeaSupporterFactory(idea=idea)
    users: dict[str, Any] = {}
    for role in Role.values:
        users[role] = UserFactory(
            username=f"{prefix}-{role}",
            role=role,
            municipality=gm,
            teams=[team] if role in TEAM_ROLES else None,
        )
    users["lead_b"] = UserFactory(
        username=f"{prefix}-lead-b", role=Role.TEAM_LEAD, municipality=gm, teams=[team_b]
    )
    users["foreign_officer"] = UserFactory(
        username=f"{prefix}-foreign", role=Role.POLICY_OFFICER, municipality=other_gm
    )
    users["operator"] = UserFactory(
        username=f"{prefix}-operator", role=Role.ADMIN, municipality=None, is_superuser=True
    )
    _time_splits(prefix, gm, team, team_b, early)
    return World(
        gm=gm,
        other_gm=other_gm,
        districts=[d1, d2],
        neighbourhoods=[n1, n2, n3],
        team=team,
        team_b=team_b,
        foreign_team=foreign_team,
        period=this_year(),
        users=users,
    )


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once per module and rolled back afterwards."""
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
    """The world, with every test in its own savepoint."""
    return module_world
