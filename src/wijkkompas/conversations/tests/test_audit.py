"""Every read and write of personal data of the conversations app leaves an access-log
entry with its purpose and the resident whose data it was (the data subject).

The tables below ENUMERATE the public functions of ``selectors.py`` and ``services.py``:
each either reads/writes personal data (with the log entry it must write) or is listed as
not touching personal data, with the reason. The meta-tests fail when a public function is
added to either module without being placed in a table.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations import sections, selectors, services
from wijkkompas.conversations.constants import FindingPlace, Outcome
from wijkkompas.conversations.models import Conversation
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.instruments import selectors as instrument_selectors

pytestmark = pytest.mark.django_db


class Since:
    """The access-log entries written after this point (the log is append-only)."""

    def __init__(self) -> None:
        last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        self.after = last or 0

    def entries(self) -> Any:
        return AccessLogEntry.objects.filter(pk__gt=self.after)


def _me(world: Any) -> Any:
    return world.user(Role.PROFESSIONAL)


def _with_scores(world: Any) -> None:
    user = _me(world)
    version = instrument_selectors.active_versions(user=user)[0]
    domain = next(iter(version.domains.all())).code
    value = next(iter(version.levels.all())).value
    from wijkkompas.instruments import services as instrument_services

    instrument_services.assessment_record(
        user=user,
        resident=world.resident,
        version=version,
        scores={domain: value},
        assessed_on=world.conversation.held_on,
        conversation=world.conversation,
    )


#: selector -> (how to call it on the world, purpose, object type logged)
READS: dict[str, tuple[Callable[[Any], Any], str, str]] = {
    "conversation_get": (
        lambda w: selectors.conversation_get(user=_me(w), pk=w.conversation.pk),
        Purpose.SUPPORT,
        "conversations.Conversation",
    ),
    "conversations_of": (
        lambda w: selectors.conversations_of(user=_me(w), resident=w.resident),
        Purpose.SUPPORT,
        "conversations.Conversation",
    ),
    "my_conversations": (
        lambda w: selectors.my_conversations(user=_me(w)),
        Purpose.SUPPORT,
        "conversations.Conversation",
    ),
    "wmo_terms": (
        lambda w: selectors.wmo_terms(user=_me(w)),
        Purpose.WMO,
        "conversations.Conversation",
    ),
    # read through instruments.selectors.assessment_list, which logs
    "assessments_of_conversation": (
        lambda w: selectors.assessments_of_conversation(user=_me(w), conversation=w.conversation),
        Purpose.SUPPORT,
        "instruments.Assessment",
    ),
}

#: selectors that read no personal data, with the reason
NOT_PERSONAL_READS = {
    "may_use_conversations": "the role only, no query",
    "may_record_conversation": "a yes/no about permission and consent",
    "may_score": "a yes/no about consent",
    "may_change_conversation": "a yes/no about permission",
    "conversation_timeline": "dates of a conversation already read (and logged) by the caller",
    "households_with_wmo_decision": "household ids only, for the retention purge",
}

#: selectors that return personal data to a caller that writes the log entry itself
CALLER_LOGS = {
    "export_for_resident": "rights.services.access_export_build logs the export (DATA_REQUEST)",
}

#: service -> (how to call it, event, purpose)
WRITES: dict[str, tuple[Callable[[Any], Any], str, str]] = {
    "conversation_record": (
        lambda w: services.conversation_record(
            user=_me(w),
            resident=w.resident,
            held_on=timezone.localdate(),
            place=FindingPlace.HOME,
            question="Vraag",
            outcome=Outcome.GENERAL,
        ),
        Event.CREATE,
        Purpose.SUPPORT,
    ),
    "conversation_update": (
        lambda w: services.conversation_update(
            user=_me(w),
            conversation=w.conversation,
            expected_version=1,
            held_on=w.conversation.held_on,
            place=FindingPlace.HOME,
            question="Vraag",
            outcome=Outcome.GENERAL,
        ),
        Event.UPDATE,
        Purpose.SUPPORT,
    ),
}

NOT_PERSONAL_SERVICES = {"wmo_due_on": "a pure computation on dates"}


def _public_functions(module: Any) -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(module, inspect.isfunction)
        if value.__module__ == module.__name__ and not name.startswith("_")
    }


def test_every_public_selector_is_in_a_table():
    assert _public_functions(selectors) == set(READS) | set(NOT_PERSONAL_READS) | set(CALLER_LOGS)


#: The bulk import from other systems: logged as one EXCHANGE entry per import, with the
#: residents as subjects (``imports/tests/test_services.py``).
IMPORT_SERVICES = {"conversations_import": "logged as exchange by the import itself"}


def test_every_public_service_is_in_a_table():
    assert _public_functions(services) == set(WRITES) | set(NOT_PERSONAL_SERVICES) | set(
        IMPORT_SERVICES
    )


def test_personal_policy_is_declared():
    assert Conversation.access_policy.personal


def _prepare(world: Any) -> None:
    ConversationFactory(resident=world.resident, author=_me(world), wmo=True)
    _with_scores(world)


@pytest.mark.parametrize("name", sorted(READS))
def test_each_read_writes_one_entry_naming_the_resident(world, name):
    call, purpose, object_type = READS[name]
    _prepare(world)
    since = Since()
    call(world)
    entry = since.entries().get()
    assert (entry.event, entry.purpose, entry.object_type) == (Event.READ, purpose, object_type)
    assert entry.user == _me(world) and entry.municipality_id == world.gm.pk
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.resident.pk]


@pytest.mark.parametrize("name", sorted(NOT_PERSONAL_READS))
def test_reads_without_personal_data_write_nothing(world, name):
    _prepare(world)
    user = _me(world)
    kwargs: dict[str, Any] = {
        "may_use_conversations": {"user": user},
        "may_record_conversation": {"user": user, "resident": world.resident},
        "may_score": {"user": user, "resident": world.resident},
        "may_change_conversation": {"user": user, "conversation": world.conversation},
        "conversation_timeline": {"conversation": world.conversation},
        "households_with_wmo_decision": {"household_ids": [world.resident.household_id]},
    }[name]
    since = Since()
    getattr(selectors, name)(**kwargs)
    assert not since.entries().exists()


def test_export_for_a_data_request_leaves_the_log_to_its_caller(world):
    since = Since()
    export = selectors.export_for_resident(resident=world.resident)
    assert [c["id"] for c in export["conversations"]] == [world.conversation.pk]
    assert not since.entries().exists()


@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_write_writes_one_entry_naming_the_resident(world, name):
    call, event, purpose = WRITES[name]
    since = Since()
    result = call(world)
    entry = since.entries().get()
    assert (entry.event, entry.purpose, entry.object_id) == (event, purpose, str(result.pk))
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.resident.pk]


def test_empty_reads_write_nothing(world):
    """Nothing shown, nothing read: an empty list leaves no entry."""
    user = world.user(Role.COORDINATOR)
    since = Since()
    selectors.my_conversations(user=user)
    selectors.wmo_terms(user=user)
    selectors.conversations_of(user=user, resident=world.unconsented)
    assert not since.entries().exists()


def test_refused_write_is_not_logged_as_write(world):
    from wijkkompas.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        services.conversation_record(
            user=_me(world),
            resident=world.resident,
            held_on=timezone.localdate(),
            place=FindingPlace.HOME,
            question="",
            outcome=Outcome.GENERAL,
        )
    assert not AccessLogEntry.objects.filter(event=Event.CREATE).exists()


def test_resident_page_section_logs_through_its_selector(world):
    request = RequestFactory().get("/")
    request.user = _me(world)
    since = Since()
    section = sections.resident_conversations(request=request, obj=world.resident)
    assert section is not None and section.context["conversations"] == [world.conversation]
    entry = since.entries().get()
    assert entry.purpose == Purpose.SUPPORT
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.resident.pk]
    request.user = world.user(Role.POLICY_OFFICER)
    assert sections.resident_conversations(request=request, obj=world.resident) is None


#: page -> purposes of the entries it must write (one each)
PAGES = {
    "conversations:create": [Purpose.SUPPORT],  # the resident (residents.selectors)
    "conversations:detail": [Purpose.SUPPORT],
    "conversations:edit": [Purpose.SUPPORT],
    "conversations:mine": [Purpose.SUPPORT],
}


@pytest.mark.parametrize("url_name", sorted(PAGES))
def test_every_page_logs_its_reads(world, login_client, url_name):
    kwargs = {
        "conversations:create": {"resident": world.resident.pk},
        "conversations:detail": {"pk": world.conversation.pk},
        "conversations:edit": {"pk": world.conversation.pk},
        "conversations:mine": {},
    }[url_name]
    client = login_client(_me(world))
    since = Since()
    url = reverse(url_name, kwargs=kwargs)
    assert client.get(url).status_code == 200
    entries = since.entries().filter(event=Event.READ, path=url)
    assert sorted(e.purpose for e in entries) == PAGES[url_name]
    for entry in entries:
        assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.resident.pk]


def test_log_entries_hold_no_names_or_free_text(world, login_client):
    client = login_client(_me(world))
    client.get(reverse("conversations:detail", kwargs={"pk": world.conversation.pk}))
    client.get(reverse("conversations:mine"))
    for entry in AccessLogEntry.objects.all():
        values = " ".join(str(v) for v in entry.__dict__.values())
        assert world.resident.name not in values
        assert "Eenzaam" not in values
