"""A small world for the API base's own tests: a team with a professional, a resident who
consents, and their conversations (the conversations endpoint is the base's first user)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.residents.tests.factories import (
    ConsentFactory,
    HouseholdFactory,
    ResidentFactory,
)
from wijkkompas.teams.tests.factories import TeamFactory


@dataclass
class ApiWorld:
    professional: Any
    policy_officer: Any
    admin: Any
    resident: Any
    conversation: Any


@pytest.fixture
def api_world(db: Any) -> ApiWorld:
    gm = MunicipalityFactory(code="GM0344", name="Utrecht")
    team = TeamFactory(municipality=gm)
    resident = ResidentFactory(household=HouseholdFactory(team=team))
    ConsentFactory(resident=resident)
    professional = UserFactory(
        username="api-prof", role=Role.PROFESSIONAL, municipality=gm, teams=[team]
    )
    conversation = ConversationFactory(
        resident=resident, author=professional, question='=HYPERLINK("http://x")'
    )
    ConversationFactory(resident=resident, author=professional, question="+31 6 1234")
    ConversationFactory(resident=resident, author=professional, question="@SUM(A1)")
    return ApiWorld(
        professional=professional,
        policy_officer=UserFactory(username="api-po", role=Role.POLICY_OFFICER, municipality=gm),
        admin=UserFactory(username="api-admin", role=Role.ADMIN, municipality=gm),
        resident=resident,
        conversation=conversation,
    )


@pytest.fixture
def token_for(api_world: ApiWorld) -> Any:
    """``token_for(account, scopes)``: a new API client's token."""
    from wijkkompas.api.services import api_client_create

    def make(account: Any, scopes: list[str]) -> tuple[Any, str]:
        return api_client_create(
            user=api_world.admin, name="Systeem", account=account, scopes=scopes
        )

    return make
