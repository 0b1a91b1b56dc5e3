"""risk_signal_raise / update / resolve."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.residents.constants import MeldcodeStep, RiskKind, Urgency
from wijkkompas.residents.services import (
    risk_signal_raise,
    risk_signal_resolve,
    risk_signal_update,
)

pytestmark = pytest.mark.django_db


def _raise(world, **overrides):
    kwargs = {
        "user": world.user(Role.PROFESSIONAL),
        "household": world.household,
        "kind": RiskKind.SAFETY,
        "description": "Brandgevaarlijke situatie",
        "urgency": Urgency.HIGH,
    }
    kwargs.update(overrides)
    return risk_signal_raise(**kwargs)


def test_raise_on_the_household_and_about_one_resident(world):
    signal = _raise(world, resident=world.consented, review_on=timezone.localdate())
    assert signal.raised_on == timezone.localdate() and signal.meldcode_step is None
    entry = AccessLogEntry.objects.get(event="create", object_type="residents.RiskSignal")
    assert entry.purpose == "risk"
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.consented.pk]
    whole = _raise(world)
    entry = AccessLogEntry.objects.filter(event="create").order_by("-pk")[0]
    assert entry.object_id == str(whole.pk)
    assert set(entry.subjects.values_list("resident_id", flat=True)) == {
        world.consented.pk,
        world.partner.pk,
    }


def test_domestic_violence_starts_at_meldcode_step_one(world):
    signal = _raise(world, kind=RiskKind.DOMESTIC_VIOLENCE)
    assert signal.meldcode_step == MeldcodeStep.MAP_SIGNALS
    signal = risk_signal_update(
        user=world.user(Role.COORDINATOR),
        signal=signal,
        urgency=Urgency.ACUTE,
        description="Veilig Thuis geraadpleegd",
        meldcode_step=MeldcodeStep.CONSULT,
    )
    assert signal.meldcode_step == MeldcodeStep.CONSULT and signal.urgency == Urgency.ACUTE


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "gossip"}, "kind"),
        ({"urgency": 9}, "urgency"),
        ({"description": " "}, "description"),
        ({"meldcode_step": MeldcodeStep.TALK}, "meldcode_step"),  # not domestic violence
        ({"kind": RiskKind.DOMESTIC_VIOLENCE, "meldcode_step": 7}, "meldcode_step"),
        ({"review_on": dt.date(2000, 1, 1)}, "review_on"),
    ],
)
def test_bad_input_is_refused(world, overrides, field):
    with pytest.raises(ApplicationError) as error:
        _raise(world, **overrides)
    assert error.value.field == field


def test_resident_must_be_of_the_household(world):
    with pytest.raises(ApplicationError):
        _raise(world, resident=world.org_only, user=world.user(Role.PROFESSIONAL))


def test_needs_consent_for_plan_and_risk_signals(world):
    consent = world.consented.consents.get()
    consent.covers_plan = False
    consent.save()
    with pytest.raises(ApplicationError, match="0800-2000"):
        _raise(world)


def test_out_of_scope_is_404(world):
    with pytest.raises(Http404):
        _raise(world, user=world.user("other_team"))
    with pytest.raises(Http404):
        risk_signal_resolve(user=world.user("other_municipality"), signal=world.signal)


def test_resolve_and_no_changes_after(world):
    user = world.user(Role.PROFESSIONAL)
    with pytest.raises(ApplicationError, match="future"):
        risk_signal_resolve(
            user=user, signal=world.signal, resolved_on=timezone.localdate() + dt.timedelta(1)
        )
    signal = risk_signal_resolve(user=user, signal=world.signal)
    assert signal.resolved_on == timezone.localdate()
    with pytest.raises(ApplicationError, match="already been resolved"):
        risk_signal_resolve(user=user, signal=signal)
    with pytest.raises(ApplicationError, match="resolved"):
        risk_signal_update(user=user, signal=signal, urgency=Urgency.LOW, description="x")
    assert AccessLogEntry.objects.filter(event="update", purpose="risk").count() == 1
