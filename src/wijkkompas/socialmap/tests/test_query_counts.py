"""The number of queries of the social map pages does not grow with the entries; the public
map's body is kept between two changes of the municipality's social map."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.socialmap.models import Entry
from wijkkompas.socialmap.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def _grow(world: Any, n: int) -> None:
    for i in range(n):
        entry = EntryFactory(
            municipality=world.gm,
            life_domains=["social_network", "finances"],
            last_checked_on=world.stale.last_checked_on if i % 2 else world.meal.last_checked_on,
        )
        entry.neighbourhoods.set([world.neighbourhood, world.other_neighbourhood][: 1 + i % 2])


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _counts(world: Any, login_client: Any) -> dict[str, int]:
    client = login_client(world.user(Role.ADMIN))
    public = reverse("socialmap:public", args=["GM0269"])
    pages = {
        "socialmap:list": reverse("socialmap:list"),
        "socialmap:list filtered": reverse("socialmap:list")
        + "?leefgebied=social_network&buurt=BU02699001&verouderd=on&zoek=koffie",
        "socialmap:detail": reverse("socialmap:detail", args=[world.meal.pk]),
        "socialmap:edit": reverse("socialmap:edit", args=[world.meal.pk]),
        "socialmap:create": reverse("socialmap:create"),
    }
    _count(client, pages["socialmap:list"])  # warm up the session
    counts = {name: _count(client, url) for name, url in pages.items()}
    anonymous = Client()
    cache.clear()
    counts["socialmap:public"] = _count(
        anonymous, public + "?nodig=social_network&buurt=BU02699001"
    )
    counts["socialmap:public_print"] = _count(
        anonymous, reverse("socialmap:public_print", args=["GM0269"]) + "?nodig=social_network"
    )
    counts["socialmap:public_entry"] = _count(
        anonymous, reverse("socialmap:public_entry", args=[world.meal.pk])
    )
    return counts


def test_pages_take_the_same_queries_for_few_and_many_entries(
    world: Any, login_client: Any
) -> None:
    _grow(world, 2)
    small = _counts(world, login_client)
    _grow(world, 60)
    large = _counts(world, login_client)
    assert small == large, (small, large)
    assert large["socialmap:list"] <= 10 and large["socialmap:public"] <= 7


def test_the_public_map_is_kept_until_an_entry_changes(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cache.clear()
    client = Client()
    url = reverse("socialmap:public", args=["GM0269"]) + "?nodig=social_network"
    first = _main(client.get(url).content.decode())
    assert "Buurtmaaltijd in het dorpshuis" in first
    with CaptureQueriesContext(connection) as kept:
        assert _main(client.get(url).content.decode()) == first
    assert not any("socialmap_entry" in q["sql"] for q in kept.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        Entry.objects.filter(pk=world.meal.pk).first().save()  # type: ignore[union-attr]
        world.meal.name = "Samen eten in Wezep"
        world.meal.save()
    assert "Samen eten in Wezep" in client.get(url).content.decode()
    # A change of the neighbourhoods also counts.
    with django_capture_on_commit_callbacks(execute=True):
        world.meal.neighbourhoods.set([world.other_neighbourhood])
    text = client.get(url + "&buurt=BU02699001").content.decode()
    assert "Samen eten in Wezep" not in text


def test_an_invalid_search_is_never_kept(world: Any) -> None:
    cache.clear()
    client = Client()
    url = reverse("socialmap:public", args=["GM0269"]) + "?nodig=flying"
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        assert any("socialmap_entry" in q["sql"] for q in ctx.captured_queries)
    # An unknown municipality is a 404, kept or not.
    assert client.get(reverse("socialmap:public", args=["GM9999"])).status_code == 404
    assert client.get(reverse("socialmap:public", args=["GM9999"])).status_code == 404


def test_the_public_neighbourhood_page_links_to_the_social_map(world: Any) -> None:
    text = Client().get(reverse("neighbourhoods:public", args=["BU02699001"])).content.decode()
    assert reverse("socialmap:public", args=["GM0269"]) + "?buurt=BU02699001" in text
