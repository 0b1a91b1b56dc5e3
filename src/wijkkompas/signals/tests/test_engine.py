"""The signal engine: digests, recompute, incremental update and themes."""

from __future__ import annotations

import datetime as dt

import pytest

from wijkkompas.conversations.constants import LifeDomain, Outcome
from wijkkompas.signals import services
from wijkkompas.signals.models import AreaSignal, ConversationDigest, Theme

from .factories import area, conversations

pytestmark = pytest.mark.django_db

MARCH = dt.date(2025, 3, 10)
APRIL = dt.date(2025, 4, 2)


def _signal(a, kind, period, start, measure):
    area_id = {"team": a.team.pk, "district": a.district.pk, "neighbourhood": a.neighbourhood.pk}[
        kind
    ]
    return AreaSignal.objects.get(
        area_kind=kind, area_id=area_id, period=period, period_start=start, measure=measure
    )


def test_digest_holds_area_codes_and_deidentified_text():
    a = area()
    (c,) = conversations(
        a,
        1,
        held_on=MARCH,
        question="Jan de Vries (06-12345678) voelt zich eenzaam.",
        life_domains=[LifeDomain.SOCIAL_NETWORK.value, LifeDomain.HOUSING.value],
        collective_opportunity="Een wandelgroep.",
    )
    services.digest_write(conversation_id=c.pk)
    digest = ConversationDigest.objects.get(conversation_id=c.pk)
    assert digest.neighbourhood_id == a.neighbourhood.pk
    assert digest.district_id == a.district.pk
    assert digest.team_id == a.team.pk
    assert digest.month == dt.date(2025, 3, 1)
    assert digest.life_domains == "|social_network|housing|"
    assert digest.has_opportunity and not digest.has_idea
    assert "Vries" not in digest.text and "12345678" not in digest.text
    assert "eenzaam" in digest.terms.split()
    assert not digest.zrm_assessed and digest.ladder_rung is None


def test_recompute_counts_per_area_and_period_with_trend():
    a = area()
    conversations(a, 3, held_on=MARCH, outcome=Outcome.OWN_NETWORK)
    conversations(a, 5, held_on=APRIL, outcome=Outcome.WMO)
    ids = list(ConversationDigest.objects.values_list("pk", flat=True))
    assert ids == []
    from wijkkompas.conversations.models import Conversation

    services.digests_bulk_write(
        conversation_ids=list(Conversation.objects.values_list("pk", flat=True))
    )
    services.signals_recompute(municipality_id=a.gm.pk, year=2025)
    march = _signal(a, "neighbourhood", "month", dt.date(2025, 3, 1), "conversations")
    april = _signal(a, "team", "month", dt.date(2025, 4, 1), "conversations")
    assert (march.value, april.value, april.previous) == (3, 5, 3)
    q2 = _signal(a, "district", "quarter", dt.date(2025, 4, 1), "outcome:wmo")
    assert (q2.value, q2.base, q2.previous) == (5, 5, 0)
    year = _signal(a, "neighbourhood", "year", dt.date(2025, 1, 1), "domain:finances")
    assert (year.value, year.base) == (8, 8)
    theme = Theme.objects.get(
        area_kind="neighbourhood", period="year", period_start=dt.date(2025, 1, 1), stem="eenzaam"
    )
    assert theme.label == "eenzaam" and theme.count == 8
    assert "eenzaam" in theme.example.lower()
    # Recomputing replaces, it does not add.
    before = AreaSignal.objects.count()
    services.signals_recompute(municipality_id=a.gm.pk, year=2025)
    assert AreaSignal.objects.count() == before


def _record(a, question, capture):
    """A professional of the area's team records a conversation with its resident (with
    consent), the on-commit work (the signals' task) run."""
    from wijkkompas.accounts.constants import Role
    from wijkkompas.accounts.tests.factories import UserFactory
    from wijkkompas.conversations.services import conversation_record
    from wijkkompas.residents.tests.factories import ConsentFactory

    user = UserFactory(role=Role.PROFESSIONAL, municipality=a.gm, teams=[a.team])
    ConsentFactory(resident=a.resident)
    with capture(execute=True):
        conversation_record(
            user=user,
            resident=a.resident,
            held_on=MARCH,
            place="home",
            question=question,
            outcome=Outcome.COLLECTIVE,
            life_domains=[LifeDomain.SOCIAL_NETWORK.value],
        )


def test_saving_a_conversation_updates_its_areas(django_capture_on_commit_callbacks):
    a = area()
    conversations(a, 2, held_on=MARCH)
    from wijkkompas.conversations.models import Conversation

    services.digests_bulk_write(
        conversation_ids=list(Conversation.objects.values_list("pk", flat=True))
    )
    services.signals_recompute(municipality_id=a.gm.pk, year=2025)
    _record(
        a,
        "Ook eenzaam, de buurvrouw Annie Jansen komt niet meer.",
        django_capture_on_commit_callbacks,
    )
    month = _signal(a, "neighbourhood", "month", dt.date(2025, 3, 1), "conversations")
    assert month.value == 3
    collective = _signal(a, "team", "year", dt.date(2025, 1, 1), "outcome:collective")
    assert collective.value == 1
    assert not Theme.objects.filter(example__contains="Jansen").exists()


def test_demo_signals_are_idempotent():
    from wijkkompas.demo.signals_demo import signals_demo_load

    a = area(code="GM0269")
    conversations(a, 3, held_on=dt.date.today().replace(day=1))
    first = signals_demo_load()
    assert first > 0
    assert signals_demo_load() == first
    assert ConversationDigest.objects.count() == 3


def test_a_conversations_signals_settle_and_a_recomputation_shows_at_once(
    settings, django_capture_on_commit_callbacks
):
    """``core.versions``, "Settling changes": the signals of a recorded conversation are
    written at once, but the pages that show them see them within the settling period; a
    recomputation someone asked for changes the version at once."""
    from wijkkompas.core import versions
    from wijkkompas.core.versions import AREA_FIGURES

    settings.WIJKKOMPAS_AGGREGATE_SETTLE_SECONDS = 60
    a = area()
    before = versions.current(AREA_FIGURES, a.gm.pk)
    _record(a, "Een vraag over boodschappen.", django_capture_on_commit_callbacks)
    assert _signal(a, "neighbourhood", "month", dt.date(2025, 3, 1), "conversations").value == 1
    assert versions.current(AREA_FIGURES, a.gm.pk) == before
    with django_capture_on_commit_callbacks(execute=True):
        services.signals_recompute(municipality_id=a.gm.pk, year=2025)
    assert versions.current(AREA_FIGURES, a.gm.pk) != before
