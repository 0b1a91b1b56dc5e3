"""The demo's individual support (demo/data/cases.json): enough of every kind that each page
and rule of issue 3 has something to show, dated relative to today, loaded through the
services, idempotent, and with dates that move along on a later load.

The generated year of the team (:mod:`wijkkompas.demo.wezep`, ``test_wezep_year.py``) sits
beside these households: the counts here are of the hand-written ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count
from django.utils import timezone

from wijkkompas.accounts.access import can
from wijkkompas.accounts.constants import Action
from wijkkompas.accounts.models import User
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations.models import Conversation
from wijkkompas.demo.individual import read_cases, shift_household, shift_households
from wijkkompas.demo.services import DATA_DIR
from wijkkompas.instruments.models import Assessment, AssessmentScore
from wijkkompas.plans.models import (
    Appointment,
    CaseDiscussion,
    Decision,
    Goal,
    Participant,
    Plan,
    PlanAction,
    PlanComment,
    Review,
)
from wijkkompas.residents.constants import MeldcodeStep, RiskKind
from wijkkompas.residents.models import Consent, Household, Resident, RiskSignal
from wijkkompas.residents.validators import is_valid_bsn
from wijkkompas.teams.models import Team

from .conftest import load

pytestmark = pytest.mark.django_db

CASE_MODELS = [
    Household,
    Resident,
    Consent,
    RiskSignal,
    Conversation,
    Assessment,
    AssessmentScore,
    Plan,
    Goal,
    PlanAction,
    Appointment,
    Review,
    PlanComment,
    CaseDiscussion,
    Participant,
    Decision,
]


def user(role: str) -> User:
    return User.objects.get(username=f"demo-{role}")


#: The names of the hand-written households.
NAMED = [household["label"] for household in read_cases(DATA_DIR)["households"]]


def named_households():
    return Household.objects.filter(label__in=NAMED)


def test_sizes(demo):
    households = named_households()
    conversations = Conversation.objects.filter(household__in=households)
    assert households.count() == 12
    assert Resident.objects.filter(household__in=households).count() == 20
    assert conversations.count() == 40
    assert Plan.objects.count() == 4
    assert CaseDiscussion.objects.count() == 1
    outcomes = set(conversations.values_list("outcome", flat=True))
    assert outcomes == {"own_network", "collective", "general", "wmo", "second_line"}
    assert conversations.exclude(collective_opportunity="").count() >= 15
    assert conversations.exclude(resident_idea="").count() >= 10
    domains = {code for c in conversations for code in c.life_domains}
    assert len(domains) >= 12


def test_the_caseload_rule_is_on_for_the_wezep_team(demo):
    wezep = Team.objects.get(name="Krachtstroomteam Wezep")
    assert wezep.caseload_visible_without_consent
    assert not Team.objects.get(name="Sociaal Team Oldebroek").caseload_visible_without_consent


def test_consents_show_every_case(demo):
    today = timezone.localdate()
    professional, coordinator = user("professional"), user("coordinator")
    consents = Consent.objects.filter(household__in=named_households())
    # Most to the team; one household without any consent: nobody of the team sees it.
    assert consents.filter(team__isnull=False).count() >= 14
    yilmaz = Household.objects.get(label="Familie Yilmaz")
    assert not Consent.objects.filter(household=yilmaz).exists()
    assert not can(professional, Action.VIEW, yilmaz)
    # One withdrawn, one ended: their residents are out of sight.
    withdrawn = consents.get(withdrawn_at__isnull=False)
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_at.date() < today
    assert not can(professional, Action.VIEW, withdrawn.resident)
    ended = consents.get(valid_until__lt=today)
    assert not can(professional, Action.VIEW, ended.resident)
    # One only to an organisation: its professional (AMW) sees it, the coordinator does not.
    only_org = consents.get(team__isnull=True)
    assert only_org.organisation is not None
    assert only_org.organisation.name == "Maatschappelijk Werk De Veluwerand"
    assert can(professional, Action.VIEW, only_org.resident)
    assert not can(coordinator, Action.VIEW, only_org.resident)


def test_bsns_are_fictional_and_valid_only_where_needed(demo):
    with_bsn = Resident.objects.filter(household__in=named_households()).exclude(bsn="")
    assert 1 <= with_bsn.count() <= 3
    for resident in with_bsn:
        assert resident.bsn.startswith("99999") and is_valid_bsn(resident.bsn)
        assert Conversation.objects.filter(resident=resident, is_wmo_report=True).exists()


def test_scores_over_time(demo):
    per_resident = (
        Assessment.objects.values("resident", "version__instrument__code")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
    )
    assert {row["version__instrument__code"] for row in per_resident} == {
        "zrm",
        "participatieladder",
    }
    assert len({row["resident"] for row in per_resident}) >= 4
    assert Assessment.objects.filter(review__isnull=False).count() >= 2  # ZRM at a review


def test_worklist_always_has_something_due(demo):
    today = timezone.localdate()
    wmo = Conversation.objects.filter(is_wmo_report=True)
    assert wmo.filter(wmo_due_on__lt=today).exists()  # a term that has passed
    assert wmo.filter(wmo_due_on__gte=today, wmo_due_on__lte=today + dt.timedelta(7)).exists()
    assert Plan.objects.filter(next_review_on__lt=today).count() == 1  # a review overdue
    assert Plan.objects.filter(next_review_on__gte=today).count() == 3
    assert PlanAction.objects.filter(done_on__isnull=True, due_on__lt=today).exists()
    assert Appointment.objects.filter(starts_at__gt=timezone.now()).count() >= 3
    assert Review.objects.filter(held_on__isnull=False).count() == 2


def test_domestic_violence_with_a_meldcode_step(demo):
    signal = RiskSignal.objects.get(kind=RiskKind.DOMESTIC_VIOLENCE)
    assert signal.meldcode_step == MeldcodeStep.CONSULT
    assert signal.raised_on < timezone.localdate()


def test_case_discussion_decisions_became_plan_actions(demo):
    discussion = CaseDiscussion.objects.get()
    assert discussion.status == "held" and discussion.scheduled_at < timezone.now()
    assert discussion.participants.count() == 3
    decisions = list(discussion.decisions.all())
    assert len(decisions) == 3
    assert PlanAction.objects.filter(decision__in=decisions).count() == 3


def test_the_demo_resident_has_a_plan_and_own_goal(demo):
    account = user("resident")
    resident = Resident.objects.get(user=account)
    assert resident.name == "Kees van Beek"
    plan = Plan.objects.get(household=resident.household)
    assert plan.goals.filter(added_by_resident=True, author=account).exists()
    assert plan.comments.filter(by_resident=True, author=account).count() == 2
    assert can(account, Action.VIEW, plan)
    assert Plan.objects.visible_to(account).count() == 1


def test_loaded_through_the_services_so_the_log_has_the_writes(demo):
    writes = AccessLogEntry.objects.filter(event__in=["create", "update"])
    assert writes.filter(object_type="conversations.Conversation").count() == 40
    assert writes.filter(user__username="demo-resident").exists()


def test_a_later_load_moves_the_dates_along(demo):
    """As if the demo was loaded ten days ago: loading again moves every date ten days on,
    so the terms due "in five days" are again due in five days."""
    household = Household.objects.get(label="Mevrouw Dijkstra")
    before = list(
        Conversation.objects.filter(household=household).values_list("held_on", "wmo_due_on")
    )
    shift_household(household, -dt.timedelta(days=10))
    shifted = Conversation.objects.filter(household=household).first()
    assert shifted is not None
    # The generated year of the team (demo/wezep.py) too.
    generated = Household.objects.filter(team=household.team).exclude(label__in=NAMED)
    year = list(Conversation.objects.filter(household__in=generated).values_list("pk", "held_on"))
    shift_households(list(generated.values_list("pk", flat=True)), -dt.timedelta(days=10))
    counts = {model: model._default_manager.count() for model in CASE_MODELS}
    output = load()
    assert "0 rows created" in output
    after = list(
        Conversation.objects.filter(household=household).values_list("held_on", "wmo_due_on")
    )
    assert after == before
    assert (
        list(Conversation.objects.filter(household__in=generated).values_list("pk", "held_on"))
        == year
    )
    assert {model: model._default_manager.count() for model in CASE_MODELS} == counts
