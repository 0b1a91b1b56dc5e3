"""The shipped instruments (data migration 0003): names only, reversible, idempotent."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from wijkkompas.instruments.models import CriterionText, Instrument, InstrumentVersion

from .factories import shipped_ladder, shipped_zrm

pytestmark = pytest.mark.django_db

shipped = importlib.import_module("wijkkompas.instruments.migrations.0003_shipped_instruments")

ZRM_DOMAINS = [
    "Financiën",
    "Werk & opleiding",
    "Tijdsbesteding",
    "Huisvesting",
    "Huiselijke relaties",
    "Geestelijke gezondheid",
    "Lichamelijke gezondheid",
    "Middelengebruik",
    "Basale ADL",
    "Instrumentele ADL",
    "Sociaal netwerk",
    "Maatschappelijke participatie",
    "Justitie",
]


def test_zrm_2017_has_13_domains_and_5_levels_in_order():
    zrm = shipped_zrm()
    assert zrm.instrument.municipality_id is None and zrm.instrument.kind == "matrix"
    assert zrm.is_active
    domains = list(zrm.domains.order_by("position"))
    assert [d.name for d in domains] == ZRM_DOMAINS
    assert [d.position for d in domains] == list(range(1, 14))
    assert [d.code for d in domains][:3] == ["financien", "werk-opleiding", "tijdsbesteding"]
    assert list(zrm.levels.order_by("value").values_list("value", "name")) == [
        (1, "Acute problematiek"),
        (2, "Niet zelfredzaam"),
        (3, "Beperkt zelfredzaam"),
        (4, "Voldoende zelfredzaam"),
        (5, "Volledig zelfredzaam"),
    ]
    assert zrm.scoring_note == (
        "Scoor de situatie van de afgelopen 30 dagen; begin bij 5 en werk naar beneden."
    )
    assert zrm.instrument.source == (
        "GGD Amsterdam; criteriateksten zijn auteursrechtelijk beschermd en worden niet meegeleverd"
    )


def test_no_criteria_texts_are_shipped():
    assert not CriterionText.objects.exists()


def test_participatieladder_has_one_domain_and_6_rungs():
    ladder = shipped_ladder()
    assert ladder.label == "1" and ladder.instrument.kind == "ladder"
    assert list(ladder.domains.values_list("code", "name")) == [("participatie", "Participatie")]
    assert list(ladder.levels.order_by("value").values_list("value", "name")) == [
        (1, "Geïsoleerd"),
        (2, "Sociale contacten buitenshuis"),
        (3, "Deelname aan georganiseerde activiteiten"),
        (4, "Onbetaald werk"),
        (5, "Betaald werk met ondersteuning"),
        (6, "Betaald werk"),
    ]


def test_the_migration_reverses_and_loads_again_without_duplicates():
    shipped.unload(apps, None)
    assert not Instrument.objects.filter(municipality__isnull=True).exists()
    shipped.load(apps, None)
    shipped.load(apps, None)
    assert Instrument.objects.filter(municipality__isnull=True).count() == 2
    assert InstrumentVersion.objects.count() == 2
    assert shipped_zrm().domains.count() == 13 and shipped_ladder().levels.count() == 6
