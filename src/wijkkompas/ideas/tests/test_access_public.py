"""``AccessPolicy.public``: rows marked public are visible (view only) to everyone."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from wijkkompas.accounts.access import can, restrict
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.ideas.models import Idea, IdeaSupporter
from wijkkompas.places.models import Place
from wijkkompas.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_anonymous_sees_published_ideas_only(world: Any) -> None:
    anonymous = AnonymousUser()
    visible = set(restrict(Idea.objects.all(), anonymous).values_list("pk", flat=True))
    assert visible == {world.published.pk, world.foreign_idea.pk}
    assert not can(anonymous, Action.CHANGE, world.published)
    assert not can(None, Action.VIEW, world.submitted)
    assert can(None, Action.VIEW, world.published)


def test_public_rows_are_view_only_for_other_tenants(world: Any) -> None:
    foreign = world.user("foreign_professional")
    assert can(foreign, Action.VIEW, world.published)
    assert not can(foreign, Action.CHANGE, world.published)
    assert not can(foreign, Action.VIEW, world.submitted)


def test_supporters_are_never_public(world: Any) -> None:
    assert not restrict(IdeaSupporter.objects.all(), AnonymousUser()).exists()
    for role in (Role.POLICY_OFFICER, Role.ADMIN, Role.INITIATOR, Role.RESIDENT):
        assert not can(world.user(role), Action.VIEW, world.supporter), role
    assert can(world.user(Role.PROFESSIONAL), Action.VIEW, world.supporter)
    assert not can(world.user("sibling_professional"), Action.VIEW, world.supporter)


def test_models_without_public_rule_stay_closed_to_anonymous(world: Any) -> None:
    from wijkkompas.teams.models import Team

    assert not restrict(Team.objects.all(), AnonymousUser()).exists()


def test_places_public_flag(world: Any) -> None:
    shown: Any = PlaceFactory(municipality=world.other_gm, public=True)
    hidden: Any = PlaceFactory(municipality=world.other_gm, public=False)
    anonymous = AnonymousUser()
    assert list(restrict(Place.objects.all(), anonymous)) == [shown]
    officer = world.user(Role.POLICY_OFFICER)
    assert can(officer, Action.VIEW, shown)
    assert not can(officer, Action.VIEW, hidden)
    assert not can(officer, Action.CHANGE, shown)
