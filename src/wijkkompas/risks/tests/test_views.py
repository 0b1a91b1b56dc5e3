"""The risk register pages: who may open them, what they show, and forms that refuse."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.risks.constants import ChangeKind, RiskStatus
from wijkkompas.risks.models import TeamRisk
from wijkkompas.risks.tests.factories import TeamRiskFactory

pytestmark = pytest.mark.django_db

TEAM_ROLES = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]
KEEPERS = [Role.COORDINATOR, Role.TEAM_LEAD]
NO_REGISTER = [
    Role.POLICY_OFFICER,
    Role.ADMIN,
    Role.RESEARCHER,
    Role.PRIVACY_OFFICER,
    Role.INITIATOR,
    Role.RESIDENT,
]
IN_TWO_MONTHS = (dt.date.today() + dt.timedelta(days=60)).isoformat()


def _pages(world: Any, risk: Any = None, team: Any = None) -> dict[str, str]:
    risk = risk or world.risk
    team = team or risk.team
    return {
        "list": reverse("risks:list", args=[team.pk]),
        "matrix": reverse("risks:matrix", args=[team.pk]),
        "detail": reverse("risks:detail", args=[risk.pk]),
        "edit": reverse("risks:edit", args=[risk.pk]),
        "review": reverse("risks:review", args=[risk.pk]),
        "status": reverse("risks:status", args=[risk.pk]),
    }


def test_anonymous_goes_to_login(world: Any) -> None:
    client = Client()
    for url in [reverse("risks:index"), reverse("risks:create"), *_pages(world).values()]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_team_members_see_the_register(role: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(role))
    index = client.get(reverse("risks:index")).content.decode()
    assert world.team.name in index and world.sibling.name not in index
    pages = _pages(world)
    text = client.get(pages["list"]).content.decode()
    assert "Wachtlijst schuldhulp" in text and "Verloop in Noord" not in text
    assert client.get(pages["matrix"]).status_code == 200
    detail = client.get(pages["detail"]).content.decode()
    assert "Wachtlijst schuldhulp" in detail
    keeper = role in KEEPERS
    assert (reverse("risks:review", args=[world.risk.pk]) in detail) == keeper
    for name in ("edit", "review", "status"):
        assert client.get(pages[name]).status_code == (200 if keeper else 403), name
    assert client.get(reverse("risks:create")).status_code == (200 if keeper else 403)


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_other_teams_and_municipalities_answer_404(
    role: str, world: Any, login_client: Any
) -> None:
    client = login_client(world.user(role))
    for risk in (world.sibling_risk, world.foreign_risk):
        pages = _pages(world, risk)
        for name in ("list", "matrix", "detail"):
            assert client.get(pages[name]).status_code == 404, (name, risk)
        if role in KEEPERS:
            for name in ("edit", "review", "status"):
                assert client.get(pages[name]).status_code == 404, (name, risk)
                assert client.post(pages[name], {"note": "x"}).status_code == 404
    assert TeamRisk.objects.get(pk=world.sibling_risk.pk).status == RiskStatus.OPEN


@pytest.mark.parametrize("role", NO_REGISTER)
def test_roles_without_the_register_are_refused(role: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(role))
    assert client.get(reverse("risks:index")).status_code == 403
    assert client.get(reverse("risks:create")).status_code == 403
    for url in _pages(world).values():
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("risks:status", args=[world.risk.pk]), {"note": "Weg"})
    assert response.status_code == 403
    assert TeamRisk.objects.get(pk=world.risk.pk).status == RiskStatus.OPEN


def test_the_operator_sees_every_register(world: Any, login_client: Any) -> None:
    client = login_client(world.user("operator"))
    for url in _pages(world, world.foreign_risk).values():
        assert client.get(url).status_code == 200, url


def test_create_with_clear_errors_then_success(world: Any, login_client: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    client = login_client(lead)
    form = client.get(reverse("risks:create"), {"team": world.team.pk}).content.decode()
    assert "Krachtstroomteam Wezep" in form and "Sociaal team Oldebroek-Noord" not in form
    data = {
        "team": world.team.pk,
        "title": "",
        "category": "tendering",
        "likelihood": "9",
        "impact": "",
        "review_date": "morgen",
        "status": "open",
    }
    response = client.post(reverse("risks:create"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Give the risk a short title." in text
    assert "Choose a likelihood from 1 (very unlikely) to 5 (almost certain)." in text
    assert "Choose an impact from 1 (very small) to 5 (very serious)." in text
    assert "Enter the date of the next review as day-month-year." in text
    assert TeamRisk.objects.count() == 3
    valid = data | {
        "title": "Aanbesteding thuisbegeleiding",
        "likelihood": 3,
        "impact": 4,
        "review_date": IN_TWO_MONTHS,
    }
    # Another team's id in the form is not a choice; an owner from outside the team is
    # refused by the service, with its message.
    for wrong in ({"team": world.sibling.pk}, {"owner": world.user("sibling_lead").pk}):
        response = client.post(reverse("risks:create"), valid | wrong)
        assert response.status_code == 200 and TeamRisk.objects.count() == 3
    response = client.post(
        reverse("risks:create"),
        valid
        | {
            "owner": world.user(Role.COORDINATOR).pk,
            "note": "Contract loopt eind volgend jaar af.",
        },
    )
    risk = TeamRisk.objects.get(title="Aanbesteding thuisbegeleiding")
    assert response.status_code == 302
    assert response["Location"] == reverse("risks:detail", args=[risk.pk])
    assert risk.team == world.team and risk.score == 12
    assert risk.changes.get().kind == ChangeKind.CREATED


def test_edit_review_close_reopen_and_history(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.COORDINATOR))
    pages = _pages(world)
    response = client.post(
        pages["edit"],
        {
            "title": "Wachtlijst schuldhulp",
            "category": "waiting_lists",
            "likelihood": 4,
            "impact": 5,
            "review_date": world.risk.review_date.isoformat(),
            "status": "handling",
            "owner": world.user(Role.COORDINATOR).pk,
            "note": "Wachttijd nu twaalf weken.",
        },
    )
    assert response.status_code == 302
    response = client.post(pages["review"], {"likelihood": 3, "impact": 5, "note": ""})
    assert response.status_code == 200
    assert "Write down briefly what the team concluded in this review." in (
        response.content.decode()
    )
    response = client.post(
        pages["review"],
        {
            "likelihood": 3,
            "impact": 5,
            "note": "Extra spreekuur helpt.",
            "review_date": IN_TWO_MONTHS,
        },
    )
    assert response.status_code == 302
    assert client.post(pages["status"], {"note": ""}).status_code == 200
    assert client.post(pages["status"], {"note": "Onder controle."}).status_code == 302
    world.risk.refresh_from_db()
    assert world.risk.status == RiskStatus.CLOSED
    # A closed risk: the edit page says so, and a POST changes nothing.
    assert "Reopen it first" in client.get(pages["edit"]).content.decode()
    client.post(
        pages["review"], {"likelihood": 1, "impact": 1, "note": "x", "review_date": IN_TWO_MONTHS}
    )
    world.risk.refresh_from_db()
    assert (world.risk.likelihood, world.risk.impact) == (3, 5)
    assert client.post(pages["status"], {"note": "Weer wachtlijst."}).status_code == 302
    world.risk.refresh_from_db()
    assert world.risk.status == RiskStatus.OPEN
    detail = client.get(pages["detail"]).content.decode()
    for text in (
        "Wachttijd nu twaalf weken.",
        "Extra spreekuur helpt.",
        "Onder controle.",
        "Weer wachtlijst.",
        "Impact: 4 → 5",
        "Likelihood: 4 → 3",
    ):
        assert text in detail, text
    assert [c.kind for c in world.risk.changes.order_by("pk")] == [
        ChangeKind.UPDATED,
        ChangeKind.REVIEWED,
        ChangeKind.CLOSED,
        ChangeKind.REOPENED,
    ]


def test_list_flags_overdue_reviews_and_filters(world: Any, login_client: Any) -> None:
    TeamRiskFactory(
        team=world.team,
        title="Zwakke verbinding front- en backoffice",
        category="front_back_office",
        review_date=dt.date.today() - dt.timedelta(days=3),
    )
    client = login_client(world.user(Role.TEAM_LEAD))
    url = reverse("risks:list", args=[world.team.pk])
    text = client.get(url).content.decode()
    assert "1 risk is due for review." in text and "Overdue" in text
    text = client.get(url, {"te_laat": "on"}).content.decode()
    assert "Zwakke verbinding" in text and "Wachtlijst schuldhulp" not in text
    text = client.get(url, {"categorie": "waiting_lists"}).content.decode()
    assert "Zwakke verbinding" not in text and "Wachtlijst schuldhulp" in text
    text = client.get(url, {"status": "closed"}).content.decode()
    assert "Zwakke verbinding" not in text and "Wachtlijst schuldhulp" not in text
    index = client.get(reverse("risks:index")).content.decode()
    assert "?te_laat=on" in index


def test_matrix_has_a_chart_and_a_table(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    text = client.get(reverse("risks:matrix", args=[world.team.pk])).content.decode()
    assert "<svg" in text and 'role="img"' in text
    assert "<table" in text and 'scope="row"' in text
    assert "likelihood 4, impact 4: 1" in text
