import factory
from django.utils import timezone

from wijkkompas.areas.tests.factories import NeighbourhoodFactory
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.ideas.models import Idea, IdeaSupporter


class IdeaFactory(factory.django.DjangoModelFactory[Idea]):
    class Meta:
        model = Idea

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    team = None
    title = factory.Sequence(lambda n: f"Idee {n}")
    description = "Samen koken voor oudere buren in het dorpshuis."
    status = IdeaStatus.SUBMITTED
    public = False


class PublishedIdeaFactory(IdeaFactory):
    status = IdeaStatus.PUBLISHED
    public = True
    published_at = factory.LazyFunction(timezone.now)


class IdeaSupporterFactory(factory.django.DjangoModelFactory[IdeaSupporter]):
    class Meta:
        model = IdeaSupporter

    idea = factory.SubFactory(PublishedIdeaFactory)
    name = factory.Sequence(lambda n: f"Buurtbewoner {n}")
    email = factory.Sequence(lambda n: f"bewoner{n}@example.org")
    phone = ""
    message = ""
