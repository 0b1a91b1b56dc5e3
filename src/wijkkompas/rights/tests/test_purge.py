"""Retention purge: households closed longer ago than the retention period go, with all
their conversations, plans and assessments; open and recent ones stay; a case with a Wmo
decision stays for the legal term; one log entry per municipality, without data."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations.models import Conversation
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.instruments.models import Assessment
from wijkkompas.plans.models import Goal, Plan
from wijkkompas.residents.models import Household, Resident
from wijkkompas.residents.tests.factories import HouseholdFactory, ResidentFactory
from wijkkompas.rights import services
from wijkkompas.rights.models import PurgeRun
from wijkkompas.rights.tests.conftest import days_ago

pytestmark = pytest.mark.django_db


def _close(household, days):
    Household.objects.filter(pk=household.pk).update(closed_on=days_ago(days))


@override_settings(WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS=730)
def test_old_closed_cases_go_with_everything_open_and_recent_stay(case):
    _close(case.household, 800)
    _close(case.other_household, 100)
    household_id, resident_ids = case.household.pk, [case.resident.pk, case.partner.pk]
    runs = services.closed_cases_purge()
    assert not Household.objects.filter(pk=household_id).exists()
    assert not Resident.objects.filter(pk__in=resident_ids).exists()
    assert not Conversation.objects.filter(household_id=household_id).exists()
    assert not Assessment.objects.filter(resident_id__in=resident_ids).exists()
    assert not Plan.objects.filter(household_id=household_id).exists()
    assert not Goal.objects.filter(plan_id=case.plan.pk).exists()
    assert Household.objects.filter(pk=case.other_household.pk).exists()  # recent
    assert Resident.objects.filter(pk=case.foreign_resident.pk).exists()  # open
    [run] = runs
    assert run.household_ids == [household_id] and run.resident_ids == sorted(resident_ids)
    assert run.counts["conversations.Conversation"] == 1
    assert run.counts["residents.Household"] == 1
    entry = AccessLogEntry.objects.get(purpose=Purpose.RETENTION)
    assert entry.event == Event.DELETE and entry.user is None
    assert entry.object_type == "rights.PurgeRun" and entry.object_count == 1
    assert entry.municipality_id == case.team.municipality_id
    assert entry.subject_ids() == sorted(resident_ids)
    text = " ".join(str(v) for v in entry.__dict__.values())
    for secret in ("Anna", "Geheim", "111222333", "schulden"):
        assert secret not in text


@override_settings(
    WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS=730, WIJKKOMPAS_RETENTION_WMO_CASES_DAYS=5475
)
def test_a_case_with_a_wmo_decision_stays_for_the_legal_term(case):
    ConversationFactory.create(
        resident=case.other_resident, wmo=True, applied_on=days_ago(1500), decided_on=days_ago(1490)
    )
    _close(case.other_household, 1000)
    _close(case.household, 1000)
    services.closed_cases_purge()
    assert Household.objects.filter(pk=case.other_household.pk).exists()
    assert not Household.objects.filter(pk=case.household.pk).exists()
    _close(case.other_household, 5500)
    services.closed_cases_purge()
    assert not Household.objects.filter(pk=case.other_household.pk).exists()


def test_a_municipality_can_have_its_own_period(case):
    _close(case.household, 400)
    code = case.team.municipality.code
    with override_settings(
        WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS=730,
        WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS_PER_MUNICIPALITY={code: 365},
    ):
        services.closed_cases_purge()
    assert not Household.objects.filter(pk=case.household.pk).exists()


def test_nothing_due_writes_nothing(case):
    assert services.closed_cases_purge() == []
    assert not AccessLogEntry.objects.filter(purpose=Purpose.RETENTION).exists()
    assert not PurgeRun.objects.exists()


@override_settings(WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS=730)
def test_the_command_runs_the_task(case, capsys):
    extra = ResidentFactory.create(household=HouseholdFactory.create(team=case.team))
    _close(extra.household, 731)
    call_command("purge_closed_cases")
    assert "purged households: 1 in 1 municipalities" in capsys.readouterr().out
    assert not Resident.objects.filter(pk=extra.pk).exists()
