"""Factories of social map entries."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.socialmap.constants import Cost, EntryKind, WmoStep
from wijkkompas.socialmap.models import Entry


class EntryFactory(factory.django.DjangoModelFactory[Entry]):
    """A public, free, collective entry of a municipality, checked today."""

    class Meta:
        model = Entry
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Koffieochtend {n}")
    kind = EntryKind.GENERAL_PROVISION
    step = WmoStep.COLLECTIVE
    description = "Elke dinsdag koffie en een praatje."
    target_group = "Alle inwoners"
    life_domains = factory.LazyFunction(lambda: ["social_network"])
    how_to_reach = "Loop gewoon binnen."
    opening_hours = "Dinsdag 10.00–12.00 uur"
    cost = Cost.FREE
    public = True
    last_checked_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def neighbourhoods(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create and extracted:
            obj.neighbourhoods.set(extracted)
