"""The generated year of the Krachtstroomteam Wezep (demo/wezep.py): a team's year of
conversations over Wezep's neighbourhoods, with themes the signals find, figures a policy
officer sees unsuppressed, and no extra work on anyone's worklist. (A later load moves its
dates along: ``test_demo_cases.test_a_later_load_moves_the_dates_along``.)"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Neighbourhood
from wijkkompas.conversations.models import Conversation
from wijkkompas.demo import wezep
from wijkkompas.instruments.models import Assessment
from wijkkompas.neighbourhoods.selectors import signals_section
from wijkkompas.plans.models import Plan
from wijkkompas.residents.models import Household, Resident, RiskSignal
from wijkkompas.residents.validators import is_valid_bsn

from .test_demo_cases import NAMED

pytestmark = pytest.mark.django_db

CENTRUM, NOORD, ZUID = "BU02690100", "BU02690101", "BU02690102"


def generated_households():
    return Household.objects.filter(team__name="Krachtstroomteam Wezep").exclude(label__in=NAMED)


def generated_conversations():
    return Conversation.objects.filter(household__in=generated_households())


def a_full_year_day() -> dt.date:
    """A day whose calendar year (the period of the neighbourhood page) holds months of
    the generated year: today from April on, else the last day of last year."""
    today = timezone.localdate()
    return today if today.month >= 4 else dt.date(today.year - 1, 12, 31)


def test_a_year_of_a_team_over_wezeps_neighbourhoods(demo):
    conversations = generated_conversations()
    assert 400 <= conversations.count() <= 700
    today = timezone.localdate()
    first = today - dt.timedelta(days=wezep.SPAN_DAYS)
    assert not conversations.filter(held_on__lt=first).exists()
    assert not conversations.filter(held_on__gt=today).exists()
    # Spread over the months: no month of the last twelve is empty.
    months = Counter(d.replace(day=1) for d in conversations.values_list("held_on", flat=True))
    assert len(months) >= 13
    per_neighbourhood = Counter(
        conversations.values_list("household__neighbourhood__code", flat=True)
    )
    assert set(per_neighbourhood) == set(wezep.wezep_data().neighbourhoods)
    assert min(per_neighbourhood[code] for code in (CENTRUM, NOORD, ZUID)) >= 80


def test_varied_like_real_conversations(demo):
    conversations = generated_conversations()
    total = conversations.count()
    outcomes = Counter(conversations.values_list("outcome", flat=True))
    assert set(outcomes) == {"own_network", "collective", "general", "wmo", "second_line"}
    domains = Counter(code for row in conversations for code in row.life_domains)
    assert len(domains) >= 12
    assessed = Assessment.objects.filter(conversation__in=conversations).count()
    assert 0.2 * total <= assessed <= 0.5 * total
    assert 0.2 * total <= conversations.exclude(collective_opportunity="").count() <= 0.5 * total
    assert 0.1 * total <= conversations.exclude(resident_idea="").count() <= 0.35 * total
    assert len(set(conversations.values_list("question", flat=True))) >= 0.8 * total
    # Themes by neighbourhood: loneliness of older residents, debts of young families.
    centrum = conversations.filter(household__neighbourhood__code=CENTRUM)
    zuid = conversations.filter(household__neighbourhood__code=ZUID)
    assert sum("social_network" in c.life_domains for c in centrum) > 0.4 * centrum.count()
    assert sum("finances" in c.life_domains for c in zuid) > 0.4 * zuid.count()
    lonely = conversations.filter(question__contains="eenzaam").select_related("resident")
    assert lonely and all(c.resident.birth_year <= 1952 for c in lonely)


def test_fictional_people_whose_bsns_pass_the_11_proef(demo):
    residents = Resident.objects.filter(household__in=generated_households())
    assert 200 <= residents.count() <= 450
    with_bsn = residents.exclude(bsn="")
    assert with_bsn and all(is_valid_bsn(r.bsn) for r in with_bsn)
    # Free text names people, as real notes do (the signals see it de-identified).
    assert generated_conversations().filter(question__startswith="Mevrouw ").exists()


def test_no_extra_work_on_the_worklists(demo):
    households = generated_households()
    assert not Plan.objects.filter(household__in=households).exists()
    assert not RiskSignal.objects.filter(household__in=households).exists()
    assert not generated_conversations().filter(wmo_due_on__isnull=False).exists()
    assert generated_conversations().filter(is_wmo_report=True, decided_on__isnull=False)


def test_the_policy_officer_sees_the_figures_of_wezeps_neighbourhoods(demo):
    """What /wijken/<code>/ shows a policy officer: counts of 10 and more (rounded), not
    the one sentence for fewer conversations than the threshold."""
    officer = User.objects.get(username="demo-policy_officer")
    day = a_full_year_day()
    shown = {}
    for neighbourhood in Neighbourhood.objects.filter(code__in=wezep.wezep_data().neighbourhoods):
        section = signals_section(user=officer, neighbourhood=neighbourhood, today=day)
        assert section is not None and not section.show_examples
        if not section.conversations_hidden:
            shown[neighbourhood.code] = section
    assert {CENTRUM, NOORD, ZUID} <= set(shown)
    for section in shown.values():
        assert int(section.conversations) >= 10 and int(section.conversations) % 5 == 0
    for section in (shown[CENTRUM], shown[NOORD], shown[ZUID]):
        assert section.figures
        outcomes = next(f for f in section.figures if f.id == "signals-outcomes")
        assert sum(not row.hidden for row in outcomes.rows) >= 3
    assert any(section.themes for section in shown.values())


def test_the_signals_find_the_themes_of_the_neighbourhoods(demo):
    lead = User.objects.get(username="demo-team_lead")
    day = a_full_year_day()
    labels = {}
    for code in (CENTRUM, NOORD, ZUID):
        neighbourhood = Neighbourhood.objects.get(code=code)
        section = signals_section(user=lead, neighbourhood=neighbourhood, today=day)
        assert section is not None
        labels[code] = [theme.label for theme in section.themes]
        # Examples are de-identified: no name of a generated resident in them.
        assert not any("Mevrouw " in theme.example for theme in section.themes)
    assert "eenzaam" in labels[CENTRUM][:3] or "eenzaam" in labels[NOORD][:3]
    assert labels[ZUID][0] == "schulden"
