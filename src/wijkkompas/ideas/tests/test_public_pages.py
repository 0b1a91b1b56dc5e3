"""The public pages: send an idea, see the published ones, join one; spam protection."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from wijkkompas.ideas import spam
from wijkkompas.ideas.constants import HONEYPOT_FIELD, RATE_LIMIT_COUNT
from wijkkompas.ideas.models import Idea, IdeaSupporter
from wijkkompas.ideas.tests.conftest import SUPPORTER_EMAIL, SUPPORTER_NAME, SUPPORTER_PHONE
from wijkkompas.ideas.tests.factories import IdeaSupporterFactory
from wijkkompas.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _old_token() -> str:
    """A token of a form shown a minute ago (a person's pace)."""
    return spam.form_token(now=time.time() - 60)


def _idea_data(**overrides: Any) -> dict[str, Any]:
    return {
        "token": _old_token(),
        HONEYPOT_FIELD: "",
        "title": "Klussendienst voor de buurt",
        "description": "Handige buren helpen ouderen met kleine klusjes.",
        "name": "Henk Mulder",
        "email": "henk@example.org",
        "phone": "",
        "agree": "on",
    } | overrides


def _join_data(**overrides: Any) -> dict[str, Any]:
    return {
        "token": _old_token(),
        HONEYPOT_FIELD: "",
        "name": "Joke",
        "email": "",
        "phone": "0687654321",
        "message": "Ik kan op dinsdag",
        "agree": "on",
    } | overrides


def _public_url(world: Any) -> str:
    return reverse("ideas:public", args=[world.neighbourhood.code])


def test_public_page_shows_published_ideas_without_personal_data(world: Any) -> None:
    PlaceFactory(municipality=world.gm, neighbourhood=world.neighbourhood, name="De Klaproos")
    response = Client().get(_public_url(world))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Samen koken voor ouderen" in text
    assert "Klussendienst" not in text  # submitted, not yet published
    assert world.foreign_idea.title not in text
    for secret in (SUPPORTER_NAME, SUPPORTER_EMAIL, SUPPORTER_PHONE):
        assert secret not in text
    assert "Fewer than 10 residents join" in text
    assert "De Klaproos" in text
    assert f'name="{HONEYPOT_FIELD}"' in text


def test_public_page_shows_rounded_counts_from_ten(world: Any) -> None:
    IdeaSupporterFactory.create_batch(11, idea=world.published)
    text = Client().get(_public_url(world)).content.decode()
    assert "About 10 residents join" in text
    # The exact count (12) is nowhere in what the card says (its links carry ids, which
    # may contain "12" on any database).
    card = strip_tags(text.split("Samen koken voor ouderen", 1)[1].split("</article>")[0])
    assert not re.search(r"(?<!\d)12(?!\d)", card)


def test_public_page_of_unknown_neighbourhood_is_404() -> None:
    assert Client().get(reverse("ideas:public", args=["BU00000000"])).status_code == 404


def test_send_an_idea(world: Any) -> None:
    client = Client()
    response = client.post(_public_url(world), _idea_data(), follow=True)
    assert response.status_code == 200
    idea = Idea.objects.get(title="Klussendienst voor de buurt")
    assert idea.team == world.team and not idea.public
    assert idea.supporters.get().email == "henk@example.org"
    assert "Thank you for your idea" in response.content.decode()


def _refused(client: Client, url: str, data: dict[str, Any], message: str) -> None:
    ideas, supporters = Idea.objects.count(), IdeaSupporter.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Idea.objects.count(), IdeaSupporter.objects.count()) == (ideas, supporters)


def test_honeypot_refuses_and_saves_nothing(world: Any) -> None:
    _refused(
        Client(),
        _public_url(world),
        _idea_data(**{HONEYPOT_FIELD: "http://spam.example"}),
        "Leave the field for computers empty",
    )


def test_too_fast_refuses_and_saves_nothing(world: Any) -> None:
    _refused(
        Client(),
        _public_url(world),
        _idea_data(token=spam.form_token()),
        "The form was sent very quickly",
    )


def test_tampered_or_missing_token_refuses(world: Any) -> None:
    _refused(Client(), _public_url(world), _idea_data(token="x"), "Load the page again")
    _refused(Client(), _public_url(world), _idea_data(token=""), "Load the page again")


def test_old_form_refuses(world: Any) -> None:
    token = spam.form_token(now=time.time() - 7 * 3600)
    _refused(Client(), _public_url(world), _idea_data(token=token), "open too long")


def test_rate_limit_per_session_and_ip(world: Any) -> None:
    client = Client()
    for i in range(RATE_LIMIT_COUNT):
        response = client.post(_public_url(world), _idea_data(title=f"Idee {i}"))
        assert response.status_code == 302
    _refused(client, _public_url(world), _idea_data(title="Nog een"), "wait an hour")
    # A new session from the same address is still limited (per IP).
    _refused(Client(), _public_url(world), _idea_data(title="Nog een"), "wait an hour")
    # Joining counts against the same limit.
    _refused(
        Client(), reverse("ideas:join", args=[world.published.pk]), _join_data(), "wait an hour"
    )


def test_join_a_published_idea(world: Any) -> None:
    url = reverse("ideas:join", args=[world.published.pk])
    page = Client().get(url)
    assert page.status_code == 200
    text = page.content.decode()
    for secret in (SUPPORTER_NAME, SUPPORTER_EMAIL, SUPPORTER_PHONE):
        assert secret not in text
    response = Client().post(url, _join_data())
    assert response.status_code == 302
    assert world.published.supporters.filter(name="Joke", phone="0687654321").exists()


def test_join_needs_contact_details(world: Any) -> None:
    url = reverse("ideas:join", args=[world.published.pk])
    before = IdeaSupporter.objects.count()
    response = Client().post(url, _join_data(phone=""))
    assert response.status_code == 200
    assert IdeaSupporter.objects.count() == before


def test_join_page_of_an_unpublished_idea_is_404(world: Any) -> None:
    for idea in (world.submitted, world.sibling_idea):
        assert Client().get(reverse("ideas:join", args=[idea.pk])).status_code == 404
        response = Client().post(reverse("ideas:join", args=[idea.pk]), _join_data())
        assert response.status_code == 404
    assert not world.submitted.supporters.exists()


def test_minimum_fill_time_is_configurable(world: Any, settings: Any) -> None:
    settings.WIJKKOMPAS_IDEA_FORM_MIN_SECONDS = 0
    response = Client().post(_public_url(world), _idea_data(token=spam.form_token()))
    assert response.status_code == 302
