"""Every read and write of personal data in "Mijn plan" leaves an access-log entry with its
purpose and the resident as data subject.

The table :data:`READS` enumerates every public function of ``portal.selectors`` that reads
personal data, with the entry it must write; :data:`NO_PERSONAL_DATA` names the others and
why they read none. A new public selector that is in neither fails
:func:`test_every_selector_is_in_the_table`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.portal import selectors
from wijkkompas.portal.tests.conftest import PortalWorld
from wijkkompas.residents.constants import ConsentPurpose

pytestmark = pytest.mark.django_db

#: selector -> (how to call it, expected purpose, object type of the entry).
READS: dict[str, tuple[Callable[[PortalWorld], Any], str, str]] = {
    "current_resident": (
        lambda w: selectors.current_resident(user=w.account),
        Purpose.OWN_DATA,
        "residents.Resident",
    ),
    "my_plan": (lambda w: selectors.my_plan(user=w.account), Purpose.OWN_DATA, "plans.Plan"),
    "my_consents": (
        lambda w: selectors.my_consents(user=w.account, resident=w.resident),
        Purpose.OWN_DATA,
        "residents.Consent",
    ),
    "my_consent_for_withdrawal": (
        lambda w: selectors.my_consent_for_withdrawal(
            user=w.account, resident=w.resident, pk=w.consent.pk
        ),
        Purpose.OWN_DATA,
        "residents.Consent",
    ),
    "my_profile": (
        lambda w: selectors.my_profile(user=w.account, resident=w.resident),
        Purpose.OWN_DATA,
        "instruments.Assessment",
    ),
}

#: Public selectors that read no personal data, and why.
NO_PERSONAL_DATA = {
    "is_portal_user": "a yes/no about the account's role",
    "consent_recipients": "names of the resident's team and of organisations in it",
    "consent_is_in_force": "a yes/no about a consent already read",
    "consent_recipient_label": "the team or organisation of a consent already read",
    "consent_parts": "labels of the parts of a consent already read",
}


def _mark() -> int:
    """The newest entry now: the log is append-only, so tests look at what comes after."""
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _since(mark: int) -> Any:
    return AccessLogEntry.objects.filter(pk__gt=mark)


def _public_functions() -> set[str]:
    return {
        name
        for name, value in vars(selectors).items()
        if inspect.isfunction(value) and value.__module__ == selectors.__name__
        if not name.startswith("_")
    }


def test_every_selector_is_in_the_table():
    assert _public_functions() == set(READS) | set(NO_PERSONAL_DATA)


def _add_assessment(world: PortalWorld) -> None:
    from wijkkompas.instruments.models import Assessment, InstrumentVersion

    version = InstrumentVersion.objects.filter(instrument__code="participatieladder").first()
    assert version is not None
    Assessment.objects.create(
        resident=world.resident, version=version, assessed_on=world.plan.started_on
    )


@pytest.mark.parametrize("name", sorted(READS))
def test_selector_logs_its_read(portal_world, name):
    call, purpose, object_type = READS[name]
    if name == "my_profile":
        _add_assessment(portal_world)
    mark = _mark()
    call(portal_world)
    entry = _since(mark).get(event=Event.READ)
    assert entry.purpose == purpose
    assert entry.object_type == object_type
    assert entry.user == portal_world.account
    assert portal_world.resident.pk in set(entry.subjects.values_list("resident_id", flat=True))
    assert portal_world.other_resident.pk not in set(
        entry.subjects.values_list("resident_id", flat=True)
    )


@pytest.mark.parametrize("name", sorted(NO_PERSONAL_DATA))
def test_functions_without_personal_data_log_nothing(portal_world, name):
    mark = _mark()
    function = getattr(selectors, name)
    consent = portal_world.consent
    arguments = {
        "is_portal_user": {"user": portal_world.account},
        "consent_recipients": {"resident": portal_world.resident},
    }
    if name in arguments:
        function(**arguments[name])
    else:
        function(consent)
    assert not _since(mark).exists()


#: Every page: the purposes its reads are logged with (each with the resident as subject).
PAGE_PURPOSES = {
    "portal:overview": {Purpose.OWN_DATA},
    "portal:goal_add": {Purpose.OWN_DATA},
    "portal:comment_add": {Purpose.OWN_DATA},
    "portal:consents": {Purpose.OWN_DATA},
    "portal:consent_grant": {Purpose.OWN_DATA},
    "portal:scores": {Purpose.OWN_DATA},
    "portal:data": {Purpose.OWN_DATA},
    "portal:download_pdf": {Purpose.OWN_DATA, Purpose.DATA_REQUEST},
    "portal:download_json": {Purpose.OWN_DATA, Purpose.DATA_REQUEST},
}


@pytest.mark.parametrize("name", sorted(PAGE_PURPOSES))
def test_every_page_logs_its_reads(portal_world, login_client, name):
    client = login_client(portal_world.account)
    mark = _mark()
    assert client.get(reverse(name)).status_code == 200
    reads = _since(mark).filter(event=Event.READ)
    assert set(reads.values_list("purpose", flat=True)) == PAGE_PURPOSES[name]
    for entry in reads:
        assert entry.path == reverse(name)
        assert portal_world.resident.pk in set(entry.subjects.values_list("resident_id", flat=True))


def test_the_page_list_covers_every_page():
    from wijkkompas.portal.urls import urlpatterns

    assert {f"portal:{p.name}" for p in urlpatterns} == set(PAGE_PURPOSES) | {
        "portal:consent_withdraw"
    }


def test_withdrawal_page_logs_the_read_and_the_write(portal_world, login_client):
    client = login_client(portal_world.account)
    url = reverse("portal:consent_withdraw", args=[portal_world.consent.pk])
    mark = _mark()
    client.get(url)
    consent_reads = _since(mark).filter(
        event=Event.READ, object_type="residents.Consent", purpose=Purpose.OWN_DATA
    )
    assert consent_reads.count() == 1
    client.post(url)
    write = _since(mark).get(event=Event.UPDATE)
    assert write.purpose == Purpose.CONSENT and write.object_id == str(portal_world.consent.pk)
    assert list(write.subjects.values_list("resident_id", flat=True)) == [portal_world.resident.pk]


@pytest.mark.parametrize(
    ("name", "data", "object_type", "purpose"),
    [
        ("portal:goal_add", {"text": "Weer gaan zwemmen"}, "plans.Goal", Purpose.OWN_DATA),
        ("portal:comment_add", {"text": "Dank je"}, "plans.PlanComment", Purpose.OWN_DATA),
        (
            "portal:consent_grant",
            {"recipient": "team-{team}", "purpose": ConsentPurpose.SUPPORT},
            "residents.Consent",
            Purpose.CONSENT,
        ),
    ],
)
def test_writes_are_logged(portal_world, login_client, name, data, object_type, purpose):
    data = {k: v.format(team=portal_world.team.pk) for k, v in data.items()}
    client = login_client(portal_world.account)
    mark = _mark()
    assert client.post(reverse(name), data).status_code == 302
    write = _since(mark).get(event=Event.CREATE)
    assert write.object_type == object_type and write.purpose == purpose
    assert portal_world.resident.pk in set(write.subjects.values_list("resident_id", flat=True))


def test_log_entries_hold_no_names(portal_world, login_client):
    client = login_client(portal_world.account)
    for name in PAGE_PURPOSES:
        client.get(reverse(name))
    for entry in AccessLogEntry.objects.all():
        values = " ".join(str(v) for v in entry.__dict__.values())
        assert "Kees" not in values and "Beek" not in values
