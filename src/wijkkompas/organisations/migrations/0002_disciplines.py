"""Reference data: the disciplines of DESIGN.md and the Kenniskring appendix 1."""

from django.db import migrations

DISCIPLINES = [
    # code, name, usual craft
    ("amw", "Algemeen maatschappelijk werk (AMW)", "hulp"),
    ("opbouwwerk", "Opbouwwerk / sociaal-cultureel werk", "welzijn"),
    ("mee", "MEE (cliëntondersteuning)", "hulp"),
    ("gemeente", "Gemeente (Wmo-consulent, werk en inkomen)", "hulp"),
    ("jgz-ggd", "JGZ / GGD", "zorg"),
    ("wijkverpleging", "Thuiszorg / wijkverpleging", "zorg"),
    ("huisarts-poh", "Huisarts / POH-GGZ", "zorg"),
    ("ggz", "GGZ", "zorg"),
    ("jeugdzorg", "Jeugdzorg", "hulp"),
    ("woningcorporatie", "Woningcorporatie", "welzijn"),
    ("schuldhulp", "Schuldhulpverlening", "hulp"),
    ("ouderenwerk", "Ouderenwerk", "welzijn"),
    ("jongerenwerk", "Jongerenwerk", "welzijn"),
    ("vrijwilligers", "Vrijwilligersorganisatie / mantelzorgsteunpunt", "welzijn"),
    ("bewoners", "Bewonersorganisatie", "welzijn"),
    ("politie", "Politie (wijkagent)", "hulp"),
    ("verslavingszorg", "Verslavingszorg", "zorg"),
]


def load(apps, schema_editor):
    Discipline = apps.get_model("organisations", "Discipline")
    for order, (code, name, craft) in enumerate(DISCIPLINES):
        Discipline.objects.update_or_create(
            code=code, defaults={"name": name, "default_craft": craft, "order": order}
        )


def unload(apps, schema_editor):
    apps.get_model("organisations", "Discipline").objects.filter(
        code__in=[code for code, _, _ in DISCIPLINES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
