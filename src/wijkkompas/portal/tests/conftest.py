"""A small world for the portal tests: one team, two households each with a resident who
has a "Mijn plan" account, consents, and a plan for the first household."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
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

#: Every page of "Mijn plan" that takes no id, by URL name.
PAGES = [
    "portal:overview",
    "portal:goal_add",
    "portal:comment_add",
    "portal:consents",
    "portal:consent_grant",
    "portal:scores",
    "portal:data",
    "portal:download_pdf",
    "portal:download_json",
]


@dataclass
class PortalWorld:
    gm: Any
    team: Any
    amw: Any
    elsewhere: Any
    household: Any
    resident: Any
    account: Any
    consent: Any
    plan: Any
    other_household: Any
    other_resident: Any
    other_account: Any
    other_consent: Any
    users: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def portal_world(db: Any) -> PortalWorld:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    team = TeamFactory(municipality=gm, name="Krachtstroom Wezep")
    amw = OrganisationFactory(municipality=gm, name="Maatschappelijk Werk De Veluwerand")
    elsewhere = OrganisationFactory(municipality=gm, name="Organisatie buiten het team")
    MembershipFactory(team=team, organisation=amw, person_name="Jeroen van de Kamp")

    account = UserFactory(username="inwoner-kees", role=Role.RESIDENT, municipality=gm)
    household = HouseholdFactory(team=team, label="Familie Van Beek")
    resident = ResidentFactory(household=household, name="Kees van Beek", user=account)
    consent = ConsentFactory(resident=resident)

    other_account = UserFactory(username="inwoner-sandra", role=Role.RESIDENT, municipality=gm)
    other_household = HouseholdFactory(team=team, label="Mevrouw Bos")
    other_resident = ResidentFactory(
        household=other_household, name="Sandra Bos", user=other_account
    )
    other_consent = ConsentFactory(resident=other_resident)

    plan = PlanFactory(household=household, summary="Kees wil weer rust in de financiën.")
    GoalFactory(plan=plan, text="De schulden zijn in beeld.")
    PlanActionFactory(
        plan=plan,
        description="Aanmelden bij de schuldhulp.",
        owner_name="Dennis Bakker",
        owner_organisation=amw,
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )
    AppointmentFactory(plan=plan, place="Budgetcafé De Brinkhof")
    AppointmentFactory(
        plan=plan, place="Afspraak van vorige maand", starts_at=timezone.now() - dt.timedelta(30)
    )
    PlanCommentFactory(plan=plan, author=account, text="Het gesprek viel me mee.")
    PlanCommentFactory(plan=plan, by_resident=False, text="Fijn om te horen, dank je wel.")
    other_plan = PlanFactory(household=other_household, summary="Een nieuwe woning vinden.")
    GoalFactory(plan=other_plan, text="Sandra heeft een eigen woning.")

    world = PortalWorld(
        gm=gm,
        team=team,
        amw=amw,
        elsewhere=elsewhere,
        household=household,
        resident=resident,
        account=account,
        consent=consent,
        plan=plan,
        other_household=other_household,
        other_resident=other_resident,
        other_account=other_account,
        other_consent=other_consent,
    )
    for role in Role.values:
        if role == Role.RESIDENT:
            continue
        teams = [team] if role in {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD} else None
        world.users[role] = UserFactory(role=role, municipality=gm, teams=teams)
    return world
