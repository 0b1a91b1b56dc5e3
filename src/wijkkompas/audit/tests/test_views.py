"""The privacy officer's pages: own municipality only, filters, pagination; 403 for others."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.audit.constants import Event
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.audit.services import log_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory.create(role=Role.PRIVACY_OFFICER)


def test_anonymous_is_sent_to_login():
    response = Client().get(reverse("audit:log"))
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PRIVACY_OFFICER])
@pytest.mark.parametrize("url_name", ["audit:log", "audit:security"])
def test_other_roles_are_refused(role, url_name, login_client):
    response = login_client(UserFactory.create(role=role)).get(reverse(url_name))
    assert response.status_code == 403
    assert "No access" in response.content.decode() or "Geen toegang" in response.content.decode()


def test_officer_sees_only_own_municipality(officer, login_client):
    colleague = UserFactory.create(municipality=officer.municipality, username="eigen-collega")
    stranger = UserFactory.create(
        municipality=MunicipalityFactory.create(), username="vreemde-gebruiker"
    )
    log_event(event=Event.LOGIN, user=colleague)
    log_event(event=Event.LOGIN, user=stranger)
    response = login_client(officer).get(reverse("audit:log"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "eigen-collega" in content
    assert "vreemde-gebruiker" not in content


def test_officer_without_municipality_sees_nothing(login_client):
    officer = UserFactory.create(role=Role.PRIVACY_OFFICER, municipality=None)
    log_event(event=Event.LOGIN, user=UserFactory.create(username="iemand-anders"))
    response = login_client(officer).get(reverse("audit:log"))
    assert "iemand-anders" not in response.content.decode()


def test_filters(officer, login_client):
    gm = officer.municipality_id
    a = UserFactory.create(municipality_id=gm, username="account-a")
    b = UserFactory.create(municipality_id=gm, username="account-b")
    log_event(event=Event.LOGIN, user=a)
    log_event(event=Event.LOGIN_FAILED, username="account-b", municipality_id=gm)
    AccessLogEntry.objects.create(
        event=Event.LOGOUT,
        user=b,
        username=b.username,
        municipality_id=gm,
        at=timezone.now() - datetime.timedelta(days=40),
    )
    client = login_client(officer)

    def rows(**params):
        response = client.get(reverse("audit:log"), params)
        assert response.status_code == 200
        return [(e.event, e.username) for e in response.context["rows"]]

    assert rows(event=Event.LOGIN_FAILED) == [(Event.LOGIN_FAILED, "account-b")]
    assert set(rows(username="ACCOUNT-B")) == {
        (Event.LOGIN_FAILED, "account-b"),
        (Event.LOGOUT, "account-b"),
    }
    recent = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert (Event.LOGOUT, "account-b") not in rows(date_from=recent)
    long_ago = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert rows(date_to=long_ago) == [(Event.LOGOUT, "account-b")]


def test_bad_date_range_shows_an_error(officer, login_client):
    response = login_client(officer).get(
        reverse("audit:log"), {"date_from": "2025-02-01", "date_to": "2025-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_pagination(officer, login_client):
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(event=Event.LOGIN, username=f"u{i}", municipality_id=officer.municipality_id)
        for i in range(120)
    )
    client = login_client(officer)
    first = client.get(reverse("audit:log"))
    assert len(first.context["rows"]) == 50
    assert "pagina=2" in first.content.decode()
    last = client.get(reverse("audit:log"), {"pagina": 3})
    assert len(last.context["rows"]) >= 20


def test_security_overview_counts_refusals(officer, login_client):
    gm = officer.municipality_id
    user = UserFactory.create(municipality_id=gm, username="nieuwsgierig")
    for _ in range(3):
        log_event(event=Event.REFUSED, user=user, object_type="teams.Team")
    log_event(event=Event.LOGIN_FAILED, username="nieuwsgierig", municipality_id=gm)
    log_event(
        event=Event.REFUSED, user=UserFactory.create(username="elders"), object_type="teams.Team"
    )
    response = login_client(officer).get(reverse("audit:security"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "nieuwsgierig" in content
    assert "elders" not in content
    assert "teams.Team" in content
    assert response.context["by_account"][0]["n"] == 3
