"""Ship the eleven choice questions of appendix 1 of the Kenniskring document."""

from django.db import migrations

CODE = "kenniskring-2015"

#: (code, question, left pole (1), right pole (5)), in the order of the appendix.
QUESTIONS = [
    ("inrichting", "Wie bepaalt de inrichting?", "gemeente", "hoofdaannemers"),
    (
        "rol-gemeente",
        "Rol van de gemeente in de uitvoering",
        "sterk sturen",
        "loslaten/organisaties",
    ),
    ("positionering", "Positionering", "0de lijn", "2de lijn"),
    ("doelgroepen", "Doelgroepen", "alle burgers", "specifieke doelgroep"),
    ("type-professional", "Type professional in het team", "generalistisch", "specialistisch"),
    (
        "verbinding-0de-lijn",
        "Mate van verbinding met de 0de lijn/participatie",
        "sterk",
        "zwak",
    ),
    ("integratie-jeugd", "Mate van integratie met CJG/jeugdnetwerken", "sterk", "zwak"),
    ("basiszorg", "Verbinding met de basiszorg", "sterk", "zwak"),
    ("regie-burger", "Mate van regie van de cliënt/burger", "beperkt", "volledig"),
    ("toegang-wmo", "Sociaal wijkteam als centrale toegang voor de Wmo", "sterk", "zwak"),
    ("handelingsbevoegdheid", "Handelingsbevoegdheid van professionals", "sterk", "zwak"),
]


def ship(apps, schema_editor):
    Questionnaire = apps.get_model("selfassessments", "Questionnaire")
    Question = apps.get_model("selfassessments", "Question")
    questionnaire, _ = Questionnaire.objects.update_or_create(
        code=CODE,
        defaults={
            "name": "Keuzevraagstukken sociale (wijk)teams",
            "source": "Kenniskring sociale (wijk)teams Noord-Holland, bijlage 1",
        },
    )
    for order, (code, text, left, right) in enumerate(QUESTIONS, start=1):
        Question.objects.update_or_create(
            questionnaire=questionnaire,
            code=code,
            defaults={"order": order, "text": text, "left_pole": left, "right_pole": right},
        )


def unship(apps, schema_editor):
    Questionnaire = apps.get_model("selfassessments", "Questionnaire")
    Question = apps.get_model("selfassessments", "Question")
    Question.objects.filter(questionnaire__code=CODE, questionnaire__rounds__isnull=True).delete()
    Questionnaire.objects.filter(code=CODE, rounds__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("selfassessments", "0001_initial")]

    operations = [migrations.RunPython(ship, unship)]
