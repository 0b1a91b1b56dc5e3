"""Factories of working groups, their people, agenda items and actions."""

from __future__ import annotations

import datetime as dt

import factory

from wijkkompas.teams.tests.factories import TeamFactory
from wijkkompas.workgroups.constants import FocusKind, OuterKind
from wijkkompas.workgroups.models import AgendaItem, WorkGroup, WorkGroupAction, WorkGroupMember


class WorkGroupFactory(factory.django.DjangoModelFactory[WorkGroup]):
    class Meta:
        model = WorkGroup

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Werkgroep {n}")
    focus_kind = FocusKind.THEME
    focus = "Eenzaamheid onder ouderen"
    purpose = "Samen met bewoners iets doen tegen eenzaamheid."
    started_on = dt.date(2026, 1, 5)


class TeamMemberFactory(factory.django.DjangoModelFactory[WorkGroupMember]):
    """A member of the group's team in the group (pass ``membership``)."""

    class Meta:
        model = WorkGroupMember

    group = factory.SubFactory(WorkGroupFactory)


class OuterMemberFactory(factory.django.DjangoModelFactory[WorkGroupMember]):
    class Meta:
        model = WorkGroupMember

    group = factory.SubFactory(WorkGroupFactory)
    outer_kind = OuterKind.RESIDENT
    label = factory.Sequence(lambda n: f"Bewoner {n}")


class AgendaItemFactory(factory.django.DjangoModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    group = factory.SubFactory(WorkGroupFactory)
    day = dt.date(2026, 2, 3)
    topic = "Kennismaken"


class ActionFactory(factory.django.DjangoModelFactory[WorkGroupAction]):
    class Meta:
        model = WorkGroupAction

    group = factory.SubFactory(WorkGroupFactory)
    what = "Dorpshuis bellen"
    due_on = dt.date(2026, 3, 1)
