"""The neighbourhood page of an aggregates-only role is kept between two changes of the
municipality's area data, and every kind of change shows on the next request."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.core import versions
from wijkkompas.core.versions import AREA_FIGURES
from wijkkompas.ideas.tests.factories import IdeaSupporterFactory, PublishedIdeaFactory
from wijkkompas.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _get(client: Any, url: str) -> tuple[str, int]:
    """The page without its CSRF tokens (new on every request) and its query count."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return html, len(ctx.captured_queries)


def _url(world: Any) -> str:
    return reverse("neighbourhoods:detail", args=[world.neighbourhood.code])


def test_a_policy_officer_gets_the_kept_body_until_the_data_changes(
    world: Any, login_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    first, computed = _get(client, _url(world))
    again, kept = _get(client, _url(world))
    assert again == first
    assert kept < computed
    with django_capture_on_commit_callbacks(execute=True):
        PublishedIdeaFactory(neighbourhood=world.neighbourhood, title="Moestuin achter de kerk")
    changed, queries = _get(client, _url(world))
    assert "Moestuin achter de kerk" in changed
    assert queries > kept  # computed again (the first request also loaded reference data)


@pytest.mark.parametrize("change", ["idea", "supporter", "initiative", "place", "signals"])
def test_every_kind_of_change_gives_a_new_version(
    change: str, world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from wijkkompas.initiatives.models import Initiative
    from wijkkompas.signals import services as signal_services

    # What people publish, and a recomputation of the signals, do not settle: at once.
    settings.WIJKKOMPAS_AGGREGATE_SETTLE_SECONDS = 60
    municipality_id = world.gm.pk
    before = versions.current(AREA_FIGURES, municipality_id)
    other = versions.current(AREA_FIGURES, world.foreign.district.municipality_id)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "idea":
            PublishedIdeaFactory(neighbourhood=world.neighbourhood)
        elif change == "supporter":
            idea = PublishedIdeaFactory(neighbourhood=world.neighbourhood)
            versions.current(AREA_FIGURES, municipality_id)
            IdeaSupporterFactory(idea=idea)
        elif change == "initiative":
            initiative = Initiative.objects.filter(municipality_id=municipality_id).first()
            assert initiative is not None
            initiative.name = "Nieuwe naam"
            initiative.save()
        elif change == "place":
            PlaceFactory(municipality=world.gm, neighbourhood=world.neighbourhood)
        else:
            signal_services.signals_recompute(
                municipality_id=municipality_id, year=dt.date.today().year
            )
    assert versions.current(AREA_FIGURES, municipality_id) != before
    # Another municipality's kept pages are untouched.
    assert versions.current(AREA_FIGURES, world.foreign.district.municipality_id) == other


def test_a_rolled_back_change_keeps_the_version(world: Any) -> None:
    before = versions.current(AREA_FIGURES, world.gm.pk)
    PlaceFactory(municipality=world.gm, neighbourhood=world.neighbourhood)
    # The test's transaction never commits: the bump waits for a commit that never comes.
    assert versions.current(AREA_FIGURES, world.gm.pk) == before


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.TEAM_LEAD])
def test_case_roles_are_never_kept(role: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(role))
    _get(client, _url(world))  # the process's reference data (ZRM domains, …) loaded
    _first, computed = _get(client, _url(world))
    _again, queries = _get(client, _url(world))
    assert queries == computed


@override_settings(WIJKKOMPAS_AREA_PAGE_CACHE_SECONDS=0)
def test_the_setting_zero_keeps_nothing(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    _get(client, _url(world))  # the process's reference data (ZRM domains, …) loaded
    _first, computed = _get(client, _url(world))
    _again, queries = _get(client, _url(world))
    assert queries == computed


def test_other_rules_or_language_are_other_entries(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    _get(client, _url(world))
    with override_settings(WIJKKOMPAS_SUPPRESSION_THRESHOLD=20):
        html, _queries = _get(client, _url(world))
    assert "&lt;20" in html


def test_an_unknown_period_is_the_default_and_no_new_entry(world: Any, login_client: Any) -> None:
    from django.core.cache import cache

    client = login_client(world.user(Role.POLICY_OFFICER))
    _get(client, _url(world))
    _html, kept = _get(client, _url(world))
    keys_before = len(cache._cache)  # type: ignore[attr-defined]
    _html, queries = _get(client, _url(world) + "?periode=abcdefghij")
    assert len(cache._cache) == keys_before  # type: ignore[attr-defined]
    assert queries == kept  # served from the entry of the default period


def test_the_public_page_is_kept_for_everyone_until_the_data_changes(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.test import Client

    url = reverse("neighbourhoods:public", args=[world.neighbourhood.code])
    first, computed = _get(Client(), url)
    # Another visitor gets what the first one made the page compute.
    again, kept = _get(Client(), url)
    assert again == first
    assert kept < computed
    with django_capture_on_commit_callbacks(execute=True):
        PublishedIdeaFactory(neighbourhood=world.neighbourhood, title="Moestuin achter de kerk")
    changed, queries = _get(Client(), url)
    assert "Moestuin achter de kerk" in changed
    assert queries > kept
    # Another neighbourhood is its own entry.
    other = reverse("neighbourhoods:public", args=[world.foreign.code])
    assert "Moestuin achter de kerk" not in _get(Client(), other)[0]


@override_settings(WIJKKOMPAS_AREA_PAGE_CACHE_SECONDS=0)
def test_the_public_page_keeps_nothing_with_the_setting_zero(world: Any) -> None:
    from django.test import Client

    url = reverse("neighbourhoods:public", args=[world.neighbourhood.code])
    _html, computed = _get(Client(), url)
    assert _get(Client(), url)[1] == computed


def test_the_whole_page_is_kept_per_user_with_a_token_of_each_request(
    world: Any, login_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``core.sharedpage``: the second request renders nothing; each request gets its own
    CSRF token (no marker left in the page); another user gets a page of their own, with
    their name in the header but not in what is kept; a query string other than the period
    is not kept."""
    from wijkkompas.accounts.tests.factories import UserFactory
    from wijkkompas.core import sharedpage
    from wijkkompas.neighbourhoods.views import NeighbourhoodView

    rendered: list[str] = []
    real = NeighbourhoodView.get_context_data

    def counting(view: Any, **kwargs: Any) -> Any:
        rendered.append(view.request.user.username)
        return real(view, **kwargs)

    monkeypatch.setattr(NeighbourhoodView, "get_context_data", counting)
    officer = world.user(Role.POLICY_OFFICER)
    client = login_client(officer)
    tokens = []
    for _ in range(2):
        page = client.get(_url(world)).content.decode()
        assert sharedpage.marker("csrf") not in page
        tokens.append(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert rendered == [officer.username], "the second request served the kept page"
    assert tokens[0] and tokens[0] != tokens[1]
    other = UserFactory(
        role=Role.POLICY_OFFICER, municipality=officer.municipality, first_name="Yvonne"
    )
    assert "Yvonne" in login_client(other).get(_url(world)).content.decode()
    assert rendered == [officer.username, other.username]
    # The kept page names nobody: the header gets the name of each request's user.
    from django.core.cache import cache

    kept = [value for value in cache._cache.values() if b"wk-name-" in value]  # type: ignore[attr-defined]
    assert kept and not any(b"Yvonne" in value for value in kept)
    client.get(_url(world) + "?iets=anders")
    client.get(_url(world) + "?iets=anders")
    assert rendered[2:] == [officer.username] * 2
