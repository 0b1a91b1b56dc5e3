import factory

from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.organisations.constants import Craft
from wijkkompas.organisations.models import Discipline, Organisation


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    discipline = factory.LazyFunction(lambda: Discipline.objects.get(code="amw"))
    craft = Craft.HULP
