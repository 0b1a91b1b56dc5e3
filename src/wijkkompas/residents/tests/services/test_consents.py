"""consent_record and consent_withdraw, by a professional and by the resident themselves.

Withdrawing a consent, or its end date passing, ends access at once: the permission
layer evaluates consents in every query.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.access import can
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.residents import selectors
from wijkkompas.residents.constants import ConsentForm, ConsentPart, ConsentStatus
from wijkkompas.residents.models import Resident
from wijkkompas.residents.services import ConsentInput, consent_record, consent_withdraw

pytestmark = pytest.mark.django_db


def test_professional_records_a_consent(world):
    consent = consent_record(
        user=world.user(Role.PROFESSIONAL),
        resident=world.consented,
        consent=ConsentInput(organisation=world.nurse_org, parts={ConsentPart.ASSESSMENTS}),
    )
    assert consent.form == ConsentForm.VERBAL and consent.household == world.household
    assert consent.parts == [ConsentPart.PERSONALIA, ConsentPart.ASSESSMENTS]
    entry = AccessLogEntry.objects.get(event="create", object_type="residents.Consent")
    assert entry.purpose == "consent"
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.consented.pk]


def test_resident_records_their_own_consent_digitally(world):
    resident_user = world.user(Role.RESIDENT)
    consent = consent_record(
        user=resident_user,
        resident=world.consented,
        consent=ConsentInput(team=world.team, form=ConsentForm.VERBAL),
    )
    assert consent.form == ConsentForm.DIGITAL
    assert consent.recorded_by == resident_user


def test_resident_cannot_record_for_someone_else(world):
    with pytest.raises(Http404):
        consent_record(
            user=world.user(Role.RESIDENT),
            resident=world.partner,
            consent=ConsentInput(team=world.team),
        )


def test_professional_without_access_cannot_record(world):
    with pytest.raises(Http404):
        consent_record(
            user=world.user("colleague"),
            resident=world.org_only,
            consent=ConsentInput(team=world.team),
        )


def test_withdraw_ends_access_at_once(world, login_client):
    professional = world.user(Role.PROFESSIONAL)
    client = login_client(professional)
    url = reverse("residents:detail", args=[world.consented.pk])
    assert client.get(url).status_code == 200
    consent = world.consented.consents.get()
    consent_withdraw(user=professional, consent=consent)
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.WITHDRAWN and consent.withdrawn_by == professional
    # The same user object, the same client: no cache keeps the door open.
    assert not can(professional, Action.VIEW, world.consented)
    assert client.get(url).status_code == 404
    assert world.consented not in Resident.objects.visible_to(professional)
    with pytest.raises(Http404):
        selectors.resident_get(user=professional, pk=world.consented.pk)
    entry = AccessLogEntry.objects.get(event="update", object_type="residents.Consent")
    assert entry.purpose == "consent"


def test_withdraw_via_the_page_returns_to_the_caseload(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    consent = world.consented.consents.get()
    response = client.post(
        reverse("residents:consent_withdraw", args=[world.consented.pk, consent.pk])
    )
    assert response["Location"] == reverse("residents:caseload", args=[world.team.pk])
    assert client.get(reverse("residents:detail", args=[world.consented.pk])).status_code == 404


def test_resident_withdraws_their_own_consent(world):
    consent = world.consented.consents.get()
    consent_withdraw(user=world.user(Role.RESIDENT), consent=consent)
    assert not can(world.user(Role.PROFESSIONAL), Action.VIEW, world.consented)


def test_resident_cannot_withdraw_someone_elses_consent(world):
    with pytest.raises(Http404):
        consent_withdraw(user=world.user(Role.RESIDENT), consent=world.org_only.consents.get())


def test_withdraw_twice_is_refused(world):
    resident_user = world.user(Role.RESIDENT)
    consent = world.consented.consents.get()
    consent_withdraw(user=resident_user, consent=consent)
    with pytest.raises(ApplicationError, match="already been withdrawn"):
        consent_withdraw(user=resident_user, consent=consent)


def test_expiry_ends_access(world, login_client):
    professional = world.user(Role.PROFESSIONAL)
    client = login_client(professional)
    url = reverse("residents:detail", args=[world.consented.pk])
    consent = world.consented.consents.get()
    consent.valid_until = timezone.localdate()  # the last day still counts
    consent.save()
    assert client.get(url).status_code == 200
    consent.valid_until = timezone.localdate() - dt.timedelta(days=1)
    consent.save()
    assert consent.status == ConsentStatus.EXPIRED
    assert client.get(url).status_code == 404
    assert not can(professional, Action.VIEW, world.consented)


def test_consent_not_yet_in_force_gives_no_access(world):
    consent = world.consented.consents.get()
    consent.valid_from = timezone.localdate() + dt.timedelta(days=1)
    consent.save()
    assert consent.status == ConsentStatus.PENDING
    assert not can(world.user(Role.PROFESSIONAL), Action.VIEW, world.consented)


def test_another_active_consent_keeps_access(world, login_client):
    professional = world.user(Role.PROFESSIONAL)
    consent_record(
        user=professional, resident=world.consented, consent=ConsentInput(organisation=world.amw)
    )
    consent_withdraw(user=professional, consent=world.consented.consents.get(team=world.team))
    assert can(professional, Action.VIEW, world.consented)  # through the AMW consent
    assert not can(world.user(Role.COORDINATOR), Action.VIEW, world.consented)
