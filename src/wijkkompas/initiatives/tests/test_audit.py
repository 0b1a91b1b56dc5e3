"""Every read and write of personal data of this app is logged: the referrals (which
conversation, and so which resident, was referred where)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.models import User
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.initiatives import sections, selectors, services
from wijkkompas.initiatives.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _last() -> Any:
    return AccessLogEntry.objects.order_by("-pk").first()


def test_reading_the_referrals_of_a_resident_is_logged(world):
    ReferralFactory(conversation=world.conversation, initiative=world.initiative)
    user = world.user(Role.PROFESSIONAL)
    referrals = selectors.referrals_of_resident(user=user, resident=world.resident)
    assert len(referrals) == 1
    entry = _last()
    assert (entry.event, entry.purpose, entry.object_type) == (
        "read",
        "support",
        "initiatives.Referral",
    )
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.resident.pk]


def test_nothing_to_read_writes_no_entry(world):
    before = AccessLogEntry.objects.count()
    assert (
        selectors.referrals_of_resident(user=world.user(Role.PROFESSIONAL), resident=world.resident)
        == []
    )
    assert AccessLogEntry.objects.count() == before


def test_the_resident_section_reads_through_the_logged_selector(world):
    ReferralFactory(conversation=world.conversation, initiative=world.initiative)
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=world.user(Role.PROFESSIONAL).pk)
    section = sections.resident_referrals(request=request, obj=world.resident)
    assert section is not None and section.context["referrals"]
    assert AccessLogEntry.objects.filter(object_type="initiatives.Referral", event="read").exists()


def test_non_case_roles_get_no_section_and_read_nothing(world):
    ReferralFactory(conversation=world.conversation, initiative=world.initiative)
    for role in (Role.INITIATOR, Role.POLICY_OFFICER, Role.ADMIN):
        request = RequestFactory().get("/")
        request.user = world.user(role)
        assert sections.resident_referrals(request=request, obj=world.resident) is None
    assert not AccessLogEntry.objects.filter(object_type="initiatives.Referral").exists()


def test_writes_are_logged(world):
    user = world.user(Role.COORDINATOR)
    referral = services.referral_create(
        user=user, conversation=world.conversation, initiative=world.initiative
    )
    created = _last()
    assert (created.event, created.object_id) == ("create", str(referral.pk))
    services.referral_remove(user=user, referral=referral)
    removed = _last()
    assert removed.event == "delete"
    assert list(removed.subjects.values_list("resident_id", flat=True)) == [world.resident.pk]


def test_the_initiative_page_reads_no_personal_data(world, login_client):
    ReferralFactory(conversation=world.conversation, initiative=world.initiative)
    before = AccessLogEntry.objects.filter(event="read").count()
    from django.urls import reverse

    login_client(world.user(Role.INITIATOR)).get(
        reverse("initiatives:detail", args=[world.initiative.pk])
    )
    assert AccessLogEntry.objects.filter(event="read").count() == before
