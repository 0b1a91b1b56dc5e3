import datetime as dt

import factory

from wijkkompas.reflections.constants import ReflectionStatus
from wijkkompas.reflections.models import FollowUpAction, Reflection
from wijkkompas.teams.tests.factories import TeamFactory


class ReflectionFactory(factory.django.DjangoModelFactory[Reflection]):
    class Meta:
        model = Reflection
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Kairosmoment {n}")
    planned_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=14))
    status = ReflectionStatus.PLANNED


class HeldReflectionFactory(ReflectionFactory):
    planned_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=60))
    held_on = factory.LazyAttribute(lambda o: o.planned_on)
    status = ReflectionStatus.HELD
    keep = "De inloop op dinsdag."
    stop = "Dubbel registreren."
    summary = "Goed gesprek over de wachtlijst."
    snapshot = factory.LazyFunction(
        lambda: {
            "period": {"kind": "year", "start": "2026-01-01"},
            "indicators": [
                {"code": "x", "name": "Gesprekken", "headline": "42", "unit": "gesprekken"}
            ],
            "risks": [
                {
                    "id": 1,
                    "title": "Wachtlijst toen",
                    "category": "Wachtlijsten",
                    "score": 16,
                    "level": "high",
                }
            ],
        }
    )


class FollowUpActionFactory(factory.django.DjangoModelFactory[FollowUpAction]):
    class Meta:
        model = FollowUpAction

    reflection = factory.SubFactory(HeldReflectionFactory)
    decision = factory.Sequence(lambda n: f"Besluit {n}")
    due_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))
