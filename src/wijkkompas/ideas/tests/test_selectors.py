"""Reads for other apps: what initiatives and the neighbourhood pages call."""

from __future__ import annotations

from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.ideas import selectors
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.ideas.tests.factories import IdeaSupporterFactory

pytestmark = pytest.mark.django_db


def test_ideas_to_grow_are_published_ideas_the_user_may_change(world: Any) -> None:
    ideas = list(selectors.ideas_to_grow(user=world.user(Role.PROFESSIONAL)))
    assert ideas == [world.published]
    assert not selectors.ideas_to_grow(user=world.user(Role.POLICY_OFFICER)).exists()


def test_counts_by_status_for_a_neighbourhood(world: Any) -> None:
    counts = selectors.idea_counts_by_status(
        user=world.user(Role.PROFESSIONAL), neighbourhood=world.neighbourhood
    )
    assert counts[IdeaStatus.SUBMITTED] == 1 and counts[IdeaStatus.PUBLISHED] == 1
    assert counts[IdeaStatus.GROWN] == 0


def test_public_ideas_hide_small_counts_and_round_the_rest(world: Any) -> None:
    (shown,) = selectors.public_ideas(neighbourhood=world.neighbourhood)
    assert shown.pk == world.published.pk and shown.supporters.is_hidden
    IdeaSupporterFactory.create_batch(13, idea=world.published)
    (shown,) = selectors.public_ideas(neighbourhood=world.neighbourhood)
    assert not shown.supporters.is_hidden and shown.supporters.value == 15  # 14, rounded to 5


def test_team_roles_see_exact_counts_others_suppressed(world: Any) -> None:
    assert selectors.supporter_count_for(user=world.user(Role.PROFESSIONAL), n=3).value == 3
    assert selectors.supporter_count_for(user=world.user(Role.POLICY_OFFICER), n=3).is_hidden
    assert selectors.supporter_count_for(user=None, n=3).is_hidden


def test_titles_by_id(world: Any) -> None:
    assert selectors.idea_titles(ids=[world.published.pk]) == {
        world.published.pk: "Samen koken voor ouderen"
    }
