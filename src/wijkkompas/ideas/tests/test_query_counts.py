"""The number of queries of the idea pages does not grow with the data.

Each page is counted with a small and a large world (a few ideas and supporters against
thirty more of each); limits live in ``query_counts.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.ideas.tests.factories import (
    IdeaFactory,
    IdeaSupporterFactory,
    PublishedIdeaFactory,
)
from wijkkompas.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())


def _grow(world: Any, n: int) -> None:
    for _ in range(n):
        IdeaFactory(neighbourhood=world.neighbourhood, team=world.team)
        idea = PublishedIdeaFactory(neighbourhood=world.neighbourhood, team=world.team)
        IdeaSupporterFactory(idea=idea)
        IdeaSupporterFactory(idea=world.published)
        PlaceFactory(municipality=world.gm, neighbourhood=world.neighbourhood)


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _counts(world: Any, login_client: Any) -> dict[str, int]:
    # The public page's parts are kept until a commit bumps the data version (ideas.kept);
    # the factories here commit nothing, so both worlds are counted as computed.
    cache.clear()
    client = login_client(world.user(Role.PROFESSIONAL))
    pages = {
        "ideas:list": reverse("ideas:list"),
        "ideas:detail": reverse("ideas:detail", args=[world.published.pk]),
        "ideas:moderate": reverse("ideas:moderate", args=[world.submitted.pk]),
        "ideas:coach": reverse("ideas:coach", args=[world.published.pk]),
    }
    _count(client, pages["ideas:list"])  # warm up the session
    counts = {name: _count(client, url) for name, url in pages.items()}
    anonymous = Client()
    counts["ideas:public"] = _count(
        anonymous, reverse("ideas:public", args=[world.neighbourhood.code])
    )
    counts["ideas:join"] = _count(anonymous, reverse("ideas:join", args=[world.published.pk]))
    return counts


def test_pages_take_the_same_queries_for_small_and_large_data(
    world: Any, login_client: Any
) -> None:
    _grow(world, 1)
    small = _counts(world, login_client)
    _grow(world, 30)
    large = _counts(world, login_client)
    assert small == large, (small, large)
    for name, count in large.items():
        assert count <= LIMITS[name], (name, count, large)


def test_the_public_page_keeps_its_listing_until_an_idea_changes(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cache.clear()
    anonymous = Client()
    url = reverse("ideas:public", args=[world.neighbourhood.code])
    computed = _count(anonymous, url)
    assert _count(anonymous, url) < computed
    with django_capture_on_commit_callbacks(execute=True):
        PublishedIdeaFactory(
            neighbourhood=world.neighbourhood, team=world.team, title="Een moestuin"
        )
    assert "Een moestuin" in anonymous.get(url).content.decode()


def test_a_visitor_gets_the_kept_page_with_tokens_of_their_own(
    world: Any,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The whole page is kept for visitors without an account (ideas.kept.page_key,
    core.sharedpage); each gets a CSRF token and spam token of their own, and the idea they
    send with them is taken. The page is computed again once an idea is published."""
    import re

    from wijkkompas.core import sharedpage
    from wijkkompas.ideas.constants import HONEYPOT_FIELD
    from wijkkompas.ideas.models import Idea
    from wijkkompas.ideas.views import PublicIdeasView

    forms: list[bool] = []
    real = PublicIdeasView.get_form

    def counting(view: Any, form_class: Any = None) -> Any:
        forms.append(view.keeping)
        return real(view, form_class)

    monkeypatch.setattr(PublicIdeasView, "get_form", counting)

    settings.WIJKKOMPAS_IDEA_FORM_MIN_SECONDS = 0
    cache.clear()
    url = reverse("ideas:public", args=[world.neighbourhood.code])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    computed = _count(first, url)
    assert forms == [True], "rendered once, to be kept"
    with CaptureQueriesContext(connection) as ctx:
        page = second.get(url).content.decode()
    assert len(ctx.captured_queries) < computed
    assert forms == [True], "served as kept: no form rendered"
    assert sharedpage.marker("csrf") not in page and sharedpage.marker("token") not in page
    tokens = dict(re.findall(r'name="(csrfmiddlewaretoken|token)" value="([^"]+)"', page))
    other = first.get(url).content.decode()
    assert tokens["token"] not in other
    data = {
        "csrfmiddlewaretoken": tokens["csrfmiddlewaretoken"],
        "token": tokens["token"],
        HONEYPOT_FIELD: "",
        "title": "Een ruilkast bij de school",
        "description": "Boeken en speelgoed ruilen.",
        "name": "Fatima",
        "email": "fatima@example.org",
        "phone": "",
        "agree": "on",
    }
    response = second.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert Idea.objects.filter(title="Een ruilkast bij de school").exists()
    # The thank-you message is shown on the page (not the kept one).
    assert "Thank you for your idea" in second.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PublishedIdeaFactory(
            neighbourhood=world.neighbourhood, team=world.team, title="Een moestuin"
        )
    assert "Een moestuin" in first.get(url).content.decode()
