"""The kept worklist (``core.pagecache``, ``audit.kept``): served again only while every
query it read answers the same rows; new work, a withdrawn consent and another user are
seen at once, and every view is logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core import pagecache
from wijkkompas.plans.models import PlanAction
from wijkkompas.plans.tests.factories import PlanActionFactory
from wijkkompas.residents.constants import Urgency
from wijkkompas.residents.models import Consent, Household
from wijkkompas.residents.tests.factories import RiskSignalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keeping")]

URL = "plans:worklist"


def _view(client: Any) -> tuple[str, bool]:
    """The worklist as shown, and whether it was the kept body."""
    served = pagecache.counts["served"]
    response = client.get(reverse(URL))
    assert response.status_code == 200
    return response.content.decode(), pagecache.counts["served"] == served + 1


@pytest.fixture
def coordinator(world: Any, login_client: Any) -> Any:
    """The coordinator's client: an overdue action of their own in the consented household,
    the worklist viewed once computed and once kept."""
    user = world.user(Role.COORDINATOR)
    PlanActionFactory(
        plan=world.plan,
        owner_user=user,
        description="Bel de woningcorporatie",
        due_on=timezone.localdate() - dt.timedelta(days=3),
    )
    client = login_client(user)
    first, kept = _view(client)
    assert not kept and world.household.label in first
    second, kept = _view(client)
    assert kept and second.count(world.household.label) == first.count(world.household.label)
    return client


def test_new_work_shows_at_once(world, coordinator):
    signal_url = reverse("residents:household_detail", args=[world.household.pk])
    assert signal_url not in _view(coordinator)[0]
    RiskSignalFactory(household=world.household, urgency=Urgency.ACUTE)
    body, kept = _view(coordinator)
    assert not kept and signal_url in body
    assert _view(coordinator)[1]


def test_done_work_leaves_at_once(world, coordinator):
    actions = PlanAction.objects.filter(owner_user=world.user(Role.COORDINATOR))
    anchor = f"#action-{actions.get().pk}"
    assert anchor in _view(coordinator)[0]
    actions.update(done_on=timezone.localdate())
    body, kept = _view(coordinator)
    assert not kept and anchor not in body


def test_a_renamed_household_shows_at_once(world, coordinator):
    Household.objects.filter(pk=world.household.pk).update(label="Familie Yildiz")
    body, kept = _view(coordinator)
    assert not kept and "Familie Yildiz" in body


def test_withdrawn_consent_hides_the_household_at_once(world, coordinator):
    Consent.objects.filter(resident__household=world.household).update(withdrawn_at=timezone.now())
    body, kept = _view(coordinator)
    assert not kept and world.household.label not in body


def test_a_kept_worklist_never_reaches_another_user(world, coordinator, login_client):
    body, kept = _view(login_client(world.user(Role.PROFESSIONAL)))
    assert not kept and world.household.label not in body


def test_every_view_is_logged_with_its_subjects(world, coordinator):
    user = world.user(Role.COORDINATOR)
    before = AccessLogEntry.objects.filter(user=user, purpose=Purpose.WORKLIST).count()
    assert _view(coordinator)[1]
    entries = list(
        AccessLogEntry.objects.filter(user=user, purpose=Purpose.WORKLIST).order_by("-pk")
    )
    assert len(entries) == before + before // 2
    assert world.resident.pk in entries[0].subject_ids()
    assert entries[0].trace_id != entries[-1].trace_id
