"""The contract other apps use: results for a scope and period, exact for team roles and
suppressed for everyone else; the scope checked against the user's access."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.conversations.constants import Outcome
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.indicators.catalogue import CATALOGUE, Period, Scope, compute, definitions
from wijkkompas.indicators.selectors import definition_rows, indicator_results, scope_for
from wijkkompas.residents.tests.factories import HouseholdFactory, ResidentFactory
from wijkkompas.teams.tests.factories import TeamFactory

DAY = dt.date(2026, 5, 12)
PERIOD = Period.containing("year", DAY)


@pytest.fixture
def data(db: Any) -> dict[str, Any]:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    other = MunicipalityFactory(code="GM0363", name="Amsterdam", shares_aggregates=False)
    team = TeamFactory(municipality=gm)
    household = HouseholdFactory(team=team)
    for i in range(13):
        resident = ResidentFactory(household=household)
        outcome = Outcome.OWN_NETWORK if i < 4 else Outcome.WMO
        ConversationFactory(resident=resident, held_on=DAY, outcome=outcome)
    return {
        "gm": gm,
        "other": other,
        "team": team,
        "lead": UserFactory(role=Role.TEAM_LEAD, municipality=gm, teams=[team]),
        "officer": UserFactory(role=Role.POLICY_OFFICER, municipality=gm),
        "researcher": UserFactory(role=Role.RESEARCHER, municipality=other),
        "initiator": UserFactory(role=Role.INITIATOR, municipality=gm),
    }


def test_every_definition_is_complete() -> None:
    assert len(definitions()) >= 2
    for d in definitions():
        assert d.name and d.definition and d.formula and d.source_fields
    header, rows = definition_rows()
    assert len(rows) == len(CATALOGUE) and len(header) == len(rows[0])


def test_exact_for_team_roles_suppressed_for_others(data: dict[str, Any]) -> None:
    scope = Scope(municipality_id=data["gm"].pk)
    exact = {r.code: r for r in indicator_results(user=data["lead"], scope=scope, period=PERIOD)}
    assert exact["conversations"].headline.display == "13"
    assert exact["conversations"].headline.value == compute("conversations", scope, PERIOD).headline
    assert exact["substitution"].headline.value == pytest.approx(30.8)
    shown = {r.code: r for r in indicator_results(user=data["officer"], scope=scope, period=PERIOD)}
    assert shown["conversations"].headline.display == "15"
    assert shown["conversations"].suppressed
    # 4 collective answers: a small cell, so the share that rests on it is hidden.
    assert shown["substitution"].headline.is_hidden


def test_scope_checked_against_access(data: dict[str, Any]) -> None:
    gm, other = data["gm"], data["other"]
    assert scope_for(user=data["officer"], municipality_id=gm.pk) == Scope(gm.pk)
    assert scope_for(user=data["lead"], team_id=data["team"].pk).team_id == data["team"].pk
    with pytest.raises(Http404):
        scope_for(user=data["officer"], municipality_id=other.pk)
    with pytest.raises(Http404):
        scope_for(user=data["researcher"], municipality_id=gm.pk)
    gm.shares_aggregates = True
    gm.save()
    assert scope_for(user=data["researcher"], municipality_id=gm.pk) == Scope(gm.pk)
    with pytest.raises(Http404):
        scope_for(user=data["initiator"], municipality_id=gm.pk)
