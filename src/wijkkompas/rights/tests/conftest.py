"""A small case world for the rights tests: one household of two residents with a
conversation, scores, a plan and a risk signal; another household; another municipality."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import override_settings

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.instruments.tests.factories import AssessmentFactory, shipped_zrm
from wijkkompas.plans.tests.factories import GoalFactory, PlanFactory
from wijkkompas.residents.tests.factories import (
    ConsentFactory,
    HouseholdFactory,
    ResidentFactory,
    RiskSignalFactory,
)
from wijkkompas.teams.tests.factories import TeamFactory


@dataclass
class Case:
    team: Any
    household: Any
    resident: Any
    partner: Any
    resident_user: Any
    professional: Any
    officer: Any
    other_household: Any
    other_resident: Any
    foreign_resident: Any
    foreign_officer: Any
    conversation: Any
    plan: Any


@pytest.fixture(autouse=True)
def _export_dir(tmp_path):
    with override_settings(WIJKKOMPAS_EXPORT_DIR=tmp_path / "exports"):
        yield


@pytest.fixture
def case(db) -> Case:
    team = TeamFactory.create()
    gm = team.municipality
    household = HouseholdFactory.create(team=team, label="Familie Geheim")
    resident_user = UserFactory.create(
        role=Role.RESIDENT, municipality=gm, username="eigen.inwoner"
    )
    resident = ResidentFactory.create(
        household=household, name="Anna Geheimnaam", bsn="111222333", user=resident_user
    )
    partner = ResidentFactory.create(household=household, name="Bert Huisgenoot")
    professional = UserFactory.create(role=Role.PROFESSIONAL, municipality=gm, teams=[team])
    ConsentFactory.create(resident=resident)
    conversation = ConversationFactory.create(
        resident=resident, question="Vraag over schulden", author=professional
    )
    version = shipped_zrm()
    domain = version.domains.order_by("position")[0]
    AssessmentFactory.create(
        resident=resident, version=version, conversation=conversation, scores={domain.code: 3}
    )
    plan = PlanFactory.create(household=household)
    GoalFactory.create(plan=plan, text="Schulden op een rij")
    RiskSignalFactory.create(household=household, resident=resident)
    other_household = HouseholdFactory.create(team=team, label="Familie Anders")
    other_resident = ResidentFactory.create(household=other_household, name="Carla Anderhuis")
    ConversationFactory.create(resident=other_resident, question="Vraag van een ander")
    foreign_team = TeamFactory.create()
    foreign_resident = ResidentFactory.create(
        household=HouseholdFactory.create(team=foreign_team), name="Dirk Elders"
    )
    return Case(
        team=team,
        household=household,
        resident=resident,
        partner=partner,
        resident_user=resident_user,
        professional=professional,
        officer=UserFactory.create(role=Role.PRIVACY_OFFICER, municipality=gm),
        other_household=other_household,
        other_resident=other_resident,
        foreign_resident=foreign_resident,
        foreign_officer=UserFactory.create(
            role=Role.PRIVACY_OFFICER, municipality=foreign_team.municipality
        ),
        conversation=conversation,
        plan=plan,
    )


def days_ago(n: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=n)
