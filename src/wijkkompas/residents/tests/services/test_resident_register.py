"""resident_register: household, resident and consent together, or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.residents.constants import ConsentForm, ConsentPart, ConsentPurpose
from wijkkompas.residents.models import Consent, Household, Resident
from wijkkompas.residents.services import ConsentInput, resident_register
from wijkkompas.residents.validators import is_valid_bsn

from ..conftest import SECRET_BSN

pytestmark = pytest.mark.django_db

VALID_BSNS = ["111222333", "123456782"]


def _register(world: Any, *, user: Any = None, **overrides: Any) -> Resident:
    kwargs: dict[str, Any] = {
        "user": user or world.user(Role.PROFESSIONAL),
        "team": world.team,
        "household_label": "Familie Yilmaz",
        "name": "Ayse Yilmaz",
        "birth_year": 1985,
        "neighbourhood": world.neighbourhood,
        "phone": "0525-123456",
        "consent": ConsentInput(team=world.team, parts={ConsentPart.CONVERSATIONS}),
    }
    kwargs.update(overrides)
    return resident_register(**kwargs)


def _counts() -> tuple[int, int, int]:
    return Household.objects.count(), Resident.objects.count(), Consent.objects.count()


def test_registers_household_resident_and_consent(world):
    resident = _register(world, bsn="123456782")
    consent = resident.consents.get()
    assert resident.household.team == world.team
    assert resident.household.municipality == world.gm
    assert resident.household.neighbourhood == world.neighbourhood
    assert consent.household == resident.household
    assert consent.parts == [ConsentPart.PERSONALIA, ConsentPart.CONVERSATIONS]
    assert consent.valid_from == timezone.localdate() and consent.valid_until is None
    assert consent.recorded_by == world.users[Role.PROFESSIONAL]
    assert resident.bsn == "123456782"


def test_registers_in_an_existing_household(world):
    resident = _register(world, household=world.household, household_label="")
    assert resident.household == world.household
    assert Household.objects.filter(label="Familie Yilmaz").count() == 0


@pytest.mark.parametrize("bsn", VALID_BSNS)
def test_valid_bsns_pass_the_11_proef(world, bsn):
    assert is_valid_bsn(bsn)
    if bsn == SECRET_BSN:
        world.consented.bsn = ""
        world.consented.save()
    assert _register(world, bsn=f" {bsn[:4]} {bsn[4:]} ").bsn == bsn


@pytest.mark.parametrize(
    ("bsn", "message"),
    [
        ("123456789", "11-proef"),
        ("12345678", "nine digits"),
        ("12345678a", "nine digits"),
        ("000000000", "11-proef"),
    ],
)
def test_invalid_bsn_is_refused_without_echo(world, bsn, message):
    before = _counts()
    with pytest.raises(ApplicationError) as error:
        _register(world, bsn=bsn)
    assert message in str(error.value.message) and error.value.field == "bsn"
    assert bsn not in str(error.value.message)
    assert _counts() == before


def test_duplicate_bsn_is_refused_without_echo(world):
    before = _counts()
    with pytest.raises(ApplicationError) as error:
        _register(world, bsn=SECRET_BSN)
    assert "already registered" in str(error.value.message)
    assert SECRET_BSN not in str(error.value.message)
    assert "Anna" not in str(error.value.message)
    assert _counts() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"household_label": ""}, "household_label"),
        ({"birth_year": 1850}, "birth_year"),
        ({"birth_year": timezone.localdate().year + 1}, "birth_year"),
        ({"phone": "bel me"}, "phone"),
        ({"email": "geen-adres"}, "email"),
        ({"consent": ConsentInput()}, "consent_team"),
        ({"consent": ConsentInput(team=None, organisation=None)}, "consent_team"),
        ({"consent": ConsentInput(team="sibling-of-other-gm")}, "consent_team"),
        ({"consent": ConsentInput(organisation="org-of-other-gm")}, "consent_organisation"),
        ({"consent": ConsentInput(team="team", parts={"everything"})}, "consent_parts"),
        ({"consent": ConsentInput(team="team", purpose="marketing")}, "consent_purpose"),
        ({"consent": ConsentInput(team="team", form="telepathy")}, "consent_form"),
        ({"consent": ConsentInput(team="team", form=ConsentForm.DIGITAL)}, "consent_form"),
        ({"consent": "starts tomorrow"}, "consent_valid_from"),
        ({"consent": "ends before start"}, "consent_valid_until"),
        ({"consent": "ended yesterday"}, "consent_valid_until"),
        ({"consent": "only to the other organisation"}, "consent_team"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(world, overrides, field):
    from wijkkompas.organisations.tests.factories import OrganisationFactory

    today = timezone.localdate()
    consent = overrides.get("consent")
    if isinstance(consent, ConsentInput):
        if consent.team == "team":
            consent.team = world.team
        elif consent.team == "sibling-of-other-gm":
            consent.team = world.foreign
        if consent.organisation == "org-of-other-gm":
            consent.organisation = OrganisationFactory(municipality=world.other_gm)
    elif consent == "starts tomorrow":
        overrides["consent"] = ConsentInput(team=world.team, valid_from=today + dt.timedelta(1))
    elif consent == "ends before start":
        overrides["consent"] = ConsentInput(
            team=world.team, valid_from=today - dt.timedelta(5), valid_until=today - dt.timedelta(6)
        )
    elif consent == "ended yesterday":
        overrides["consent"] = ConsentInput(
            team=world.team, valid_from=today - dt.timedelta(5), valid_until=today - dt.timedelta(1)
        )
    elif consent == "only to the other organisation":
        # The professional works for the AMW: consent to the nurses only gives them no access.
        overrides["consent"] = ConsentInput(organisation=world.nurse_org)
    before = _counts()
    with pytest.raises(ApplicationError) as error:
        _register(world, **overrides)
    assert error.value.field == field, error.value.message
    assert _counts() == before


def test_consent_to_own_organisation_is_enough(world):
    resident = _register(world, consent=ConsentInput(organisation=world.amw))
    assert resident.consents.get().team is None


def test_a_failure_midway_leaves_nothing(world):
    before = _counts()
    with (
        mock.patch(
            "wijkkompas.residents.services.log_access", side_effect=RuntimeError("log down")
        ),
        pytest.raises(RuntimeError),
    ):
        _register(world)
    assert _counts() == before


def test_only_own_teams(world):
    with pytest.raises(Http404):
        _register(world, team=world.sibling)
    with pytest.raises(Http404):
        _register(world, user=world.user("other_municipality"))


@pytest.mark.parametrize(
    "role", [Role.POLICY_OFFICER, Role.ADMIN, Role.RESIDENT, Role.PRIVACY_OFFICER]
)
def test_other_roles_may_not_register(world, role):
    with pytest.raises(PermissionDenied):
        _register(world, user=world.user(role))


def test_household_must_be_in_change_scope_and_of_the_team(world):
    with pytest.raises(Http404):  # no consent of anyone in it to the colleague
        _register(world, user=world.user("colleague"), household=world.org_only.household)
    with pytest.raises(ApplicationError):
        _register(world, household=world.household, team=world.sibling, user=_in_both(world))


def _in_both(world: Any) -> Any:
    user = world.user(Role.COORDINATOR)
    user.teams.add(world.sibling)
    return type(user).objects.get(pk=user.pk)


def test_closed_household_takes_no_new_members(world):
    world.household.closed_on = timezone.localdate()
    world.household.save()
    with pytest.raises(ApplicationError) as error:
        _register(world, household=world.household)
    assert error.value.field == "household"


def test_write_is_logged_with_purpose_and_subject(world):
    resident = _register(world)
    entries = AccessLogEntry.objects.filter(event="create")
    assert {(e.object_type, e.purpose) for e in entries} == {
        ("residents.Household", "support"),
        ("residents.Resident", "support"),
        ("residents.Consent", "consent"),
    }
    for entry in entries:
        assert list(entry.subjects.values_list("resident_id", flat=True)) == [resident.pk]


def test_purpose_choices_are_kept(world):
    resident = _register(
        world,
        consent=ConsentInput(
            team=world.team,
            purpose=ConsentPurpose.WMO,
            form=ConsentForm.WRITTEN,
            valid_until=timezone.localdate() + dt.timedelta(days=365),
        ),
    )
    consent = resident.consents.get()
    assert (consent.purpose, consent.form) == (ConsentPurpose.WMO, ConsentForm.WRITTEN)
