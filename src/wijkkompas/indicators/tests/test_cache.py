"""The latest figures served while their data changes (``indicators.cache``): within the
fresh window they are served as they are and the dashboard says of when they are; after it,
one request computes them again while the others keep serving them; a factsheet (``current``)
always gets the figures of the current data."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache as django_cache
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.indicators import cache
from wijkkompas.residents.tests.factories import HouseholdFactory, ResidentFactory

from .conftest import World

CODES = ["conversations", "substitution"]


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Any) -> Any:
    settings.WIJKKOMPAS_INDICATOR_FRESH_SECONDS = 60
    django_cache.clear()
    yield
    django_cache.clear()


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The codes computed (not served from the cache), in order."""
    done: list[str] = []
    real = cache.compute

    def counting(code: str, scope: Any, period: Any) -> Any:
        done.append(code)
        return real(code, scope, period)

    monkeypatch.setattr(cache, "compute", counting)
    return done


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The time ``indicators.cache`` sees; move it with ``clock[0] += seconds``."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(cache.time, "time", lambda: now[0])
    return now


def _record_conversation(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        household = HouseholdFactory(team=world.team, neighbourhood=world.neighbourhoods[0])
        ConversationFactory(
            resident=ResidentFactory(household=household), held_on=world.period.start
        )


def test_latest_figures_are_served_within_the_fresh_window_and_say_so(
    world: World,
    computed: list[str],
    clock: list[float],
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = cache.figures(scope=world.scope, period=world.period, codes=CODES)
    assert computed == CODES and first.as_of is None
    _record_conversation(world, django_capture_on_commit_callbacks)
    clock[0] += 30
    served = cache.figures(scope=world.scope, period=world.period, codes=CODES)
    assert computed == CODES, "within the fresh window nothing is computed again"
    assert served.as_of == 1_800_000_000.0
    assert served["conversations"] == first["conversations"]
    # After the window, one request computes the figures of the current data.
    clock[0] += 31
    again = cache.figures(scope=world.scope, period=world.period, codes=CODES)
    assert computed == CODES * 2 and again.as_of is None
    assert again["conversations"].headline == (first["conversations"].headline or 0) + 1
    # and they are kept for the current data.
    assert cache.figures(scope=world.scope, period=world.period, codes=CODES).as_of is None
    assert computed == CODES * 2


def test_one_request_computes_while_the_others_serve_the_latest_figures(
    world: World,
    computed: list[str],
    clock: list[float],
    django_capture_on_commit_callbacks: Any,
) -> None:
    cache.figures(scope=world.scope, period=world.period, codes=["conversations"])
    _record_conversation(world, django_capture_on_commit_callbacks)
    clock[0] += 61
    # Another process holds the right to compute (it is computing now).
    latest = cache._latest_key("conversations", world.scope, world.period)
    assert cache._claim(latest)
    served = cache.figures(scope=world.scope, period=world.period, codes=["conversations"])
    assert computed == ["conversations"] and served.as_of is not None
    # Once it is done (its lock is gone), the figures are those of the current data.
    django_cache.delete(cache._lock_key(latest))
    done = cache.figures(scope=world.scope, period=world.period, codes=["conversations"])
    assert computed == ["conversations"] * 2 and done.as_of is None


def test_current_figures_are_computed_after_a_change_whatever_the_window(
    world: World,
    computed: list[str],
    clock: list[float],
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = cache.figures(scope=world.scope, period=world.period, codes=["conversations"])
    _record_conversation(world, django_capture_on_commit_callbacks)
    now = cache.figures(
        scope=world.scope, period=world.period, codes=["conversations"], current=True
    )
    assert now.as_of is None
    assert now["conversations"].headline == (first["conversations"].headline or 0) + 1


def test_without_a_window_every_change_is_computed_at_once(
    world: World,
    computed: list[str],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.WIJKKOMPAS_INDICATOR_FRESH_SECONDS = 0
    cache.figures(scope=world.scope, period=world.period, codes=["conversations"])
    _record_conversation(world, django_capture_on_commit_callbacks)
    after = cache.figures(scope=world.scope, period=world.period, codes=["conversations"])
    assert computed == ["conversations"] * 2 and after.as_of is None


def test_the_dashboard_shows_when_its_figures_are_of_and_keeps_that_body_for_the_window(
    world: World,
    login_client: Any,
    clock: list[float],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from wijkkompas.indicators.views import DashboardView

    rendered: list[int] = []
    real = DashboardView.render_body

    def counting(view: Any) -> str:
        rendered.append(1)
        return real(view)

    monkeypatch.setattr(DashboardView, "render_body", counting)
    client = login_client(world.user(Role.POLICY_OFFICER))
    url = reverse("indicators:municipality", args=[world.gm.pk])
    assert 'id="figures-as-of"' not in client.get(url).content.decode()
    assert len(rendered) == 1
    _record_conversation(world, django_capture_on_commit_callbacks)
    clock[0] += 10
    stale = client.get(url).content.decode()
    assert 'id="figures-as-of"' in stale
    assert len(rendered) == 2
    # Within the window the body of the latest figures is served as it was rendered.
    clock[0] += 40
    assert 'id="figures-as-of"' in client.get(url).content.decode()
    assert len(rendered) == 2
    # After the window the figures are computed again and the page is current.
    clock[0] += 11
    assert 'id="figures-as-of"' not in client.get(url).content.decode()
    assert len(rendered) == 3


def test_case_work_settles_while_a_story_and_a_factsheet_see_it_at_once(
    world: World,
    computed: list[str],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """``core.versions``, "Settling changes": a recorded conversation reaches the dashboard
    within the settling period, not at once; a story its author wants to read shows at once
    (and takes the settling changes with it); a factsheet always counts the current data."""
    from wijkkompas.accounts.constants import Role
    from wijkkompas.indicators import services
    from wijkkompas.indicators.constants import Visibility

    settings.WIJKKOMPAS_AGGREGATE_SETTLE_SECONDS = 60
    first = cache.figures(scope=world.scope, period=world.period, codes=["conversations"])
    _record_conversation(world, django_capture_on_commit_callbacks)
    settling = cache.figures(scope=world.scope, period=world.period, codes=["conversations"])
    assert computed == ["conversations"], "the conversation's change is still settling"
    assert settling["conversations"] == first["conversations"] and settling.as_of is None
    # A factsheet promises the current data: the conversation counts.
    now = cache.figures(
        scope=world.scope, period=world.period, codes=["conversations"], current=True
    )
    assert now["conversations"].headline == (first["conversations"].headline or 0) + 1
    # A story changes the version at once.
    version = cache.versions.current(cache.INDICATOR_FIGURES, world.gm.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.story_create(
            user=world.user(Role.TEAM_LEAD),
            scope=world.team_scope,
            indicator="conversations",
            period=world.period,
            narrative="Mevrouw kwam via de buurtmaaltijd weer onder de mensen.",
            author_kind="professional",
            visibility=Visibility.TEAM,
        )
    assert cache.versions.current(cache.INDICATOR_FIGURES, world.gm.pk) != version


def test_the_whole_dashboard_is_kept_per_user_and_a_stale_one_only_for_its_window(
    world: World,
    login_client: Any,
    clock: list[float],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """``core.sharedpage``: the second request renders nothing, with a CSRF token of its
    own; a page of the latest figures (after a change) is kept only while they are served."""
    from wijkkompas.core import sharedpage
    from wijkkompas.indicators.views import DashboardView

    pages: list[int] = []
    real = DashboardView.get_context_data

    def counting(view: Any, **kwargs: Any) -> Any:
        pages.append(1)
        return real(view, **kwargs)

    monkeypatch.setattr(DashboardView, "get_context_data", counting)
    client = login_client(world.user(Role.POLICY_OFFICER))
    url = reverse("indicators:municipality", args=[world.gm.pk])
    first, second = client.get(url).content.decode(), client.get(url).content.decode()
    assert len(pages) == 1, "the second request served the kept page"
    assert sharedpage.marker("csrf") not in second
    token = r'name="csrfmiddlewaretoken" value="([^"]+)"'
    assert re.findall(token, first) != re.findall(token, second)
    _record_conversation(world, django_capture_on_commit_callbacks)
    clock[0] += 10
    assert 'id="figures-as-of"' in client.get(url).content.decode()
    assert 'id="figures-as-of"' in client.get(url).content.decode()
    assert len(pages) == 2, "the page of the latest figures is kept within the window"
    clock[0] += 51
    assert 'id="figures-as-of"' not in client.get(url).content.decode()
    assert len(pages) == 3
