from typing import Any

import factory

from wijkkompas.areas.models import District, Municipality, Neighbourhood


def _free_code(model: Any, prefix: str, n: int) -> str:
    """``prefix`` and two digits, from ``n % 90`` on, skipping codes already in the database:
    a test may write one by hand (its world's district ``WK026901``), and the sequence wraps
    after 90 in a long test process; a clash was a failed test now and then."""
    taken = set(model.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    for step in range(90):
        code = f"{prefix}{(n + step) % 90:02d}"
        if code not in taken:
            return code
    raise RuntimeError(f"no free code left under {prefix}")


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
    # 00–89, the first free one (_free_code): 90–99 are left to codes tests write by hand.
    code = factory.LazyAttributeSequence(
        lambda o, n: _free_code(District, f"WK{o.municipality.code[2:]}", n)
    )
    name = factory.Sequence(lambda n: f"Wijk {n}")


class NeighbourhoodFactory(factory.django.DjangoModelFactory[Neighbourhood]):
    class Meta:
        model = Neighbourhood

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(
        lambda o, n: _free_code(Neighbourhood, f"BU{o.district.code[2:]}", n)
    )
    name = factory.Sequence(lambda n: f"Buurt {n}")
