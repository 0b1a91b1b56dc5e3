"""The kept conversations list of the API (``ListMixin.keep_pages``, ``audit.kept``): served
again only while every query it read answers the same rows; a changed or new conversation,
a withdrawn consent and another user are seen at once, and every request is logged. Its
pages (count and ids in one statement) answer as DRF's own paging does."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations.models import Conversation
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.core import pagecache
from wijkkompas.residents.models import Consent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keeping")]

LIST = "/api/v1/conversations/"


def _list(client: Any, url: str = LIST) -> tuple[dict[str, Any], bool]:
    """The list as answered, and whether it was the kept body."""
    served = pagecache.counts["served"]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["API-Version"] == "1.0.0"
    return response.json(), pagecache.counts["served"] == served + 1


@pytest.fixture
def professional(world: Any, login_client: Any) -> Any:
    """The professional's client: the list asked once computed and once kept."""
    client = login_client(world.user(Role.PROFESSIONAL))
    first, kept = _list(client)
    assert not kept and [row["id"] for row in first["results"]] == [world.conversation.pk]
    second, kept = _list(client)
    assert kept and second == first
    return client


def test_a_changed_conversation_shows_at_once(world, professional):
    Conversation.objects.filter(pk=world.conversation.pk).update(outcome="Doorverwezen")
    body, kept = _list(professional)
    assert not kept and body["results"][0]["outcome"] == "Doorverwezen"
    assert _list(professional)[1]


def test_a_new_conversation_shows_at_once(world, professional):
    ConversationFactory(resident=world.resident)
    body, kept = _list(professional)
    assert not kept and body["count"] == 2 and len(body["results"]) == 2


def test_a_deleted_conversation_leaves_at_once(world, professional):
    Conversation.objects.filter(pk=world.conversation.pk).delete()
    body, kept = _list(professional)
    assert not kept and body["count"] == 0 and body["results"] == []


def test_withdrawn_consent_hides_the_conversations_at_once(world, professional):
    Consent.objects.filter(resident=world.resident).update(withdrawn_at=timezone.now())
    body, kept = _list(professional)
    assert not kept and body["results"] == []


def test_a_kept_list_never_reaches_another_user(world, professional, login_client):
    for who in (Role.COORDINATOR, "sibling_professional", "foreign_professional"):
        body, kept = _list(login_client(world.user(who)))
        assert not kept
        ids = [row["id"] for row in body["results"]]
        assert (world.conversation.pk in ids) == (who == Role.COORDINATOR)


def test_every_request_is_logged_with_its_subjects(world, professional):
    user = world.user(Role.PROFESSIONAL)
    entries = AccessLogEntry.objects.filter(user=user, object_type="conversations.Conversation")
    before = entries.count()
    assert _list(professional)[1]
    assert entries.count() == before + 1
    entry = entries.order_by("-pk")[0]
    assert world.resident.pk in entry.subject_ids()
    assert entry.purpose == "support"


def test_filters_and_pages_are_kept_apart(world, professional):
    other: Any = ConversationFactory(resident=world.resident)
    page_two, kept = _list(professional, f"{LIST}?page_size=1&page=2")
    assert not kept and page_two["count"] == 2 and len(page_two["results"]) == 1
    page_one, _ = _list(professional, f"{LIST}?page_size=1")
    assert {page_one["results"][0]["id"], page_two["results"][0]["id"]} == {
        world.conversation.pk,
        other.pk,
    }
    assert _list(professional, f"{LIST}?page_size=1&page=2") == (page_two, True)


@pytest.mark.parametrize("keep", [True, False])
def test_pages_answer_as_drf_paging_does(world, login_client, keep):
    """Count and ids in one statement: the same count, links and 404s as a count first."""
    for _ in range(4):
        ConversationFactory(resident=world.resident)
    client = login_client(world.user(Role.PROFESSIONAL))
    with override_settings(WIJKKOMPAS_CASE_PAGE_CACHE_SECONDS=300 if keep else 0):
        ids: list[int] = []
        for number in (1, 2, 3):
            body = client.get(f"{LIST}?page_size=2&page={number}").json()
            assert body["count"] == 5
            assert (body["previous"] is None) == (number == 1)
            assert (body["next"] is None) == (number == 3)
            ids.extend(row["id"] for row in body["results"])
        assert len(ids) == len(set(ids)) == 5
        last = client.get(f"{LIST}?page_size=2&page=last").json()
        assert [row["id"] for row in last["results"]] == ids[4:]
        for past in ("4", "0", "-1", "x", "99999999999999999999"):
            response = client.get(f"{LIST}?page_size=2&page={past}")
            assert response.status_code == 404, past
            assert response["Content-Type"] == "application/problem+json"
