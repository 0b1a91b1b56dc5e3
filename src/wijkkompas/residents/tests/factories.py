"""Factories for households, residents, consents and risk signals."""

import datetime as dt

import factory

from wijkkompas.residents.constants import ConsentForm, ConsentPurpose, RiskKind, Urgency
from wijkkompas.residents.models import Consent, Household, Resident, RiskSignal
from wijkkompas.teams.tests.factories import TeamFactory


class HouseholdFactory(factory.django.DjangoModelFactory[Household]):
    class Meta:
        model = Household

    team = factory.SubFactory(TeamFactory)
    municipality = factory.LazyAttribute(lambda o: o.team.municipality)
    label = factory.Sequence(lambda n: f"Huishouden {n}")
    opened_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))


class ResidentFactory(factory.django.DjangoModelFactory[Resident]):
    class Meta:
        model = Resident

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Faker("name", locale="nl_NL")
    birth_year = 1980


class ConsentFactory(factory.django.DjangoModelFactory[Consent]):
    """A consent in force, to the resident's own team, covering every part."""

    class Meta:
        model = Consent

    resident = factory.SubFactory(ResidentFactory)
    household = factory.LazyAttribute(lambda o: o.resident.household)
    team = factory.LazyAttribute(lambda o: o.resident.household.team)
    covers_personalia = True
    covers_conversations = True
    covers_assessments = True
    covers_plan = True
    covers_case_discussion = True
    purpose = ConsentPurpose.SUPPORT
    form = ConsentForm.VERBAL
    valid_from = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))


class RiskSignalFactory(factory.django.DjangoModelFactory[RiskSignal]):
    class Meta:
        model = RiskSignal

    household = factory.SubFactory(HouseholdFactory)
    kind = RiskKind.DEBTS
    urgency = Urgency.MEDIUM
    description = "Betalingsachterstand bij de woningcorporatie."
    raised_on = factory.LazyFunction(dt.date.today)
