"""The kept resident page (``core.pagecache``, ``audit.kept``): served again only while
every query it read answers the same rows; a change of any source shows at once, a withdrawn
consent ends access at once, a kept body never reaches another user, and every view is
logged with the same entries as a computed one."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.core import pagecache
from wijkkompas.core.tests.kept_pages import body as _body
from wijkkompas.core.tests.kept_pages import get_counted as _get
from wijkkompas.core.tests.kept_pages import served_kept as _served_kept
from wijkkompas.instruments.tests.factories import make_assessment, shipped_zrm
from wijkkompas.plans.tests.factories import PlanFactory
from wijkkompas.residents.constants import RiskKind
from wijkkompas.residents.models import Consent, Household, Resident, RiskSignal
from wijkkompas.residents.tests.factories import ConsentFactory, ResidentFactory
from wijkkompas.teams.models import Team

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("keeping"),
]


@pytest.fixture
def page(world: Any, login_client: Any) -> Any:
    """The professional's client and the URL of the consented resident's page, viewed once
    computed and once kept."""
    client = login_client(world.user(Role.PROFESSIONAL))
    url = reverse("residents:detail", args=[world.consented.pk])
    computed, was_kept = _served_kept(client, url)
    assert computed.status_code == 200 and not was_kept
    kept, was_kept = _served_kept(client, url)
    assert kept.status_code == 200 and was_kept
    assert _body(kept) == _body(computed)
    return client, url


def test_a_kept_view_costs_the_floors_queries_on_postgresql(page):
    client, url = page
    _get(client, url)
    response, queries = _get(client, url)
    assert response.status_code == 200
    if connection.vendor == "postgresql":
        # Session, user, second factor, then the fingerprint with the log in one statement:
        # as many as the trivial page with its SELECT 1.
        assert queries == _get(client, reverse("web:health"))[1]


def test_the_csrf_token_is_fresh_and_valid_on_a_kept_page(page):
    client, url = page
    response, kept = _served_kept(client, url)
    assert kept
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', response.content.decode())
    assert tokens and pagecache.CSRF_MARKER not in response.content.decode()
    assert all(len(token) == 64 for token in tokens)


def _changes(world: Any) -> list[tuple[str, Any, str]]:
    """(what changes, how, a text the page then shows or no longer shows)."""
    resident, household = world.consented, world.household

    def rename_resident() -> None:
        # A bulk update: no save(), no signal, no updated_at.
        Resident.objects.filter(pk=resident.pk).update(name="Anna van Dijk")

    def rename_household() -> None:
        Household.objects.filter(pk=household.pk).update(label="Familie Van Dijk")

    def rename_team() -> None:
        Team.objects.filter(pk=world.team.pk).update(name="Krachtstroom Oost")

    def new_member() -> None:
        other = ResidentFactory(household=household, name="Cees de Vries")
        ConsentFactory(resident=other)

    def conversation() -> None:
        ConversationFactory(resident=resident, held_on=dt.date(2024, 2, 29))

    def risk_signal() -> None:
        RiskSignal.objects.create(
            household=household,
            kind=RiskKind.DEBTS,
            description="Aanmaning energieleverancier",
            raised_on=timezone.localdate(),
        )

    def assessment() -> None:
        make_assessment(resident=resident, version=shipped_zrm(), scores={"financien": 2})

    def plan() -> None:
        PlanFactory(household=household, coordinator=world.user(Role.COORDINATOR))

    def consent_until() -> None:
        Consent.objects.filter(resident=resident).update(valid_until=dt.date(2099, 12, 31))

    return [
        ("resident", rename_resident, "Anna van Dijk"),
        ("household", rename_household, "Familie Van Dijk"),
        ("team", rename_team, "Krachtstroom Oost"),
        ("member", new_member, "Cees de Vries"),
        ("conversation", conversation, "29 February 2024"),
        ("risk signal", risk_signal, "Aanmaning energieleverancier"),
        ("assessment", assessment, "Financiën"),
        ("plan", plan, "Open the plan"),
        ("consent", consent_until, "31 December 2099"),
    ]


@pytest.mark.parametrize("change", range(9), ids=lambda i: f"change-{i}")
def test_a_change_in_any_source_shows_at_once(world, page, change):
    client, url = page
    what, make, text = _changes(world)[change]
    assert text not in client.get(url).content.decode(), what
    make()
    response, kept = _served_kept(client, url)
    assert response.status_code == 200
    assert not kept, what
    assert text in response.content.decode(), what
    # And the new page is kept in turn.
    assert _served_kept(client, url)[1] or what == "assessment"


def test_a_deleted_row_shows_at_once(world, page):
    client, url = page
    member: Any = ResidentFactory(household=world.household, name="Cees de Vries")
    ConsentFactory(resident=member)
    assert "Cees de Vries" in client.get(url).content.decode()
    assert _served_kept(client, url)[1]
    Resident.objects.filter(pk=member.pk).delete()
    response, kept = _served_kept(client, url)
    assert not kept and "Cees de Vries" not in response.content.decode()


def test_withdrawing_consent_ends_access_at_once(world, page):
    client, url = page
    Consent.objects.filter(resident=world.consented).update(withdrawn_at=timezone.now())
    assert client.get(url).status_code == 404


def test_an_expired_consent_ends_access_on_the_next_day(world, page, monkeypatch):
    client, url = page
    Consent.objects.filter(resident=world.consented).update(valid_until=timezone.localdate())
    assert client.get(url).status_code == 200
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    assert client.get(url).status_code == 404


def test_a_kept_body_never_reaches_another_user(world, page, login_client):
    client, url = page
    mine = client.get(url).content.decode()
    colleague = world.users["colleague"]
    theirs = login_client(type(colleague).objects.get(pk=colleague.pk)).get(url)
    assert theirs.status_code == 200
    body = theirs.content.decode()
    professional = world.users[Role.PROFESSIONAL]
    shown_as = f"{colleague.get_full_name()} · "
    assert shown_as in body and shown_as not in mine
    assert f"{professional.get_full_name()} · " not in body
    # Another team's professional: still a 404, whatever was kept for the professional.
    other = login_client(world.user("other_team"))
    assert other.get(url).status_code == 404


def test_a_change_of_the_users_teams_is_seen(world, page):
    client, url = page
    user = world.users[Role.PROFESSIONAL]
    user.teams.set([world.sibling])
    assert client.get(url).status_code == 404


def test_every_view_writes_the_same_log_entries(world, page):
    client, url = page

    def entries() -> list[Any]:
        return list(
            AccessLogEntry.objects.filter(user=world.users[Role.PROFESSIONAL], path=url)
            .order_by("pk")
            .values_list("operation", "purpose", "object_type", "object_id", "object_count")
        )

    before = entries()
    n = len(before) // 2  # two views so far: one computed, one kept
    assert n >= 2 and before[:n] == before[n:]
    _response, kept = _served_kept(client, url)
    assert kept
    assert entries()[-n:] == before[:n]
    last = list(AccessLogEntry.objects.filter(path=url).order_by("-pk")[: 2 * n])
    assert [e.subject_ids() for e in last[:n]] == [e.subject_ids() for e in last[n:]]
    assert any(world.consented.pk in e.subject_ids() for e in last[:n])
    # Each view has its own trace, and a later time.
    assert len({e.trace_id for e in last[:n]}) == 1
    assert last[0].trace_id != last[-1].trace_id and last[0].at >= last[-1].at


def test_pending_messages_are_shown_not_a_kept_page(world, page, rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    client, url = page
    storage: Any = CookieStorage(rf.get(url))
    encoded = storage._encode([Message(constants.SUCCESS, "Opgeslagen en wel")])
    client.cookies[CookieStorage.cookie_name] = encoded
    shown, kept = _served_kept(client, url)
    assert not kept and "Opgeslagen en wel" in shown.content.decode()
    # Shown once: the next view is kept again, without the message.
    again, kept = _served_kept(client, url)
    assert "Opgeslagen en wel" not in again.content.decode()


def test_nothing_is_kept_when_switched_off(world, login_client):
    with override_settings(WIJKKOMPAS_CASE_PAGE_CACHE_SECONDS=0):
        client = login_client(world.user(Role.PROFESSIONAL))
        url = reverse("residents:detail", args=[world.consented.pk])
        counts = {_get(client, url)[1] for _ in range(3)}
    assert len(counts) == 1 and not pagecache._store
