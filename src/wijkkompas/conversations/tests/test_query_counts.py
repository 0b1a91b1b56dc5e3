"""The number of queries of the conversation pages does not grow with the data.

Each page is counted with a small and a large world (two conversations and one score
against thirty-two conversations, with Wmo terms, and scores on every domain of every
instrument); limits live in ``query_counts.json``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.models import User
from wijkkompas.conversations import sections
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.instruments import selectors as instrument_selectors
from wijkkompas.instruments import services as instrument_services

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())


def _grow(world: Any, n: int, *, all_scores: bool) -> None:
    """``n`` more conversations by the professional with the resident (every other one a
    Wmo report), and scores at the world's conversation: one domain of one instrument, or
    every domain of every instrument."""
    me = world.user(Role.PROFESSIONAL)
    for i in range(n):
        ConversationFactory(
            resident=world.resident,
            author=me,
            wmo=i % 2 == 0,
            held_on=timezone.localdate() - dt.timedelta(days=i),
        )
    versions = instrument_selectors.active_versions(user=me)
    for version in versions if all_scores else versions[:1]:
        value = next(iter(version.levels.all())).value
        domains = list(version.domains.all())
        instrument_services.assessment_record(
            user=me,
            resident=world.resident,
            version=version,
            scores={d.code: value for d in (domains if all_scores else domains[:1])},
            assessed_on=world.conversation.held_on,
            conversation=world.conversation,
        )


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _counts(world: Any, login_client: Any) -> dict[str, int]:
    client = login_client(world.user(Role.PROFESSIONAL))
    pk = world.conversation.pk
    pages = {
        "conversations:create": reverse("conversations:create", args=[world.resident.pk]),
        "conversations:detail": reverse("conversations:detail", args=[pk]),
        "conversations:edit": reverse("conversations:edit", args=[pk]),
        "conversations:mine": reverse("conversations:mine"),
    }
    _count(client, pages["conversations:mine"])  # warm up the session
    counts = {name: _count(client, url) for name, url in pages.items()}
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=world.user(Role.PROFESSIONAL).pk)  # nothing cached
    with CaptureQueriesContext(connection) as ctx:
        sections.resident_conversations(request=request, obj=world.resident)
    counts["resident_section"] = len(ctx.captured_queries)
    return counts


def test_pages_take_the_same_queries_for_small_and_large_data(world, login_client):
    _grow(world, 1, all_scores=False)
    small = _counts(world, login_client)
    _grow(world, 30, all_scores=True)
    large = _counts(world, login_client)
    assert small == large, (small, large)
    for name, count in large.items():
        assert count <= LIMITS[name], (name, count, large)
