"""The demo's social map: Wezep's entries linked to the buurtmaaltijd and the dorpshuis,
some flagged as unchecked, a few entries elsewhere; idempotent."""

from __future__ import annotations

import pytest

from wijkkompas.areas.models import Municipality
from wijkkompas.demo.socialmap_demo import socialmap_demo_load, socialmap_overview
from wijkkompas.socialmap import selectors
from wijkkompas.socialmap.constants import WmoStep
from wijkkompas.socialmap.models import Entry

pytestmark = pytest.mark.django_db


def test_the_social_map_of_wezep_loads_once(demo):
    oldebroek = Municipality.objects.get(code="GM0269")
    others = list(Municipality.objects.filter(code__in=["GM0361", "GM0392"]))
    socialmap_demo_load(municipality=oldebroek, others=others)
    count = Entry.objects.count()
    socialmap_demo_load(municipality=oldebroek, others=others)
    assert Entry.objects.count() == count
    meal = Entry.objects.get(municipality=oldebroek, name="Buurtmaaltijd in het dorpshuis")
    assert meal.initiative is not None and meal.initiative.name == meal.name
    assert meal.place is not None and meal.place.name == "Dorpshuis De Klaproos"
    assert meal.step == WmoStep.COLLECTIVE and meal.public
    assert set(meal.life_domains) == {"social_network", "daytime"}
    assert Entry.objects.filter(municipality=oldebroek, name="Dorpshuis De Klaproos").exists()
    steps = set(Entry.objects.filter(municipality=oldebroek).values_list("step", flat=True))
    assert steps == set(WmoStep.values)
    stale = [e for e in Entry.objects.filter(municipality=oldebroek) if selectors.is_stale(e)]
    assert len(stale) >= 2
    assert Entry.objects.filter(municipality=oldebroek, public=False).exists()
    for other in others:
        assert Entry.objects.filter(municipality=other, public=True).count() >= 3
    # Found on the public map by need and neighbourhood, before any individual provision.
    wezep_centrum = oldebroek.districts.get(code="WK026901").neighbourhoods.get(code="BU02690100")
    found = list(
        selectors.public_entries(
            municipality=oldebroek, life_domain="social_network", neighbourhood_id=wezep_centrum.pk
        )
    )
    names = [e.name for e in found]
    assert "Buurtmaaltijd in het dorpshuis" in names and "Wmo-loket gemeente Oldebroek" in names
    assert names.index("Buurtmaaltijd in het dorpshuis") < names.index(
        "Wmo-loket gemeente Oldebroek"
    )
    assert "social map" in socialmap_overview(oldebroek)
