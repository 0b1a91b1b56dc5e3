import factory

from wijkkompas.areas.models import District, Municipality, Neighbourhood


class MunicipalityFactory(factory.django.DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    province = "Noord-Holland"


class DistrictFactory(factory.django.DjangoModelFactory[District]):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    # 00–89: the numbers 90–99 are left to codes that tests write by hand (e.g. WK034499).
    code = factory.LazyAttributeSequence(lambda o, n: f"WK{o.municipality.code[2:]}{n % 90:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")


class NeighbourhoodFactory(factory.django.DjangoModelFactory[Neighbourhood]):
    class Meta:
        model = Neighbourhood

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"BU{o.district.code[2:]}{n % 90:02d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")
