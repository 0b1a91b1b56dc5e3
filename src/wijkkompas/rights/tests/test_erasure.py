"""Erasure (AVG art. 17) where the law allows it: refused with the reason while a Wmo
procedure is open, a Wmo decision is within its retention period or a Meldcode signal is
open; otherwise the resident goes with everything about them, the log stays."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkkompas.accounts.models import User
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations.models import Conversation
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.instruments.models import Assessment
from wijkkompas.plans.models import Plan
from wijkkompas.residents.constants import RiskKind
from wijkkompas.residents.models import Household, Resident
from wijkkompas.residents.tests.factories import RiskSignalFactory
from wijkkompas.rights import selectors, services
from wijkkompas.rights.constants import ErasureObstacle, RequestKind, RequestStatus
from wijkkompas.rights.tests.conftest import days_ago
from wijkkompas.rights.tests.factories import DataRequestFactory

pytestmark = pytest.mark.django_db


def _erasure(case, resident=None):
    return DataRequestFactory.create(
        municipality=case.team.municipality,
        resident_id=(resident or case.resident).pk,
        kind=RequestKind.ERASURE,
    )


def test_erasure_deletes_the_resident_and_keeps_the_log(case):
    services.access_export_build(user=case.resident_user, resident_id=case.resident.pk)
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))
    data_request = services.resident_erase(user=case.officer, request_id=_erasure(case).pk)
    assert not Resident.objects.filter(pk=case.resident.pk).exists()
    assert not Conversation.objects.filter(resident_id=case.resident.pk).exists()
    assert not Assessment.objects.filter(resident_id=case.resident.pk).exists()
    assert not User.objects.filter(pk=case.resident_user.pk).exists()  # the Mijn plan account
    # The partner still lives there: the household and its plan stay.
    assert Household.objects.filter(pk=case.household.pk).exists()
    assert Plan.objects.filter(pk=case.plan.pk).exists()
    assert before <= set(AccessLogEntry.objects.values_list("pk", flat=True))
    data_request.refresh_from_db()
    assert (
        data_request.status == RequestStatus.COMPLETED and data_request.handled_by == case.officer
    )
    assert data_request.result["counts"]["residents.Resident"] == 1
    entry = AccessLogEntry.objects.get(event=Event.DELETE, purpose=Purpose.DATA_REQUEST)
    assert entry.object_type == "residents.Resident" and entry.object_id == str(case.resident.pk)
    assert case.resident.pk in entry.subject_ids()
    text = " ".join(str(v) for v in entry.__dict__.values())
    assert "Anna" not in text and "111222333" not in text


def test_the_last_member_takes_the_household_with_them(case):
    services.resident_erase(user=case.officer, request_id=_erasure(case, case.other_resident).pk)
    assert not Household.objects.filter(pk=case.other_household.pk).exists()
    assert Household.objects.filter(pk=case.household.pk).exists()


def test_open_wmo_procedure_refuses(case):
    ConversationFactory.create(resident=case.resident, wmo=True)
    with pytest.raises(ApplicationError, match="Wmo procedure is still open"):
        services.resident_erase(user=case.officer, request_id=_erasure(case).pk)
    assert Resident.objects.filter(pk=case.resident.pk).exists()


def test_wmo_decision_within_retention_refuses(case):
    ConversationFactory.create(
        resident=case.resident, wmo=True, applied_on=days_ago(5), decided_on=days_ago(1)
    )
    with pytest.raises(ApplicationError, match="legal retention"):
        services.resident_erase(user=case.officer, request_id=_erasure(case).pk)


def test_open_meldcode_signal_refuses(case):
    RiskSignalFactory.create(household=case.household, kind=RiskKind.DOMESTIC_VIOLENCE)
    with pytest.raises(ApplicationError, match="Meldcode"):
        services.resident_erase(user=case.officer, request_id=_erasure(case).pk)


def test_only_open_erasure_requests_of_the_own_municipality(case):
    access = DataRequestFactory.create(
        municipality=case.team.municipality, resident_id=case.resident.pk
    )
    with pytest.raises(ApplicationError):
        services.resident_erase(user=case.officer, request_id=access.pk)
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(Http404):
        services.resident_erase(user=case.foreign_officer, request_id=_erasure(case).pk)
    with pytest.raises(PermissionDenied):
        services.resident_erase(user=case.professional, request_id=_erasure(case).pk)
    data_request = _erasure(case)
    services.resident_erase(user=case.officer, request_id=data_request.pk)
    with pytest.raises(ApplicationError):
        services.resident_erase(user=case.officer, request_id=data_request.pk)


def _data(conversations=(), signals=(), closed_on=None):
    return {
        "household": {"closed_on": closed_on},
        "conversations": list(conversations),
        "risk_signals": list(signals),
    }


TODAY = dt.date(2026, 6, 1)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=TODAY)


@given(
    reported=st.booleans(),
    decided=st.one_of(st.none(), dates),
    closed=st.one_of(st.none(), dates),
)
def test_erasure_rule_for_any_wmo_history(reported, decided, closed):
    conversation = {"is_wmo_report": reported, "decided_on": decided}
    obstacles = selectors.erasure_obstacles(
        data=_data([conversation], closed_on=closed), today=TODAY, wmo_days=3650
    )
    if not reported:
        assert obstacles == []
    elif decided is None:
        assert obstacles == [ErasureObstacle.WMO_OPEN]
    elif closed is None or closed + dt.timedelta(days=3650) > TODAY:
        assert obstacles == [ErasureObstacle.WMO_RETENTION]
    else:
        assert obstacles == []


def test_erasure_rule_meldcode():
    open_signal = {"kind": RiskKind.DOMESTIC_VIOLENCE, "resolved_on": None}
    resolved = {"kind": RiskKind.DOMESTIC_VIOLENCE, "resolved_on": TODAY}
    debts = {"kind": RiskKind.DEBTS, "resolved_on": None}
    rule = selectors.erasure_obstacles
    assert rule(data=_data(signals=[open_signal]), today=TODAY) == [ErasureObstacle.MELDCODE_OPEN]
    assert rule(data=_data(signals=[resolved, debts]), today=TODAY) == []
