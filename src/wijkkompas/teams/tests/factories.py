from typing import Any

import factory

from wijkkompas.areas.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.teams.constants import PartnerKind, Ring, TeamType
from wijkkompas.teams.models import Membership, Partner, Team
from wijkkompas.teams.summaries import team_summaries_refresh


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    team_type = TeamType.FIXED_COMPACT
    perspective = "Samen met bewoners zorgen dat iedereen mee kan doen."

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            district = DistrictFactory(municipality=self.municipality)
            extracted = [NeighbourhoodFactory(district=district)]
        self.neighbourhoods.set(extracted)

    @factory.post_generation
    def summary(obj: Team, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        # Like the services: the derived summary is refreshed after every write.
        if create:
            team_summaries_refresh([obj.pk])


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    person_name = factory.Faker("name", locale="nl_NL")
    organisation = factory.LazyAttribute(
        lambda o: OrganisationFactory(municipality=o.team.municipality)
    )
    ring = Ring.CORE
    hours_per_week = 16

    @factory.post_generation
    def summary(obj: Membership, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create:
            team_summaries_refresh([obj.team_id])


class PartnerFactory(factory.django.DjangoModelFactory[Partner]):
    class Meta:
        model = Partner

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = PartnerKind.PROGRAMME
    ring = Ring.OUTER
