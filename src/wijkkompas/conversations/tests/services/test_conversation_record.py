"""conversation_record: the rules of a conversation, its Wmo dates, permission and the
all-or-nothing save with the scores."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations import services
from wijkkompas.conversations.constants import FindingPlace, LifeDomain, Outcome
from wijkkompas.conversations.models import Conversation
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.instruments import selectors as instrument_selectors
from wijkkompas.instruments import services as instrument_services

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def record(world: Any, user: Any = None, resident: Any = None, **overrides: Any) -> Conversation:
    values: dict[str, Any] = {
        "held_on": TODAY(),
        "place": FindingPlace.HOME,
        "question": "Ik red de boodschappen niet meer.",
        "outcome": Outcome.OWN_NETWORK,
    }
    values.update(overrides)
    return services.conversation_record(
        user=user or world.user(Role.PROFESSIONAL),
        resident=resident or world.resident,
        **values,
    )


def count() -> int:
    return Conversation.objects.count()


def test_records_a_typical_conversation(world):
    user = world.user(Role.COORDINATOR)
    conversation = record(
        world,
        user=user,
        participants="  inwoner, buurvrouw ",
        question_behind="Niet afhankelijk willen zijn",
        life_domains=[LifeDomain.SOCIAL_NETWORK, LifeDomain.FINANCES, LifeDomain.FINANCES],
        own_strength="Kookt zelf",
        network="Buurvrouw helpt",
        collective_opportunity="Boodschappenmaatjes in de buurt",
        resident_idea="Wil zelf een kookclub beginnen",
    )
    household = world.resident.household
    assert conversation.municipality_id == household.municipality_id == world.gm.pk
    assert conversation.team_id == household.team_id == world.team.pk
    assert conversation.household_id == household.pk
    assert conversation.author == user
    assert conversation.participants == "inwoner, buurvrouw"
    # known codes only, once each, in the order of the list
    assert conversation.life_domains == [LifeDomain.FINANCES, LifeDomain.SOCIAL_NETWORK]
    assert conversation.version == 1
    assert not conversation.is_wmo_report and conversation.wmo_due_on is None
    entry = AccessLogEntry.objects.get(event=Event.CREATE, object_type="conversations.Conversation")
    assert entry.purpose == Purpose.SUPPORT and entry.object_id == str(conversation.pk)
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.resident.pk]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held_on": None}, "held_on"),
        ({"held_on": dt.date.today() + dt.timedelta(days=2)}, "held_on"),
        ({"place": ""}, "place"),
        ({"place": "moon"}, "place"),
        ({"question": "   "}, "question"),
        ({"outcome": ""}, "outcome"),
        ({"outcome": "solved_by_magic"}, "outcome"),
        ({"life_domains": ["finances", "astrology"]}, "life_domains"),
        ({"participants": "x" * 301}, "participants"),
    ],
)
def test_refuses_bad_input_and_saves_nothing(world, overrides, field):
    before = count()
    with pytest.raises(ApplicationError) as refused:
        record(world, **overrides)
    assert refused.value.field == field
    assert str(refused.value.message)
    assert count() == before
    assert not AccessLogEntry.objects.filter(event=Event.CREATE).exists()


def _days_ago(n: int) -> dt.date:
    return TODAY() - dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("wmo", "field", "words"),
    [
        # Wmo dates without ticking "Wmo report"
        ({"reported_on": _days_ago(3)}, "reported_on", "only kept for a conversation"),
        ({"applied_on": _days_ago(3)}, "applied_on", "only kept for a conversation"),
        # no date in the future
        (
            {"is_wmo_report": True, "applied_on": TODAY() + dt.timedelta(days=1)},
            "applied_on",
            "future",
        ),
        # nothing before the report
        (
            {
                "is_wmo_report": True,
                "reported_on": _days_ago(5),
                "investigation_done_on": _days_ago(6),
            },
            "investigation_done_on",
            "before the report",
        ),
        (
            {"is_wmo_report": True, "reported_on": _days_ago(5), "applied_on": _days_ago(9)},
            "applied_on",
            "before the report",
        ),
        # the report defaults to the conversation date: an application before it is refused
        (
            {"is_wmo_report": True, "held_on": _days_ago(2), "applied_on": _days_ago(3)},
            "applied_on",
            "before the report",
        ),
        # a decision follows an application
        (
            {"is_wmo_report": True, "reported_on": _days_ago(9), "decided_on": _days_ago(1)},
            "decided_on",
            "follows an application",
        ),
        (
            {
                "is_wmo_report": True,
                "reported_on": _days_ago(9),
                "applied_on": _days_ago(4),
                "decided_on": _days_ago(5),
            },
            "decided_on",
            "before the application",
        ),
    ],
)
def test_wmo_dates_are_checked(world, wmo, field, words):
    with pytest.raises(ApplicationError) as refused:
        record(world, **wmo)
    assert refused.value.field == field
    assert words in str(refused.value.message)
    assert count() == 1  # the world's own conversation only


def test_wmo_report_defaults_to_the_conversation_date_and_keeps_the_next_term(world):
    held = _days_ago(10)
    conversation = record(world, held_on=held, is_wmo_report=True)
    assert conversation.reported_on == held
    assert conversation.wmo_due_on == held + dt.timedelta(weeks=6)
    conversation = record(
        world,
        held_on=held,
        is_wmo_report=True,
        investigation_done_on=_days_ago(5),
        applied_on=_days_ago(4),
    )
    assert conversation.wmo_due_on == _days_ago(4) + dt.timedelta(weeks=2)
    conversation = record(
        world,
        held_on=held,
        is_wmo_report=True,
        investigation_done_on=_days_ago(5),
        applied_on=_days_ago(4),
        decided_on=_days_ago(1),
    )
    assert conversation.wmo_due_on is None


@pytest.mark.parametrize(
    "who",
    ["sibling_professional", "foreign_professional", Role.POLICY_OFFICER, Role.ADMIN],
)
def test_outside_the_team_the_resident_does_not_exist(world, who):
    with pytest.raises(Http404):
        record(world, user=world.user(who))
    assert count() == 1


@pytest.mark.parametrize("resident", ["unconsented", "sibling_resident", "foreign_resident"])
def test_no_consent_or_other_team_is_404(world, resident):
    with pytest.raises(Http404):
        record(world, resident=getattr(world, resident))
    assert count() == 1


def test_consent_without_conversations_is_refused_with_a_message(world):
    with pytest.raises(ApplicationError) as refused:
        record(world, resident=world.partial)
    assert "consent for conversations" in str(refused.value.message)
    assert count() == 1
    assert not AccessLogEntry.objects.filter(event=Event.CREATE).exists()


def test_withdrawn_consent_ends_recording_at_once(world):
    world.consent.withdrawn_at = timezone.now()
    world.consent.save()
    with pytest.raises(Http404):
        record(world)


# --- scores, in the same transaction -----------------------------------------------------


def _zrm(world: Any) -> Any:
    versions = instrument_selectors.active_versions(user=world.user(Role.PROFESSIONAL))
    return next(v for v in versions if v.instrument.code == "zrm")


def test_scores_are_recorded_with_the_conversation(world):
    version = _zrm(world)
    domain = next(iter(version.domains.all())).code
    conversation = record(world, assessments=[(version, {domain: 3}), (version, {})])
    assessments = instrument_selectors.assessment_list(
        user=world.user(Role.PROFESSIONAL), resident=world.resident
    )
    assert [(a.conversation_id, a.assessed_on) for a in assessments] == [
        (conversation.pk, conversation.held_on)
    ]
    assert [(s.domain.code, s.value) for s in assessments[0].scores.all()] == [(domain, 3)]


def test_a_refused_score_leaves_no_conversation(world):
    version = _zrm(world)
    domain = next(iter(version.domains.all())).code
    with pytest.raises(ApplicationError):
        record(world, assessments=[(version, {domain: 9})])  # ZRM has levels 1–5
    assert count() == 1
    assert not AccessLogEntry.objects.filter(event=Event.CREATE).exists()


def test_a_failing_assessment_service_rolls_everything_back(world, monkeypatch):
    calls = []

    def failing(**kwargs: Any) -> None:
        calls.append(kwargs)
        assert Conversation.objects.filter(pk=kwargs["conversation"].pk).exists()
        raise ApplicationError("boom")

    monkeypatch.setattr(instrument_services, "assessment_record", failing)
    with pytest.raises(ApplicationError):
        record(world, assessments=[(object(), {"financien": 2})])
    assert len(calls) == 1
    assert calls[0]["assessed_on"] == TODAY() and calls[0]["resident"] == world.resident
    assert count() == 1


def test_scores_need_consent_for_scores(world):
    world.consent.covers_assessments = False
    world.consent.save()
    version = _zrm(world)
    domain = next(iter(version.domains.all())).code
    with pytest.raises(ApplicationError):
        record(world, assessments=[(version, {domain: 2})])
    assert count() == 1
