"""The signed-in idea pages: who may open them (403 / 404 / login) and what they show."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.ideas.tests.conftest import SUPPORTER_EMAIL, SUPPORTER_NAME, TEAM_ROLES_OF_TEAM

pytestmark = pytest.mark.django_db

NO_IDEA_ROLES = [Role.RESEARCHER, Role.INITIATOR, Role.RESIDENT, Role.PRIVACY_OFFICER]


def test_anonymous_goes_to_login(client: Any, world: Any) -> None:
    for url in (
        reverse("ideas:list"),
        reverse("ideas:detail", args=[world.published.pk]),
        reverse("ideas:moderate", args=[world.submitted.pk]),
        reverse("ideas:coach", args=[world.submitted.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("role", NO_IDEA_ROLES)
def test_roles_without_ideas_get_403(role: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(role))
    assert client.get(reverse("ideas:list")).status_code == 403
    assert client.get(reverse("ideas:detail", args=[world.published.pk])).status_code == 403


@pytest.mark.parametrize("role", TEAM_ROLES_OF_TEAM)
def test_team_sees_its_ideas_with_supporters(role: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(role))
    text = client.get(reverse("ideas:list")).content.decode()
    assert world.submitted.title in text and world.published.title in text
    assert world.sibling_idea.title not in text
    assert world.foreign_idea.title not in text
    detail = client.get(reverse("ideas:detail", args=[world.published.pk]))
    assert detail.status_code == 200
    assert SUPPORTER_NAME in detail.content.decode()
    assert SUPPORTER_EMAIL in detail.content.decode()


def test_out_of_scope_is_404(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    assert client.get(reverse("ideas:detail", args=[world.sibling_idea.pk])).status_code == 404
    assert client.get(reverse("ideas:detail", args=[987654])).status_code == 404
    assert client.get(reverse("ideas:moderate", args=[world.sibling_idea.pk])).status_code == 404


def test_published_idea_of_another_team_is_readable_but_without_supporters(
    world: Any, login_client: Any
) -> None:
    client = login_client(world.user("sibling_professional"))
    response = client.get(reverse("ideas:detail", args=[world.published.pk]))
    assert response.status_code == 200
    assert SUPPORTER_NAME not in response.content.decode()
    assert client.get(reverse("ideas:moderate", args=[world.published.pk])).status_code == 403


def test_policy_officer_sees_ideas_and_counts_but_no_supporters(
    world: Any, login_client: Any
) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    text = client.get(reverse("ideas:list")).content.decode()
    assert world.sibling_idea.title in text
    assert world.foreign_idea.title not in text  # the list is of the own municipality
    detail = client.get(reverse("ideas:detail", args=[world.published.pk])).content.decode()
    assert SUPPORTER_NAME not in detail and SUPPORTER_EMAIL not in detail
    assert "&lt;10" in detail  # one supporter: suppressed for a non-case role
    assert client.get(reverse("ideas:moderate", args=[world.submitted.pk])).status_code == 403


def test_filter_by_neighbourhood_and_status(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.ADMIN))
    url = reverse("ideas:list")
    text = client.get(url, {"buurt": world.other_neighbourhood.code}).content.decode()
    assert world.sibling_idea.title in text and world.published.title not in text
    text = client.get(url, {"status": IdeaStatus.PUBLISHED}).content.decode()
    assert world.published.title in text and world.submitted.title not in text


def test_moderate_publish_and_reject(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    url = reverse("ideas:moderate", args=[world.submitted.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"decision": "reject", "title": "Klussendienst", "description": "x"},
    )
    assert response.status_code == 200  # the reason is required
    world.submitted.refresh_from_db()
    assert world.submitted.status == IdeaStatus.SUBMITTED
    response = client.post(
        url, {"decision": "publish", "title": "Klussendienst Wezep", "description": "Samen klussen"}
    )
    assert response.status_code == 302
    world.submitted.refresh_from_db()
    assert world.submitted.public and world.submitted.title == "Klussendienst Wezep"


def test_choose_coach(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    url = reverse("ideas:coach", args=[world.published.pk])
    page = client.get(url).content.decode()
    assert world.users["colleague"].username in page or world.users["colleague"].last_name in page
    response = client.post(url, {"coach": world.users["colleague"].pk})
    assert response.status_code == 302
    world.published.refresh_from_db()
    assert world.published.coach == world.users["colleague"]
    response = client.post(url, {"coach": world.user("sibling_professional").pk})
    assert response.status_code == 200  # not a choice
    world.published.refresh_from_db()
    assert world.published.coach == world.users["colleague"]
