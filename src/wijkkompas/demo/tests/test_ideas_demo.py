"""The demo's places and residents' ideas in Wezep: loaded through the services, idempotent."""

from __future__ import annotations

import pytest

from wijkkompas.areas.models import Municipality
from wijkkompas.demo.ideas_demo import ideas_overview, load_ideas_and_places
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.ideas.models import Idea, IdeaSupporter
from wijkkompas.places.models import Place

pytestmark = pytest.mark.django_db


def test_places_and_ideas_of_wezep_load_once(demo):
    oldebroek = Municipality.objects.get(code="GM0269")
    load_ideas_and_places(municipality=oldebroek)
    counts = (Place.objects.count(), Idea.objects.count(), IdeaSupporter.objects.count())
    second = load_ideas_and_places(municipality=oldebroek)
    assert second == {"place": 0, "idea": 0, "supporter": 0}
    assert counts == (Place.objects.count(), Idea.objects.count(), IdeaSupporter.objects.count())

    cooking = Idea.objects.get(title="Samen koken voor ouderen")
    assert cooking.status == IdeaStatus.PUBLISHED and cooking.public
    assert cooking.team is not None and cooking.team.name == "Krachtstroomteam Wezep"
    assert cooking.coach is not None and cooking.coach.username == "demo-professional"
    assert cooking.supporters.count() >= 10  # shown on the public page (rounded)
    assert Idea.objects.get(title="Wandelgroep op dinsdag").status == IdeaStatus.SUBMITTED
    rejected = Idea.objects.get(title="Korting op mijn schoonmaakdienst")
    assert rejected.status == IdeaStatus.REJECTED and rejected.rejection_reason
    assert Place.objects.get(name="Dorpshuis De Klaproos").public
    assert not Place.objects.get(name__startswith="Keukentafel").public
    assert "places" in ideas_overview(oldebroek)
