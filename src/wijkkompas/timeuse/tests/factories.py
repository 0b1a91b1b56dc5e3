"""Factories of time for the collective."""

from __future__ import annotations

import datetime as dt

import factory

from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.teams.tests.factories import TeamFactory
from wijkkompas.timeuse.models import TeamTimeAmbition, TimeSplit
from wijkkompas.timeuse.weeks import this_week


class TimeSplitFactory(factory.django.DjangoModelFactory[TimeSplit]):
    class Meta:
        model = TimeSplit

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    week = factory.LazyFunction(this_week)
    casework = 60
    collective = 20
    network = 10
    overhead = 10


class TeamTimeAmbitionFactory(factory.django.DjangoModelFactory[TeamTimeAmbition]):
    class Meta:
        model = TeamTimeAmbition

    team = factory.SubFactory(TeamFactory)
    collective_target = 30
    set_on = factory.LazyFunction(lambda: this_week() - dt.timedelta(weeks=8))
