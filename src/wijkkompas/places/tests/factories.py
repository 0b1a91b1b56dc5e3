import factory

from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.places.constants import PlaceKind
from wijkkompas.places.models import Place


class PlaceFactory(factory.django.DjangoModelFactory[Place]):
    class Meta:
        model = Place

    municipality = factory.SubFactory(MunicipalityFactory)
    neighbourhood = None
    name = factory.Sequence(lambda n: f"Buurthuis {n}")
    kind = PlaceKind.COMMUNITY_CENTRE
    address = "Dorpsstraat 1"
    accessible = True
    public = True
