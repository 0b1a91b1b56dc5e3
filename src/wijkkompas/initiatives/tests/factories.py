"""Factories of opportunities, initiatives and referrals."""

from __future__ import annotations

from typing import Any

import factory

from wijkkompas.initiatives.constants import Origin, Stage, TransformationLevel
from wijkkompas.initiatives.models import (
    Initiative,
    InitiativeStory,
    Opportunity,
    OpportunityComment,
    Referral,
    StageChange,
)
from wijkkompas.teams.tests.factories import TeamFactory


class InitiativeFactory(factory.django.DjangoModelFactory[Initiative]):
    """An initiative of a team, in the team's municipality and neighbourhoods."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    municipality = factory.LazyAttribute(lambda o: o.team.municipality)
    name = factory.Sequence(lambda n: f"Buurtmaaltijd {n}")
    description = "Elke donderdag samen eten in het dorpshuis."
    level = TransformationLevel.NORMALISE
    origin = Origin.TEAM_SIGNAL
    stage = Stage.RUNNING
    participants_count = 12

    @factory.post_generation
    def neighbourhoods(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if not create:
            return
        if extracted is None and obj.team_id:
            extracted = list(obj.team.neighbourhoods.all())
        obj.neighbourhoods.set(extracted or [])

    @factory.post_generation
    def residents_in_charge(self, create, extracted, **kwargs):
        if create and extracted:
            self.residents_in_charge.set(extracted)

    @factory.post_generation
    def coaches(self, create, extracted, **kwargs):
        if create and extracted:
            self.coaches.set(extracted)


class StageChangeFactory(factory.django.DjangoModelFactory[StageChange]):
    class Meta:
        model = StageChange

    initiative = factory.SubFactory(InitiativeFactory)
    from_stage = Stage.TRIAL
    to_stage = Stage.RUNNING


class InitiativeStoryFactory(factory.django.DjangoModelFactory[InitiativeStory]):
    class Meta:
        model = InitiativeStory

    initiative = factory.SubFactory(InitiativeFactory)
    text = "Twintig buren aan tafel; een buurman kookte voor het eerst mee."


class OpportunityFactory(factory.django.DjangoModelFactory[Opportunity]):
    """An opportunity of a team that answers a loneliness signal of its first neighbourhood."""

    class Meta:
        model = Opportunity

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Ontmoeting voor ouderen {n}")
    description = "Veel gesprekken gaan over eenzaamheid."
    signal_area_kind = "neighbourhood"
    signal_area_id = factory.LazyAttribute(lambda o: o.team.neighbourhoods.first().pk)
    signal_period = "quarter"
    signal_period_start = factory.LazyFunction(lambda: __import__("datetime").date(2026, 7, 1))
    signal_measure = "theme:eenzaam"
    signal_snapshot = "Eenzaamheid: 14 gesprekken, meer dan vorig kwartaal."


class OpportunityCommentFactory(factory.django.DjangoModelFactory[OpportunityComment]):
    class Meta:
        model = OpportunityComment

    opportunity = factory.SubFactory(OpportunityFactory)
    text = "Goed idee: het dorpshuis heeft op woensdag ruimte."


class ReferralFactory(factory.django.DjangoModelFactory[Referral]):
    class Meta:
        model = Referral

    conversation = None
    initiative = factory.SubFactory(InitiativeFactory)
    referred_by = None
