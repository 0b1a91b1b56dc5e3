"""Factories for instruments (a small matrix by default) and assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import factory

from wijkkompas.instruments.constants import InstrumentKind
from wijkkompas.instruments.models import (
    Assessment,
    AssessmentScore,
    CriterionText,
    Instrument,
    InstrumentDomain,
    InstrumentLevel,
    InstrumentVersion,
)


class InstrumentFactory(factory.django.DjangoModelFactory[Instrument]):
    class Meta:
        model = Instrument

    municipality = None
    code = factory.Sequence(lambda n: f"instrument-{n}")
    name = factory.Sequence(lambda n: f"Instrument {n}")
    kind = InstrumentKind.MATRIX


class InstrumentVersionFactory(factory.django.DjangoModelFactory[InstrumentVersion]):
    """A version with ``domains`` (names) and ``levels`` (values 1..n named "Niveau n")."""

    class Meta:
        model = InstrumentVersion
        skip_postgeneration_save = True

    instrument = factory.SubFactory(InstrumentFactory)
    label = "1"

    @factory.post_generation
    def domains(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        names = extracted if extracted is not None else ["Wonen", "Werk", "Gezondheid"]
        for position, name in enumerate(names, start=1):
            InstrumentDomain.objects.create(
                version=obj, position=position, code=f"d{position}", name=name
            )

    @factory.post_generation
    def levels(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        for value in range(1, (extracted or 5) + 1):
            InstrumentLevel.objects.create(version=obj, value=value, name=f"Niveau {value}")


class CriterionTextFactory(factory.django.DjangoModelFactory[CriterionText]):
    class Meta:
        model = CriterionText

    text = factory.Sequence(lambda n: f"Criterium {n}")


class AssessmentFactory(factory.django.DjangoModelFactory[Assessment]):
    """An assessment with ``scores`` ({domain code: value}) on its version."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    resident = factory.SubFactory("wijkkompas.residents.tests.factories.ResidentFactory")
    version = factory.SubFactory(InstrumentVersionFactory)
    assessed_on = factory.LazyFunction(dt.date.today)

    @factory.post_generation
    def scores(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create or not extracted:
            return
        domains = {d.code: d for d in obj.version.domains.all()}
        AssessmentScore.objects.bulk_create(
            AssessmentScore(assessment=obj, domain=domains[code], value=value)
            for code, value in extracted.items()
        )


def make_version(**kwargs: Any) -> InstrumentVersion:
    """An :class:`InstrumentVersionFactory` version, typed."""
    return cast(InstrumentVersion, InstrumentVersionFactory(**kwargs))


def make_assessment(**kwargs: Any) -> Assessment:
    """An :class:`AssessmentFactory` assessment, typed."""
    return cast(Assessment, AssessmentFactory(**kwargs))


def shipped_zrm() -> InstrumentVersion:
    """The ZRM 2017 of the data migration."""
    return InstrumentVersion.objects.get(
        instrument__municipality__isnull=True, instrument__code="zrm", label="2017"
    )


def shipped_ladder() -> InstrumentVersion:
    """The participatieladder of the data migration."""
    return InstrumentVersion.objects.get(
        instrument__municipality__isnull=True, instrument__code="participatieladder"
    )
