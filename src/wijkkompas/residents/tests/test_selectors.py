"""Reads of residents: scoped by the permission layer, logged with a purpose."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.constants import Action, Role
from wijkkompas.audit.constants import Purpose
from wijkkompas.residents import selectors
from wijkkompas.residents.constants import ConsentPart, RiskKind, Urgency
from wijkkompas.residents.models import RiskSignal

pytestmark = pytest.mark.django_db


def test_resident_get_in_and_out_of_scope(world):
    professional = world.user(Role.PROFESSIONAL)
    assert selectors.resident_get(user=professional, pk=world.consented.pk) == world.consented
    assert selectors.resident_get(user=professional, pk=world.org_only.pk) == world.org_only
    for pk in (world.partner.pk, world.withdrawn.pk, world.sibling_resident.pk, 99999):
        with pytest.raises(Http404):
            selectors.resident_get(user=professional, pk=pk)
    with pytest.raises(Http404):
        selectors.resident_get(user=world.user("colleague"), pk=world.org_only.pk)
    with pytest.raises(Http404):  # the owner sees their own data in Mijn plan only
        selectors.resident_get(
            user=world.user(Role.POLICY_OFFICER), pk=world.consented.pk, action=Action.CHANGE
        )


def test_household_get_and_members(world):
    lead = world.user(Role.TEAM_LEAD)
    household = selectors.household_get(user=lead, pk=world.household.pk)
    assert selectors.household_residents(user=lead, household=household) == [world.consented]
    with pytest.raises(Http404):
        selectors.household_get(user=world.user("other_team"), pk=world.household.pk)


def test_resident_for_account(world):
    assert selectors.resident_for_account(user=world.user(Role.RESIDENT)) == world.consented
    assert selectors.resident_for_account(user=world.user(Role.PROFESSIONAL)) is None


def test_consents_of(world):
    consents = selectors.consents_of(user=world.user(Role.RESIDENT), resident=world.consented)
    assert [c.team for c in consents] == [world.team]
    assert selectors.consents_of(user=world.user("other_team"), resident=world.consented) == []


def test_has_consent(world):
    professional, colleague = world.user(Role.PROFESSIONAL), world.user("colleague")
    for part in ConsentPart.values:
        assert selectors.has_consent(user=professional, household=world.household, part=part)
    org_household = world.org_only.household
    world.org_only.consents.update(covers_plan=False)
    assert selectors.has_consent(
        user=professional, household=org_household, part=ConsentPart.PERSONALIA
    )
    assert not selectors.has_consent(
        user=professional, household=org_household, part=ConsentPart.PLAN
    )
    assert not selectors.has_consent(
        user=colleague, household=org_household, part=ConsentPart.PERSONALIA
    )
    assert not selectors.has_consent(
        user=world.user("other_municipality"),
        household=world.household,
        part=ConsentPart.PERSONALIA,
    )
    with pytest.raises(ValueError):
        selectors.has_consent(user=professional, household=world.household, part="all")


def test_open_risk_signals_most_urgent_first(world):
    today = timezone.localdate()
    acute = RiskSignal.objects.create(
        household=world.household,
        kind=RiskKind.SAFETY,
        urgency=Urgency.ACUTE,
        description="x",
        raised_on=today,
    )
    RiskSignal.objects.create(
        household=world.household,
        kind=RiskKind.DEBTS,
        urgency=Urgency.LOW,
        description="opgelost",
        raised_on=today,
        resolved_on=today,
    )
    signals = selectors.open_risk_signals(user=world.user(Role.PROFESSIONAL))
    assert [s.pk for s in signals] == [acute.pk, world.signal.pk]
    assert signals[0].kind_label == str(RiskKind.SAFETY.label)
    assert (signals[1].household_id, signals[1].resident_id) == (
        world.signal.household_id,
        world.signal.resident_id,
    )
    # The worklist names the kind of signal, never the resident.
    assert not hasattr(signals[1], "about_name")
    limited = selectors.open_risk_signals(user=world.user(Role.PROFESSIONAL), limit=1)
    assert [s.pk for s in limited] == [acute.pk]
    assert selectors.open_risk_signals(user=world.user("other_team")) == []


def test_open_risk_signals_skip_closed_cases(world):
    world.household.closed_on = timezone.localdate()
    world.household.save()
    assert selectors.open_risk_signals(user=world.user(Role.PROFESSIONAL)) == []


def test_risk_signals_of_names_only_visible_residents(world):
    signal = RiskSignal.objects.create(
        household=world.household,
        resident=world.consented,
        kind=RiskKind.SAFETY,
        description="x",
        raised_on=timezone.localdate(),
    )
    signals = selectors.risk_signals_of(
        user=world.user(Role.PROFESSIONAL), household=world.household
    )
    names = {s.pk: s.about_name for s in signals}
    assert names == {signal.pk: "Anna de Vries", world.signal.pk: ""}


def test_may_register(world):
    assert selectors.may_register(user=world.user(Role.PROFESSIONAL))
    assert selectors.may_register(user=world.user(Role.TEAM_LEAD))
    for role in (Role.ADMIN, Role.POLICY_OFFICER, Role.RESIDENT):
        assert not selectors.may_register(user=world.user(role))


def test_resident_page_collects_everything(world):
    page = selectors.resident_page(user=world.user(Role.PROFESSIONAL), pk=world.consented.pk)
    assert page.resident == world.consented and page.members == []
    assert page.may_change and page.may_see_risks
    assert page.risk_signals == [world.signal] and len(page.consents) == 1


def test_purposes_are_passed_through(world):
    from wijkkompas.audit.models import AccessLogEntry

    selectors.resident_get(
        user=world.user(Role.PROFESSIONAL), pk=world.consented.pk, purpose=Purpose.WMO
    )
    assert AccessLogEntry.objects.get(event="read").purpose == Purpose.WMO
