"""Public initiatives: what residents without an account see of them.

* the public neighbourhood page lists the public initiatives of that neighbourhood that a
  resident can join (on trial, running or embedded): never a non-public one, never one of
  another municipality, never the names of the people who run it or take part;
* the public page of an initiative opens for a public one in any stage, 404 otherwise;
* both take a constant number of queries;
* only those who may change the initiative make it public (form and service).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.areas.tests.factories import NeighbourhoodFactory
from wijkkompas.initiatives import selectors, services
from wijkkompas.initiatives.constants import Stage
from wijkkompas.initiatives.forms import InitiativeForm
from wijkkompas.initiatives.models import Initiative
from wijkkompas.initiatives.tests.factories import InitiativeFactory, InitiativeStoryFactory
from wijkkompas.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _public_page(world: Any) -> str:
    url = reverse("neighbourhoods:public", args=[world.neighbourhood.code])
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def _make_public(world: Any, **extra: Any) -> None:
    services.initiative_update(
        user=world.user(Role.PROFESSIONAL),
        initiative=world.initiative,
        public=True,
        how_to_join="Elke donderdag om half zes, loop binnen.",
        **extra,
    )
    world.initiative.refresh_from_db()


# --- the public neighbourhood page ---------------------------------------------------------


def test_the_public_page_lists_public_running_initiatives_of_the_neighbourhood(world):
    _make_public(world)
    n = world.neighbourhood
    InitiativeFactory(team=world.team, name="Taalmaatjes", stage=Stage.TRIAL, public=True)
    InitiativeFactory(team=world.team, name="Repaircafé", stage=Stage.EMBEDDED, public=True)
    InitiativeFactory(team=world.team, name="Geheim overleg", public=False)
    InitiativeFactory(team=world.team, name="Gestopt spreekuur", stage=Stage.STOPPED, public=True)
    InitiativeFactory(team=world.team, name="Nog een idee", stage=Stage.IDEA, public=True)
    InitiativeFactory(team=world.team, name="Wordt verkend", stage=Stage.EXPLORE, public=True)
    elsewhere = NeighbourhoodFactory(district=n.district)
    InitiativeFactory(team=world.team, name="Andere buurt", public=True, neighbourhoods=[elsewhere])
    # Another municipality's public initiative, wrongly linked to this neighbourhood.
    InitiativeFactory(team=world.foreign, name="Over de grens", public=True, neighbourhoods=[n])

    html = _public_page(world)

    assert "Initiatieven in deze buurt" in html or "Initiatives in this neighbourhood" in html
    for listed in ("Buurtmaaltijd in het dorpshuis", "Taalmaatjes", "Repaircafé"):
        assert listed in html
    for hidden in (
        "Geheim overleg",
        "Gestopt spreekuur",
        "Nog een idee",
        "Wordt verkend",
        "Andere buurt",
        "Over de grens",
    ):
        assert hidden not in html
    assert "Elke donderdag om half zes" in html
    assert "Dorpshuis De Wezep" in html  # a public place
    assert reverse("initiatives:public_detail", args=[world.initiative.pk]) in html
    # Each initiative under its own heading, in a list.
    assert '<h3 class="utrecht-heading-3"><a class="utrecht-link"' in html


def test_the_public_page_shows_no_names_or_internal_details(world):
    world.initiative.other_partners = "Bakkerij Van Dijk"
    world.initiative.lesson_learned = "Les over de kosten"
    world.initiative.save()
    InitiativeStoryFactory(initiative=world.initiative, text="Meneer Pietersen kwam weer.")
    _make_public(world)
    coach = world.user(Role.PROFESSIONAL)
    coach.first_name, coach.last_name = "Coachnaam", "Achternaamcoach"
    coach.save()
    initiator = world.user(Role.INITIATOR)
    initiator.first_name, initiator.last_name = "Initiatornaam", "Achternaaminitiator"
    initiator.save()

    pages = [
        _public_page(world),
        Client()
        .get(reverse("initiatives:public_detail", args=[world.initiative.pk]))
        .content.decode(),
    ]
    for html in pages:
        assert "Buurtmaaltijd in het dorpshuis" in html
        for secret in (
            "Coachnaam",
            "Achternaamcoach",
            "Initiatornaam",
            "Achternaaminitiator",
            coach.username,
            initiator.username,
            "Bakkerij Van Dijk",
            "Les over de kosten",
            "Pietersen",
            world.team.name,
        ):
            assert secret not in html, secret


def test_without_public_initiatives_one_sentence_points_to_sending_an_idea(world):
    html = _public_page(world)
    assert "Buurtmaaltijd in het dorpshuis" not in html  # not public
    assert reverse("ideas:public", args=[world.neighbourhood.code]) in html
    assert "nog geen initiatieven" in html.lower() or "no initiatives to join" in html.lower(), html


def test_a_place_that_is_not_public_is_not_named(world):
    kitchen = PlaceFactory(
        municipality=world.gm, neighbourhood=world.neighbourhood, name="Keukentafel", public=False
    )
    _make_public(world, place=kitchen)
    assert "Keukentafel" not in _public_page(world)
    rows = selectors.public_initiatives(neighbourhood=world.neighbourhood)
    assert [(r.name, r.place_name) for r in rows] == [("Buurtmaaltijd in het dorpshuis", "")]


def test_stopping_keeps_it_public_but_no_longer_listed(world):
    _make_public(world)
    services.initiative_change_stage(
        user=world.user(Role.PROFESSIONAL),
        initiative=world.initiative,
        stage=Stage.STOPPED,
        note="Te weinig vrijwilligers.",
    )
    world.initiative.refresh_from_db()
    assert world.initiative.public
    assert "Buurtmaaltijd in het dorpshuis" not in _public_page(world)
    detail = Client().get(reverse("initiatives:public_detail", args=[world.initiative.pk]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "gestopt" in body.lower() or "stopped" in body.lower()
    assert "Te weinig vrijwilligers" not in body  # the lesson is for the team


def _count(url: str) -> int:
    client = Client()
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_public_pages_take_the_same_queries_for_few_and_many(
    world, django_capture_on_commit_callbacks
):
    _make_public(world)
    page = reverse("neighbourhoods:public", args=[world.neighbourhood.code])
    detail = reverse("initiatives:public_detail", args=[world.initiative.pk])
    few = (_count(page), _count(detail))
    # Committed as in production: the public page keeps what it shows until the data
    # version of the municipality changes after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        others = [NeighbourhoodFactory(district=world.neighbourhood.district) for _ in range(3)]
        for i in range(12):
            place = PlaceFactory(municipality=world.gm, neighbourhood=world.neighbourhood)
            InitiativeFactory(team=world.team, name=f"Initiatief {i}", public=True, place=place)
        world.initiative.neighbourhoods.add(*others)
    many = (_count(page), _count(detail))
    assert few == many
    assert "Initiatief 11" in Client().get(page).content.decode()


def test_public_selector_runs_one_query(world, django_assert_num_queries):
    _make_public(world)
    for i in range(5):
        InitiativeFactory(team=world.team, name=f"Initiatief {i}", public=True)
    neighbourhood = world.neighbourhood
    neighbourhood.district.municipality  # noqa: B018 - loaded, as on the page
    with django_assert_num_queries(1):
        rows = selectors.public_initiatives(neighbourhood=neighbourhood)
    assert len(rows) == 6


# --- the public page of an initiative -------------------------------------------------------


def test_the_public_initiative_page_is_open_only_for_a_public_initiative(world, login_client):
    url = reverse("initiatives:public_detail", args=[world.initiative.pk])
    assert Client().get(url).status_code == 404  # not public (yet)
    assert login_client(world.user(Role.PROFESSIONAL)).get(url).status_code == 404
    _make_public(world)
    response = Client().get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Elke donderdag om half zes" in body
    assert reverse("neighbourhoods:public", args=[world.neighbourhood.code]) in body
    assert login_client(world.user("foreign_professional")).get(url).status_code == 200
    missing = reverse("initiatives:public_detail", args=[987654])
    assert Client().get(missing).status_code == 404
    with pytest.raises(Http404):
        selectors.public_initiative_page(pk=world.sibling_initiative.pk)


def test_public_does_not_open_the_staff_pages_to_other_municipalities(world, login_client):
    _make_public(world)
    url = reverse("initiatives:detail", args=[world.initiative.pk])
    assert login_client(world.user("foreign_professional")).get(url).status_code == 404
    listed = login_client(world.user("foreign_professional")).get(reverse("initiatives:list"))
    assert "Buurtmaaltijd in het dorpshuis" not in listed.content.decode()


def test_the_staff_page_says_whether_residents_see_it(world, login_client):
    url = reverse("initiatives:detail", args=[world.initiative.pk])
    client = login_client(world.user(Role.PROFESSIONAL))
    public_url = reverse("initiatives:public_detail", args=[world.initiative.pk])
    assert public_url not in client.get(url).content.decode()
    _make_public(world)
    assert public_url in client.get(url).content.decode()


# --- who makes it public ---------------------------------------------------------------------


def _edit_payload(world: Any, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Buurtmaaltijd in het dorpshuis",
        "level": "normaliseren",
        "origin": "team_signal",
        "team": world.team.pk,
        "neighbourhoods": [world.neighbourhood.pk],
        "place": world.place.pk,
        "residents_in_charge": [world.user(Role.INITIATOR).pk],
        "coaches": [world.user(Role.PROFESSIONAL).pk],
        "participants_count": 12,
        **extra,
    }


def test_the_form_has_the_public_fields():
    form = InitiativeForm(querysets={})
    assert "public" in form.fields
    assert "how_to_join" in form.fields
    assert not form.fields["public"].required


@pytest.mark.parametrize("who", [Role.PROFESSIONAL, Role.INITIATOR, Role.ADMIN])
def test_those_who_may_change_make_it_public_through_the_page(world, login_client, who):
    client = login_client(world.user(who))
    url = reverse("initiatives:edit", args=[world.initiative.pk])
    assert 'name="public"' in client.get(url).content.decode()
    response = client.post(
        url, _edit_payload(world, public="on", how_to_join="Loop binnen op donderdag.")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    world.initiative.refresh_from_db()
    assert world.initiative.public
    assert world.initiative.how_to_join == "Loop binnen op donderdag."
    # And back: unticked, it is no longer public.
    response = client.post(url, _edit_payload(world))
    assert response.status_code == 302
    world.initiative.refresh_from_db()
    assert not world.initiative.public


def test_starting_a_public_initiative_through_the_page(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(
        reverse("initiatives:create"),
        {
            "name": "Wandelgroep",
            "level": "normaliseren",
            "origin": "partner",
            "team": world.team.pk,
            "neighbourhoods": [world.neighbourhood.pk],
            "participants_count": 0,
            "public": "on",
            "how_to_join": "Zaterdag om tien uur bij de kerk.",
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get(name="Wandelgroep")
    assert initiative.public
    assert initiative.how_to_join == "Zaterdag om tien uur bij de kerk."
    # A new initiative starts as an idea: public, but not listed until it is on trial.
    assert selectors.public_initiatives(neighbourhood=world.neighbourhood) == []
    detail = Client().get(reverse("initiatives:public_detail", args=[initiative.pk]))
    assert detail.status_code == 200


@pytest.mark.parametrize(
    "who,status",
    [
        (Role.POLICY_OFFICER, 403),
        (Role.RESEARCHER, 404),
        (Role.RESIDENT, 403),
        ("sibling_professional", 403),
        ("foreign_professional", 404),
        ("other_initiator", 404),
    ],
)
def test_others_cannot_make_it_public(world, login_client, who, status):
    client = login_client(world.users[who])
    url = reverse("initiatives:edit", args=[world.initiative.pk])
    response = client.post(url, _edit_payload(world, public="on"))
    assert response.status_code == status
    world.initiative.refresh_from_db()
    assert not world.initiative.public


@pytest.mark.parametrize(
    "who,error",
    [
        (Role.POLICY_OFFICER, PermissionDenied),
        ("sibling_professional", PermissionDenied),
        ("foreign_professional", Http404),
        ("other_initiator", Http404),
    ],
)
def test_the_service_refuses_the_flag_to_those_who_may_not_change(world, who, error):
    with pytest.raises(error):
        services.initiative_update(user=world.users[who], initiative=world.initiative, public=True)
    world.initiative.refresh_from_db()
    assert not world.initiative.public
