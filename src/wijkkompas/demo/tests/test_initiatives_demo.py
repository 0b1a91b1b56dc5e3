"""The demo's collective work in Wezep: loaded through the services, idempotent."""

from __future__ import annotations

import pytest

from wijkkompas.areas.models import Municipality
from wijkkompas.demo.initiatives_demo import initiatives_demo_load, initiatives_overview
from wijkkompas.initiatives.constants import OpportunityStatus, Stage
from wijkkompas.initiatives.models import Initiative, Opportunity, Referral, StageChange

pytestmark = pytest.mark.django_db


def test_the_collective_work_of_wezep_loads_once(demo):
    oldebroek = Municipality.objects.get(code="GM0269")
    first = initiatives_demo_load(municipality=oldebroek)
    counts = (
        Initiative.objects.count(),
        Opportunity.objects.count(),
        Referral.objects.count(),
        StageChange.objects.count(),
    )
    second = initiatives_demo_load(municipality=oldebroek)
    assert second == {"initiative": 0, "opportunity": 0, "referral": 0}
    assert counts == (
        Initiative.objects.count(),
        Opportunity.objects.count(),
        Referral.objects.count(),
        StageChange.objects.count(),
    )
    if first["initiative"]:  # the loader may already call it
        assert first["initiative"] == 4
    meal = Initiative.objects.get(name="Buurtmaaltijd in het dorpshuis")
    assert meal.stage == Stage.RUNNING
    assert meal.place is not None
    assert meal.residents_in_charge.filter(username="demo-initiator").exists()
    assert [c.to_stage for c in meal.stage_changes.order_by("changed_at")] == [
        Stage.IDEA,
        Stage.EXPLORE,
        Stage.TRIAL,
        Stage.RUNNING,
    ]
    stopped = Initiative.objects.get(name="Digitaal spreekuur in de bibliotheek")
    assert stopped.stage == Stage.STOPPED and stopped.lesson_learned
    loneliness = Opportunity.objects.get(title="Eenzaamheid onder ouderen in Wezep")
    assert loneliness.signal_measure == "theme:eenzaam"
    assert loneliness.status == OpportunityStatus.LINKED and loneliness.initiative == meal
    assert loneliness.comments.count() == 2
    assert "initiatives" in initiatives_overview(oldebroek)


def test_residents_find_the_public_demo_initiatives_on_their_neighbourhood_page(demo):
    from django.test import Client
    from django.urls import reverse

    oldebroek = Municipality.objects.get(code="GM0269")
    initiatives_demo_load(municipality=oldebroek)
    public = set(Initiative.objects.filter(public=True).values_list("name", flat=True))
    assert {"Buurtmaaltijd in het dorpshuis", "Jonge moedergroep"} <= public
    assert "Digitaal spreekuur in de bibliotheek" not in public
    html = Client().get(reverse("neighbourhoods:public", args=["BU02690100"])).content.decode()
    assert "Buurtmaaltijd in het dorpshuis" in html
    assert "demo-initiator" not in html
