import datetime as dt

import factory

from wijkkompas.risks.constants import RiskCategory
from wijkkompas.risks.models import TeamRisk
from wijkkompas.teams.tests.factories import TeamFactory


class TeamRiskFactory(factory.django.DjangoModelFactory[TeamRisk]):
    class Meta:
        model = TeamRisk

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Risico {n}")
    description = "Wat er mis kan gaan."
    category = RiskCategory.WAITING_LISTS
    likelihood = 3
    impact = 3
    measures = "Wekelijks overleg."
    review_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))
