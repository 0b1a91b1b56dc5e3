"""Factories for the portal tests: a plan with its children (plans has no factories of its
own yet; these write the rows directly, as test data)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.plans.models import Appointment, Goal, Plan, PlanAction, PlanComment
from wijkkompas.residents.tests.factories import HouseholdFactory


class PlanFactory(factory.django.DjangoModelFactory[Plan]):
    class Meta:
        model = Plan

    household = factory.SubFactory(HouseholdFactory)
    municipality = factory.LazyAttribute(lambda o: o.household.municipality)
    team = factory.LazyAttribute(lambda o: o.household.team)
    coordinator = factory.LazyAttribute(
        lambda o: UserFactory(
            role=Role.COORDINATOR, municipality=o.household.municipality, teams=[o.household.team]
        )
    )
    summary = "Rust in de financiën en weer meedoen in de buurt."
    started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=20))


class GoalFactory(factory.django.DjangoModelFactory[Goal]):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    text = factory.Sequence(lambda n: f"Doel {n}")


class PlanActionFactory(factory.django.DjangoModelFactory[PlanAction]):
    class Meta:
        model = PlanAction

    plan = factory.SubFactory(PlanFactory)
    description = factory.Sequence(lambda n: f"Actie {n}")
    owner_name = "Dennis Bakker"


class AppointmentFactory(factory.django.DjangoModelFactory[Appointment]):
    class Meta:
        model = Appointment

    plan = factory.SubFactory(PlanFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    place = "Buurthuis De Brink"
    with_whom = "Ilse Brouwer"


class PlanCommentFactory(factory.django.DjangoModelFactory[PlanComment]):
    class Meta:
        model = PlanComment

    plan = factory.SubFactory(PlanFactory)
    text = factory.Sequence(lambda n: f"Opmerking {n}")
    by_resident = True
