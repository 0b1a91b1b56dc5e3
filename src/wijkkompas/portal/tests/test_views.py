"""The pages of "Mijn plan": only the resident, only their own household."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.audit.constants import Event
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.plans.models import Goal, PlanComment
from wijkkompas.portal.tests.conftest import PAGES
from wijkkompas.residents.constants import ConsentForm, ConsentPart, ConsentPurpose
from wijkkompas.residents.models import Consent

pytestmark = pytest.mark.django_db

NON_RESIDENT_ROLES = [role for role in Role.values if role != Role.RESIDENT]


def _all_urls(world: Any) -> list[str]:
    return [reverse(name) for name in PAGES] + [
        reverse("portal:consent_withdraw", args=[world.consent.pk])
    ]


# --- who may use the pages ---------------------------------------------------------------


def test_anonymous_visitor_goes_to_the_login_page(portal_world, client):
    for url in _all_urls(portal_world):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", NON_RESIDENT_ROLES)
def test_every_other_role_is_refused(portal_world, login_client, role):
    user = portal_world.users[role]
    client = login_client(user)
    for url in _all_urls(portal_world):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"text": "x"}).status_code == 403, url
    refused = AccessLogEntry.objects.filter(event=Event.REFUSED, user=user)
    assert refused.count() == 2 * len(_all_urls(portal_world))
    assert not Goal.objects.filter(text="x").exists()


def test_a_superuser_is_no_resident_either(portal_world, login_client):
    operator = UserFactory(is_superuser=True, is_staff=True, role=Role.ADMIN, municipality=None)
    assert login_client(operator).get(reverse("portal:overview")).status_code == 403


def test_resident_without_a_record_sees_a_friendly_page(portal_world, login_client):
    lonely = UserFactory(role=Role.RESIDENT, municipality=portal_world.gm)
    client = login_client(lonely)
    for url in [reverse(name) for name in PAGES]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no plan linked to your account" in response.content.decode()
    # Nothing to withdraw and nothing revealed: the same friendly page for any id.
    response = client.post(reverse("portal:consent_withdraw", args=[portal_world.consent.pk]))
    assert response.status_code == 200
    portal_world.consent.refresh_from_db()
    assert portal_world.consent.withdrawn_at is None


# --- the overview ------------------------------------------------------------------------


def test_owner_sees_own_plan(portal_world, login_client):
    response = login_client(portal_world.account).get(reverse("portal:overview"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Kees wil weer rust in de financiën.",
        "De schulden zijn in beeld.",
        "Aanmelden bij de schuldhulp.",
        "Dennis Bakker",
        "Maatschappelijk Werk De Veluwerand",
        "Budgetcafé De Brinkhof",
        "Het gesprek viel me mee.",
        "Fijn om te horen, dank je wel.",
    ):
        assert text in page, text
    assert "Afspraak van vorige maand" not in page  # only upcoming appointments
    # Never another household's data.
    for text in ("Sandra", "Mevrouw Bos", "Een nieuwe woning vinden", "eigen woning"):
        assert text not in page, text


def test_overview_without_plan_explains_it(portal_world, login_client):
    portal_world.plan.delete()
    response = login_client(portal_world.account).get(reverse("portal:overview"))
    assert response.status_code == 200
    assert "You do not have a plan yet" in response.content.decode()
    # And the forms that add to a plan send the resident back with a message.
    response = login_client(portal_world.account).get(reverse("portal:goal_add"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:overview")


def test_urls_carry_no_ids(portal_world, login_client):
    """The account decides whose plan is shown: no link of the portal names an object, except
    the withdrawal of one's own consent."""
    import re

    client = login_client(portal_world.account)
    for name in ("portal:overview", "portal:consents"):
        page = client.get(reverse(name)).content.decode()
        links = re.findall(r'href="(/mijn-plan/[^"]*)"', page)
        assert links
        for link in links:
            if "/toestemming/" in link and link.endswith("/intrekken/"):
                assert link == reverse("portal:consent_withdraw", args=[portal_world.consent.pk])
            else:
                assert not re.search(r"\d", link), link


# --- goals and comments ------------------------------------------------------------------


def test_resident_adds_own_goal(portal_world, login_client):
    client = login_client(portal_world.account)
    target = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        reverse("portal:goal_add"),
        {
            "text": "  Ik wil weer   elke zaterdag naar de voetbal. ",
            "target_on": target.isoformat(),
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:overview")
    goal = Goal.objects.get(text="Ik wil weer elke zaterdag naar de voetbal.")
    assert goal.plan == portal_world.plan
    assert goal.added_by_resident and goal.author == portal_world.account
    assert goal.target_on == target
    page = client.get(reverse("portal:overview")).content.decode()
    assert "Ik wil weer elke zaterdag naar de voetbal." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "This field is required"),
        ({"text": "Iets", "target_on": "2001-01-01"}, "Choose a date from today on."),
        ({"text": "Iets", "target_on": "morgen"}, "Enter a valid date"),
    ],
)
def test_bad_goal_is_refused_with_a_message(portal_world, login_client, data, message):
    before = Goal.objects.count()
    response = login_client(portal_world.account).post(reverse("portal:goal_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Goal.objects.count() == before


def test_refusal_of_the_service_is_shown_and_nothing_saved(portal_world, login_client, monkeypatch):
    from wijkkompas.plans import services as plans_services

    def refuse(**kwargs: Any) -> None:
        raise ApplicationError("The plan has been closed in the meantime.")

    monkeypatch.setattr(plans_services, "comment_add", refuse)
    before = PlanComment.objects.count()
    response = login_client(portal_world.account).post(
        reverse("portal:comment_add"), {"text": "Nog een vraag"}
    )
    assert response.status_code == 200
    assert "The plan has been closed in the meantime." in response.content.decode()
    assert PlanComment.objects.count() == before


def test_resident_writes_a_comment(portal_world, login_client):
    response = login_client(portal_world.account).post(
        reverse("portal:comment_add"), {"text": "Kan de afspraak ook 's middags?"}
    )
    assert response.status_code == 302
    comment = PlanComment.objects.get(text="Kan de afspraak ook 's middags?")
    assert comment.plan == portal_world.plan and comment.by_resident
    assert comment.author == portal_world.account


def test_empty_comment_is_refused(portal_world, login_client):
    before = PlanComment.objects.count()
    response = login_client(portal_world.account).post(reverse("portal:comment_add"), {"text": " "})
    assert response.status_code == 200
    assert PlanComment.objects.count() == before


# --- consents ----------------------------------------------------------------------------


def test_consent_page_lists_own_consents_only(portal_world, login_client):
    Consent.objects.filter(pk=portal_world.consent.pk).update(
        valid_until=timezone.localdate() + dt.timedelta(days=60)
    )
    response = login_client(portal_world.account).get(reverse("portal:consents"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Krachtstroom Wezep" in page
    assert str(ConsentPart.CASE_DISCUSSION.label) in page
    assert reverse("portal:consent_withdraw", args=[portal_world.consent.pk]) in page
    assert reverse("portal:consent_withdraw", args=[portal_world.other_consent.pk]) not in page
    assert "stops at once" in page


def test_resident_gives_consent_to_an_organisation_of_the_team(portal_world, login_client):
    client = login_client(portal_world.account)
    page = client.get(reverse("portal:consent_grant")).content.decode()
    assert "Maatschappelijk Werk De Veluwerand" in page
    assert "Organisatie buiten het team" not in page  # works in no team of the resident
    until = timezone.localdate() + dt.timedelta(days=90)
    response = client.post(
        reverse("portal:consent_grant"),
        {
            "recipient": f"organisation-{portal_world.amw.pk}",
            "parts": [ConsentPart.CONVERSATIONS, ConsentPart.PLAN],
            "purpose": ConsentPurpose.SUPPORT,
            "valid_until": until.isoformat(),
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:consents")
    consent = Consent.objects.get(organisation=portal_world.amw)
    assert consent.resident == portal_world.resident and consent.team is None
    assert consent.form == ConsentForm.DIGITAL
    assert consent.covers_personalia and consent.covers_conversations and consent.covers_plan
    assert not consent.covers_assessments and not consent.covers_case_discussion
    assert consent.valid_from == timezone.localdate() and consent.valid_until == until
    assert consent.recorded_by == portal_world.account


def test_resident_gives_consent_to_the_team(portal_world, login_client):
    response = login_client(portal_world.account).post(
        reverse("portal:consent_grant"),
        {"recipient": f"team-{portal_world.team.pk}", "purpose": ConsentPurpose.COORDINATION},
    )
    assert response.status_code == 302
    consent = Consent.objects.filter(resident=portal_world.resident).latest("pk")
    assert consent.team == portal_world.team and consent.covers_personalia
    assert consent.purpose == ConsentPurpose.COORDINATION and consent.valid_until is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"recipient": "organisation-987654", "purpose": "support"}, "Select a valid choice"),
        ({"recipient": "team-{team}", "purpose": "no-purpose"}, "Select a valid choice"),
        (
            {"recipient": "team-{team}", "purpose": "support", "valid_until": "2001-01-01"},
            "Choose a date from today on.",
        ),
    ],
)
def test_bad_consent_is_refused(portal_world, login_client, data, message):
    data = {k: v.format(team=portal_world.team.pk) for k, v in data.items()}
    before = Consent.objects.count()
    response = login_client(portal_world.account).post(reverse("portal:consent_grant"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Consent.objects.count() == before


def test_another_households_consent_answers_404(portal_world, login_client):
    client = login_client(portal_world.account)
    for pk in (portal_world.other_consent.pk, 987654):
        url = reverse("portal:consent_withdraw", args=[pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    portal_world.other_consent.refresh_from_db()
    assert portal_world.other_consent.withdrawn_at is None
    assert AccessLogEntry.objects.filter(
        event=Event.REFUSED, user=portal_world.account, object_type="residents.Consent"
    ).exists()


def test_resident_withdraws_consent_after_confirmation(portal_world, login_client):
    client = login_client(portal_world.account)
    url = reverse("portal:consent_withdraw", args=[portal_world.consent.pk])
    page = client.get(url).content.decode()
    assert "It stops at once" in page
    assert "Yes, withdraw my permission" in page
    portal_world.consent.refresh_from_db()
    assert portal_world.consent.withdrawn_at is None  # looking changes nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("portal:consents")
    portal_world.consent.refresh_from_db()
    assert portal_world.consent.withdrawn_at is not None
    assert portal_world.consent.withdrawn_by == portal_world.account
    # Withdrawing twice: a clear message, nothing changes.
    withdrawn_at = portal_world.consent.withdrawn_at
    response = client.post(url, follow=True)
    assert "already been withdrawn" in response.content.decode()
    portal_world.consent.refresh_from_db()
    assert portal_world.consent.withdrawn_at == withdrawn_at
    assert "You already withdrew this permission" in client.get(url).content.decode()


def test_withdrawal_ends_the_professionals_access_at_once(portal_world, login_client):
    from wijkkompas.accounts.access import can
    from wijkkompas.accounts.constants import Action

    professional = portal_world.users[Role.PROFESSIONAL]
    assert can(professional, Action.VIEW, portal_world.resident)
    login_client(portal_world.account).post(
        reverse("portal:consent_withdraw", args=[portal_world.consent.pk])
    )
    assert not can(professional, Action.VIEW, portal_world.resident)


# --- scores and data ---------------------------------------------------------------------


def test_scores_page_shows_the_profile(portal_world, login_client):
    response = login_client(portal_world.account).get(reverse("portal:scores"))
    assert response.status_code == 200
    assert "Self-sufficiency matrix" in response.content.decode()


def test_data_page_explains_the_download(portal_world, login_client):
    response = login_client(portal_world.account).get(reverse("portal:data"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Who looked at your data" in page
    assert reverse("portal:download_pdf") in page and reverse("portal:download_json") in page


def test_resident_downloads_own_data(portal_world, login_client):
    import json

    client = login_client(portal_world.account)
    response = client.get(reverse("portal:download_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    text = json.dumps(data, ensure_ascii=False)
    assert "Kees van Beek" in text and "Sandra" not in text
    assert "who_viewed_your_data" in data
    response = client.get(reverse("portal:download_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
