"""Resident pages for every role: 200 under consent; 404 without consent, for another team
and another municipality (existence not revealed); 403 for roles that do not work with
cases (they have their own pages, or none)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.residents.constants import ConsentPart, RiskKind, Urgency
from wijkkompas.residents.models import Consent, Household, Resident, RiskSignal

from .conftest import SECRET_BSN

pytestmark = pytest.mark.django_db

CASE_ROLES = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]
REFUSED_ROLES = [
    Role.POLICY_OFFICER,
    Role.RESEARCHER,
    Role.INITIATOR,
    Role.PRIVACY_OFFICER,
    Role.ADMIN,
    Role.RESIDENT,
]


def _pages(world: Any) -> list[str]:
    """Every page of the app, on the consented resident and their household."""
    resident, household = world.consented, world.household
    consent = resident.consents.get()
    return [
        reverse("residents:index"),
        reverse("residents:register"),
        reverse("residents:caseload", args=[world.team.pk]),
        reverse("residents:detail", args=[resident.pk]),
        reverse("residents:edit", args=[resident.pk]),
        reverse("residents:consent_add", args=[resident.pk]),
        reverse("residents:consent_withdraw", args=[resident.pk, consent.pk]),
        reverse("residents:household_detail", args=[household.pk]),
        reverse("residents:household_close", args=[household.pk]),
        reverse("residents:risk_add", args=[household.pk]),
        reverse("residents:risk_edit", args=[household.pk, world.signal.pk]),
        reverse("residents:risk_resolve", args=[household.pk, world.signal.pk]),
    ]


@pytest.mark.parametrize("role", CASE_ROLES)
def test_every_page_opens_for_the_team_under_consent(world, login_client, role):
    client = login_client(world.user(role))
    for url in _pages(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_roles_without_case_work_are_refused_everywhere(world, login_client, role):
    client = login_client(world.user(role))
    for url in _pages(world):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code in (403, 405), url


def test_anonymous_goes_to_login(client, world):
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def _resident_pages(resident: Any) -> list[str]:
    household = resident.household
    consent = resident.consents.first()
    signal = RiskSignal.objects.create(
        household=household, kind=RiskKind.DEBTS, description="x", raised_on=timezone.localdate()
    )
    pages = [
        reverse("residents:detail", args=[resident.pk]),
        reverse("residents:edit", args=[resident.pk]),
        reverse("residents:consent_add", args=[resident.pk]),
        reverse("residents:household_detail", args=[household.pk]),
        reverse("residents:household_close", args=[household.pk]),
        reverse("residents:risk_add", args=[household.pk]),
        reverse("residents:risk_edit", args=[household.pk, signal.pk]),
        reverse("residents:risk_resolve", args=[household.pk, signal.pk]),
    ]
    if consent is not None:
        pages.append(reverse("residents:consent_withdraw", args=[resident.pk, consent.pk]))
    return pages


@pytest.mark.parametrize(
    ("who", "resident"),
    [
        ("colleague", "org_only"),  # same team, consent only to another organisation
        (Role.PROFESSIONAL, "withdrawn"),  # same team, consent withdrawn
        (Role.TEAM_LEAD, "partner"),  # same household, no consent of their own
        ("other_team", "consented"),
        ("other_municipality", "consented"),
        (Role.PROFESSIONAL, "sibling_resident"),
        (Role.PROFESSIONAL, "foreign_resident"),
    ],
)
def test_without_consent_every_page_is_404(world, login_client, who, resident):
    client = login_client(world.user(who))
    target = getattr(world, resident)
    for url in _resident_pages(target):
        if resident == "partner" and "huishoudens" in url:
            continue  # the household itself is visible through Anna's consent
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url  # 405: a page without POST


def test_organisation_consent_opens_the_file_for_its_professional(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.get(reverse("residents:detail", args=[world.org_only.pk]))
    assert response.status_code == 200
    assert "Carla Jansen" in response.content.decode()


def test_404_is_logged_as_refusal(world, login_client):
    login_client(world.user("other_team")).get(
        reverse("residents:detail", args=[world.consented.pk])
    )
    assert AccessLogEntry.objects.filter(event="refused").exists()


# --- the resident page -------------------------------------------------------------------


def test_detail_shows_personalia_consents_and_risk_signals(world, login_client):
    html = (
        login_client(world.user(Role.PROFESSIONAL))
        .get(reverse("residents:detail", args=[world.consented.pk]))
        .content.decode()
    )
    for text in ("Anna de Vries", "Dorpsstraat 1", "06-12345678", "anna@example.org"):
        assert text in html
    assert "*****2333" in html and SECRET_BSN not in html
    assert "Familie De Vries" in html
    assert "Debts" in html and "Betalingsachterstand" in html
    assert "Support by the neighbourhood team" in html  # consent purpose
    assert "Active" in html
    # The partner has no consent of their own: not listed, not named by the risk signal.
    assert "Bram de Vries" not in html
    assert "Another member of the household" in html


def test_household_page_lists_only_consented_members(world, login_client):
    html = (
        login_client(world.user(Role.COORDINATOR))
        .get(reverse("residents:household_detail", args=[world.household.pk]))
        .content.decode()
    )
    assert "Anna de Vries" in html and "Bram de Vries" not in html
    assert "Betalingsachterstand" in html


def test_risk_signals_need_the_plan_part(world, login_client):
    consent = world.consented.consents.get()
    consent.covers_plan = False
    consent.save()
    html = (
        login_client(world.user(Role.PROFESSIONAL))
        .get(reverse("residents:detail", args=[world.consented.pk]))
        .content.decode()
    )
    assert "Betalingsachterstand" not in html
    assert "has not consented to your team or organisation seeing the plan" in html


def test_domestic_violence_shows_the_meldcode_and_veilig_thuis(world, login_client):
    RiskSignal.objects.create(
        household=world.household,
        kind=RiskKind.DOMESTIC_VIOLENCE,
        urgency=Urgency.HIGH,
        description="Blauwe plekken",
        meldcode_step=2,
        raised_on=timezone.localdate(),
    )
    html = (
        login_client(world.user(Role.PROFESSIONAL))
        .get(reverse("residents:detail", args=[world.consented.pk]))
        .content.decode()
    )
    assert "0800-2000" in html
    assert "1. Map the signals" in html and "5. Decide" in html
    assert "2. Consult a colleague" in html  # the step reached, in the table


# --- registration ------------------------------------------------------------------------


def _register_data(world: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "team": world.team.pk,
        "household_label": "Familie Yilmaz",
        "name": "Ayse Yilmaz",
        "birth_year": "1985",
        "neighbourhood": world.neighbourhood.pk,
        "address": "Stationsweg 4",
        "phone": "0525-123456",
        "email": "",
        "bsn": "123456782",
        "consent_team": "on",
        "consent_organisation": "",
        "consent_parts": [ConsentPart.CONVERSATIONS, ConsentPart.PLAN],
        "consent_purpose": "support",
        "consent_form": "verbal",
        "consent_valid_from": timezone.localdate().isoformat(),
        "consent_valid_until": "",
    }
    data.update(overrides)
    return data


def test_register_in_one_form(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    page = client.get(reverse("residents:register"))
    html = page.content.decode()
    assert "<legend" in html and "Which parts of the file" in html
    response = client.post(reverse("residents:register"), _register_data(world))
    resident = Resident.objects.get(name="Ayse Yilmaz")
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:detail", args=[resident.pk])
    assert "Ayse" not in response["Location"]
    consent = resident.consents.get()
    assert consent.team == world.team and consent.parts == [
        ConsentPart.PERSONALIA,
        ConsentPart.CONVERSATIONS,
        ConsentPart.PLAN,
    ]
    assert resident.household.label == "Familie Yilmaz"
    assert resident.bsn == "123456782"


def test_register_with_errors_saves_nothing_and_does_not_echo_the_bsn(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    before = (Household.objects.count(), Resident.objects.count(), Consent.objects.count())
    response = client.post(reverse("residents:register"), _register_data(world, bsn="123456789"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "11-proef" in html and "123456789" not in html
    response = client.post(reverse("residents:register"), _register_data(world, bsn=SECRET_BSN))
    html = response.content.decode()
    assert "already registered" in html and SECRET_BSN not in html
    response = client.post(
        reverse("residents:register"), _register_data(world, consent_team="", bsn="")
    )
    assert "Say to whom the resident gives consent" in response.content.decode()
    after = (Household.objects.count(), Resident.objects.count(), Consent.objects.count())
    assert before == after


def test_register_a_household_member(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    url = reverse("residents:register") + f"?household={world.household.pk}"
    assert "Familie De Vries" in client.get(url).content.decode()
    data = _register_data(world, bsn="", name="Lotte de Vries")
    del data["household_label"]
    response = client.post(url, data)
    assert response.status_code == 302
    assert Resident.objects.get(name="Lotte de Vries").household == world.household


def test_register_in_a_household_out_of_scope_is_404(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    other = world.sibling_resident.household
    url = reverse("residents:register") + f"?household={other.pk}"
    assert client.get(url).status_code == 404


def test_register_in_another_team_is_refused(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(
        reverse("residents:register"), _register_data(world, team=world.sibling.pk)
    )
    assert response.status_code == 200  # not a choice: a form error
    assert not Resident.objects.filter(name="Ayse Yilmaz").exists()


def test_team_role_without_a_team_may_not_register(world, login_client):
    from wijkkompas.accounts.tests.factories import UserFactory

    loner = UserFactory(role=Role.PROFESSIONAL, municipality=world.gm)
    assert login_client(loner).get(reverse("residents:register")).status_code == 403


# --- edit, consents, risk signals, close -------------------------------------------------


def test_edit_personalia_never_puts_the_bsn_in_the_page(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    url = reverse("residents:edit", args=[world.consented.pk])
    html = client.get(url).content.decode()
    assert SECRET_BSN not in html and "*****2333" in html
    data = {
        "name": "Anna de Vries-Smit",
        "birth_year": "1980",
        "neighbourhood": "",
        "address": "Dorpsstraat 2",
        "phone": "",
        "email": "",
        "bsn": "",
    }
    assert client.post(url, data).status_code == 302
    world.consented.refresh_from_db()
    assert world.consented.name == "Anna de Vries-Smit"
    assert world.consented.bsn == SECRET_BSN  # kept
    client.post(url, {**data, "remove_bsn": "on"})
    world.consented.refresh_from_db()
    assert world.consented.bsn == ""


def test_record_and_withdraw_a_consent(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    url = reverse("residents:consent_add", args=[world.consented.pk])
    response = client.post(
        url,
        {
            "consent_team": "",
            "consent_organisation": world.nurse_org.pk,
            "consent_parts": [ConsentPart.CONVERSATIONS],
            "consent_purpose": "referral",
            "consent_form": "written",
            "consent_valid_from": timezone.localdate().isoformat(),
            "consent_valid_until": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 302
    consent = world.consented.consents.get(organisation=world.nurse_org)
    withdraw = reverse("residents:consent_withdraw", args=[world.consented.pk, consent.pk])
    assert "Withdraw the consent" in client.get(withdraw).content.decode()
    assert consent.withdrawn_at is None  # a GET changes nothing
    response = client.post(withdraw)
    assert response["Location"] == reverse("residents:detail", args=[world.consented.pk])
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_raise_update_and_resolve_a_risk_signal(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    household = world.household
    response = client.post(
        reverse("residents:risk_add", args=[household.pk]),
        {
            "kind": RiskKind.DOMESTIC_VIOLENCE,
            "resident": world.consented.pk,
            "urgency": Urgency.ACUTE,
            "description": "Signalen van geweld",
            "review_on": "",
            "meldcode_step": "",
        },
    )
    assert response.status_code == 302
    signal = RiskSignal.objects.get(description="Signalen van geweld")
    assert signal.meldcode_step == 1 and signal.resident == world.consented
    edit = reverse("residents:risk_edit", args=[household.pk, signal.pk])
    assert "0800-2000" in client.get(edit).content.decode()
    response = client.post(
        edit,
        {"urgency": Urgency.HIGH, "description": "Overlegd", "review_on": "", "meldcode_step": 3},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.meldcode_step == 3 and signal.urgency == Urgency.HIGH
    resolve = reverse("residents:risk_resolve", args=[household.pk, signal.pk])
    assert client.post(resolve, {"day": timezone.localdate().isoformat()}).status_code == 302
    signal.refresh_from_db()
    assert signal.resolved_on == timezone.localdate()


def test_close_the_case(world, login_client):
    client = login_client(world.user(Role.TEAM_LEAD))
    url = reverse("residents:household_close", args=[world.household.pk])
    today = timezone.localdate().isoformat()
    response = client.post(url, {"day": today})
    assert response.status_code == 200  # the open risk signal must be resolved first
    assert "open risk signals" in response.content.decode()
    world.signal.resolved_on = timezone.localdate()
    world.signal.save()
    assert client.post(url, {"day": today}).status_code == 302
    world.household.refresh_from_db()
    assert world.household.closed_on == timezone.localdate()
