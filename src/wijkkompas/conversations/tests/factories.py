"""Factories for kitchen-table conversations."""

import datetime as dt

import factory

from wijkkompas.conversations.constants import FindingPlace, LifeDomain, Outcome
from wijkkompas.conversations.models import Conversation
from wijkkompas.conversations.wmo import next_term
from wijkkompas.residents.tests.factories import ResidentFactory


def _due(o: object) -> dt.date | None:
    term = next_term(
        is_wmo_report=o.is_wmo_report,  # type: ignore[attr-defined]
        reported_on=o.reported_on,  # type: ignore[attr-defined]
        investigation_done_on=o.investigation_done_on,  # type: ignore[attr-defined]
        applied_on=o.applied_on,  # type: ignore[attr-defined]
        decided_on=o.decided_on,  # type: ignore[attr-defined]
    )
    return term.due_on if term else None


class ConversationFactory(factory.django.DjangoModelFactory[Conversation]):
    """A conversation with the resident, in the resident's household, team and municipality.

    ``author`` is empty unless given. With ``wmo=True`` it is a Wmo report made on the day
    of the conversation; ``wmo_due_on`` is always computed as the services do.
    """

    class Meta:
        model = Conversation

    class Params:
        wmo = factory.Trait(is_wmo_report=True, reported_on=factory.SelfAttribute("held_on"))

    resident = factory.SubFactory(ResidentFactory)
    household = factory.LazyAttribute(lambda o: o.resident.household)
    team = factory.LazyAttribute(lambda o: o.household.team)
    municipality = factory.LazyAttribute(lambda o: o.household.municipality)
    author = None
    held_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=7))
    place = FindingPlace.HOME
    participants = "inwoner, dochter"
    question = "Hulp bij de administratie: er liggen ongeopende brieven."
    question_behind = "Grip houden op het eigen leven."
    life_domains = factory.LazyFunction(lambda: [LifeDomain.FINANCES.value])
    own_strength = "Wil graag zelf leren."
    network = "Dochter komt wekelijks."
    outcome = Outcome.GENERAL
    collective_opportunity = ""
    resident_idea = ""
    is_wmo_report = False
    reported_on = None
    investigation_done_on = None
    applied_on = None
    decided_on = None
    wmo_due_on = factory.LazyAttribute(_due)
