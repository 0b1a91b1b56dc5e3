"""Reference data: the two instruments shipped with Wijkkompas (DESIGN.md, "Meetinstrument").

* Zelfredzaamheid-Matrix (ZRM) 2017: 13 domains, levels 1-5. Domain and level names only:
  the criteria texts per cell are copyright of GGD Amsterdam and are not shipped; a
  municipality with a licence loads them as data (``wijkkompas import_instrument``).
* Participatieladder (VNG/Divosa): one domain, rungs 1-6.

The names are Dutch data, not translatable strings. Shipped instruments have no
municipality: every signed-in user sees them. Reversing removes them again, which the
database refuses (PROTECT) once assessments use them.
"""

from django.db import migrations

ZRM_DOMAINS = [
    ("financien", "Financiën"),
    ("werk-opleiding", "Werk & opleiding"),
    ("tijdsbesteding", "Tijdsbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke-relaties", "Huiselijke relaties"),
    ("geestelijke-gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke-gezondheid", "Lichamelijke gezondheid"),
    ("middelengebruik", "Middelengebruik"),
    ("basale-adl", "Basale ADL"),
    ("instrumentele-adl", "Instrumentele ADL"),
    ("sociaal-netwerk", "Sociaal netwerk"),
    ("maatschappelijke-participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
]
ZRM_LEVELS = [
    (1, "Acute problematiek"),
    (2, "Niet zelfredzaam"),
    (3, "Beperkt zelfredzaam"),
    (4, "Voldoende zelfredzaam"),
    (5, "Volledig zelfredzaam"),
]
LADDER_RUNGS = [
    (1, "Geïsoleerd"),
    (2, "Sociale contacten buitenshuis"),
    (3, "Deelname aan georganiseerde activiteiten"),
    (4, "Onbetaald werk"),
    (5, "Betaald werk met ondersteuning"),
    (6, "Betaald werk"),
]

SHIPPED = [
    {
        "code": "zrm",
        "name": "Zelfredzaamheid-Matrix",
        "kind": "matrix",
        "description": (
            "Meet de zelfredzaamheid van een inwoner op 13 domeinen, elk op vijf niveaus, "
            "van acute problematiek tot volledig zelfredzaam."
        ),
        "source": (
            "GGD Amsterdam; criteriateksten zijn auteursrechtelijk beschermd en worden niet "
            "meegeleverd"
        ),
        "label": "2017",
        "scoring_note": (
            "Scoor de situatie van de afgelopen 30 dagen; begin bij 5 en werk naar beneden."
        ),
        "domains": ZRM_DOMAINS,
        "levels": ZRM_LEVELS,
    },
    {
        "code": "participatieladder",
        "name": "Participatieladder",
        "kind": "ladder",
        "description": (
            "Geeft aan op welke trede van maatschappelijke participatie een inwoner staat, "
            "van geïsoleerd tot betaald werk."
        ),
        "source": "VNG/Divosa",
        "label": "1",
        "scoring_note": "",
        "domains": [("participatie", "Participatie")],
        "levels": LADDER_RUNGS,
    },
]


def load(apps, schema_editor):
    Instrument = apps.get_model("instruments", "Instrument")
    InstrumentVersion = apps.get_model("instruments", "InstrumentVersion")
    InstrumentDomain = apps.get_model("instruments", "InstrumentDomain")
    InstrumentLevel = apps.get_model("instruments", "InstrumentLevel")
    for spec in SHIPPED:
        instrument, _ = Instrument.objects.update_or_create(
            municipality=None,
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "description": spec["description"],
                "source": spec["source"],
            },
        )
        version, _ = InstrumentVersion.objects.update_or_create(
            instrument=instrument,
            label=spec["label"],
            defaults={"scoring_note": spec["scoring_note"], "is_active": True},
        )
        for position, (code, name) in enumerate(spec["domains"], start=1):
            InstrumentDomain.objects.update_or_create(
                version=version, code=code, defaults={"position": position, "name": name}
            )
        for value, name in spec["levels"]:
            InstrumentLevel.objects.update_or_create(
                version=version, value=value, defaults={"name": name}
            )


def unload(apps, schema_editor):
    apps.get_model("instruments", "Instrument").objects.filter(
        municipality__isnull=True, code__in=[spec["code"] for spec in SHIPPED]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("instruments", "0002_initial")]
    operations = [migrations.RunPython(load, unload)]
