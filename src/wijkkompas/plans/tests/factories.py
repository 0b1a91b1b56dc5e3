"""Factories for plans and their parts, reviews and closed case discussions."""

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
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
from wijkkompas.residents.tests.factories import HouseholdFactory


def coordinator_of(team: Any) -> Any:
    """A new coordinator account in ``team``."""
    return UserFactory(role=Role.COORDINATOR, municipality=team.municipality, teams=[team])


class PlanFactory(factory.django.DjangoModelFactory[Plan]):
    """An active plan of a household, coordinated by a coordinator of the household's team."""

    class Meta:
        model = Plan

    household = factory.SubFactory(HouseholdFactory)
    municipality = factory.LazyAttribute(lambda o: o.household.municipality)
    team = factory.LazyAttribute(lambda o: o.household.team)
    coordinator = factory.LazyAttribute(lambda o: coordinator_of(o.household.team))
    summary = "Samen met het gezin werken aan rust in de financiën."
    started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


class GoalFactory(factory.django.DjangoModelFactory[Goal]):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    text = factory.Sequence(lambda n: f"Doel {n}: schulden op een rij")
    life_domain = "finances"


class PlanActionFactory(factory.django.DjangoModelFactory[PlanAction]):
    class Meta:
        model = PlanAction

    plan = factory.SubFactory(PlanFactory)
    description = factory.Sequence(lambda n: f"Actie {n}: afspraak bij de schuldhulp")
    owner_name = "Schuldhulpmaatje"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


class AppointmentFactory(factory.django.DjangoModelFactory[Appointment]):
    class Meta:
        model = Appointment

    plan = factory.SubFactory(PlanFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    place = "Buurthuis"


class ReviewFactory(factory.django.DjangoModelFactory[Review]):
    class Meta:
        model = Review

    plan = factory.SubFactory(PlanFactory)
    planned_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class PlanCommentFactory(factory.django.DjangoModelFactory[PlanComment]):
    class Meta:
        model = PlanComment

    plan = factory.SubFactory(PlanFactory)
    text = "Het gaat beter met de post openen."


class CaseDiscussionFactory(factory.django.DjangoModelFactory[CaseDiscussion]):
    """A planned case discussion about a household (add participants yourself)."""

    class Meta:
        model = CaseDiscussion

    household = factory.SubFactory(HouseholdFactory)
    municipality = factory.LazyAttribute(lambda o: o.household.municipality)
    team = factory.LazyAttribute(lambda o: o.household.team)
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=5))
    place = "Wijkteamkantoor"
    question = "Hoe krijgen we de hulp rond het gezin beter op elkaar afgestemd?"


class ParticipantFactory(factory.django.DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    discussion = factory.SubFactory(CaseDiscussionFactory)
    user = factory.SubFactory(UserFactory)


class DecisionFactory(factory.django.DjangoModelFactory[Decision]):
    class Meta:
        model = Decision

    discussion = factory.SubFactory(CaseDiscussionFactory)
    text = "De schuldhulp neemt contact op met de woningcorporatie."
    owner_name = "Schuldhulp"
