"""conversation_update: edits with optimistic concurrency; a stale version is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations import services
from wijkkompas.conversations.constants import Outcome
from wijkkompas.conversations.models import Conversation
from wijkkompas.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def update(world: Any, conversation: Any, expected_version: int, user: Any = None, **changes):
    values: dict[str, Any] = {
        "held_on": conversation.held_on,
        "place": conversation.place,
        "question": conversation.question,
        "outcome": conversation.outcome,
        "life_domains": conversation.life_domains,
    }
    values.update(changes)
    return services.conversation_update(
        user=user or world.user(Role.PROFESSIONAL),
        conversation=conversation,
        expected_version=expected_version,
        **values,
    )


def test_update_changes_fields_raises_version_and_logs(world):
    conversation = world.conversation
    updated = update(
        world, conversation, 1, outcome=Outcome.COLLECTIVE, question="  Nieuwe vraag  "
    )
    assert updated.version == 2
    stored = Conversation.objects.get(pk=conversation.pk)
    assert stored.outcome == Outcome.COLLECTIVE and stored.question == "Nieuwe vraag"
    assert stored.version == 2
    assert stored.author == world.user(Role.PROFESSIONAL)  # the author stays
    entry = AccessLogEntry.objects.get(event=Event.UPDATE)
    assert entry.purpose == Purpose.SUPPORT
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.resident.pk]


def test_someone_else_saved_in_between(world):
    """Two people open the same conversation (version 1); the second save is refused."""
    mine = Conversation.objects.get(pk=world.conversation.pk)
    theirs = Conversation.objects.get(pk=world.conversation.pk)
    update(world, theirs, theirs.version, user=world.user(Role.COORDINATOR), question="Theirs")
    with pytest.raises(ApplicationError) as refused:
        update(world, mine, mine.version, question="Mine")
    assert "Someone else saved this conversation" in str(refused.value.message)
    stored = Conversation.objects.get(pk=world.conversation.pk)
    assert stored.question == "Theirs" and stored.version == 2
    assert AccessLogEntry.objects.filter(event=Event.UPDATE).count() == 1
    # with the new version, the edit goes through
    update(world, mine, stored.version, question="Mine")
    assert Conversation.objects.get(pk=world.conversation.pk).version == 3


def test_a_refused_edit_changes_nothing(world):
    with pytest.raises(ApplicationError):
        update(world, world.conversation, 1, question="")
    stored = Conversation.objects.get(pk=world.conversation.pk)
    assert stored.version == 1 and stored.question == world.conversation.question


def test_wmo_term_follows_the_edit(world):
    conversation = world.conversation
    reported = conversation.held_on
    update(world, conversation, 1, is_wmo_report=True)
    stored = Conversation.objects.get(pk=conversation.pk)
    assert stored.reported_on == reported
    assert stored.wmo_due_on == reported + dt.timedelta(weeks=6)
    today = timezone.localdate()
    update(
        world,
        stored,
        stored.version,
        is_wmo_report=True,
        reported_on=reported,
        investigation_done_on=today,
        applied_on=today,
    )
    stored = Conversation.objects.get(pk=conversation.pk)
    assert stored.wmo_due_on == today + dt.timedelta(weeks=2)
    # no longer a report: dates must go first, then the term is gone
    with pytest.raises(ApplicationError):
        update(world, stored, stored.version, is_wmo_report=False, applied_on=today)
    update(world, stored, stored.version, is_wmo_report=False)
    assert Conversation.objects.get(pk=conversation.pk).wmo_due_on is None


@pytest.mark.parametrize("who", ["sibling_professional", "foreign_professional", Role.ADMIN])
def test_others_cannot_edit(world, who):
    with pytest.raises(Http404):
        update(world, world.conversation, 1, user=world.user(who), question="x")
    assert Conversation.objects.get(pk=world.conversation.pk).version == 1


def test_no_edit_after_consent_withdrawal(world):
    world.consent.withdrawn_at = timezone.now()
    world.consent.save()
    with pytest.raises(Http404):
        update(world, world.conversation, 1, question="x")
