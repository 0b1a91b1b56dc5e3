"""The pages of reflection sessions: who may open them, what they show, forms that refuse,
and the export of the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.reflections.constants import ActionStatus, ReflectionStatus
from wijkkompas.reflections.models import FollowUpAction, Reflection

pytestmark = pytest.mark.django_db

TEAM_ROLES = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]
NO_REFLECTIONS = [
    Role.POLICY_OFFICER,
    Role.ADMIN,
    Role.RESEARCHER,
    Role.PRIVACY_OFFICER,
    Role.INITIATOR,
    Role.RESIDENT,
]
TODAY = dt.date.today()


def _pages(session: Any, action: Any) -> dict[str, str]:
    return {
        "list": reverse("reflections:list", args=[session.team_id]),
        "actions": reverse("reflections:actions", args=[session.team_id]),
        "detail": reverse("reflections:detail", args=[session.pk]),
        "edit": reverse("reflections:edit", args=[session.pk]),
        "record": reverse("reflections:record", args=[session.pk]),
        "action_create": reverse("reflections:action_create", args=[session.pk]),
        "action_review": reverse("reflections:action_review", args=[action.pk]),
        "action_done": reverse("reflections:action_done", args=[action.pk]),
    }


LEAD_ONLY = ("edit", "record", "action_create", "action_review")


def test_anonymous_goes_to_login(world: Any) -> None:
    client = Client()
    pages = [reverse("reflections:index"), reverse("reflections:create")]
    for url in [*pages, *_pages(world.held, world.action).values()]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_team_members_see_the_sessions(role: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(role))
    index = client.get(reverse("reflections:index")).content.decode()
    assert world.team.name in index and world.sibling.name not in index
    pages = _pages(world.held, world.action)
    team_page = client.get(pages["list"]).content.decode()
    for text in ("Terugblik voorjaar", "Kairosmoment najaar", "Spreekuur schuldhulp"):
        assert text in team_page
    assert "Noord kijkt terug" not in team_page
    detail = client.get(pages["detail"]).content.decode()
    assert "De inloop op dinsdag." in detail and "Wachtlijst toen" in detail
    assert "Lid professional" in detail  # a participant
    lead = role == Role.TEAM_LEAD
    assert (pages["record"] in detail) == lead
    for name in LEAD_ONLY:
        assert client.get(pages[name]).status_code == (200 if lead else 403), name
    assert client.get(reverse("reflections:create")).status_code == (200 if lead else 403)
    # Only the owner (the professional) and the team lead may mark the action done.
    done = client.get(pages["action_done"]).status_code
    assert done == (200 if role in (Role.PROFESSIONAL, Role.TEAM_LEAD) else 403)


@pytest.mark.parametrize("role", [*TEAM_ROLES, "sibling_lead"])
def test_other_teams_and_municipalities_answer_404(
    role: str, world: Any, login_client: Any
) -> None:
    client = login_client(world.user(role))
    targets = [(world.foreign_session, world.foreign_action)]
    targets.append(
        (world.held, world.action)
        if role == "sibling_lead"
        else (world.sibling_session, world.sibling_action)
    )
    for session, action in targets:
        for name, url in _pages(session, action).items():
            expected = (
                403
                if name in LEAD_ONLY and role != "sibling_lead" and role != Role.TEAM_LEAD
                else 404
            )
            assert client.get(url).status_code == expected, (name, session)
            if role in (Role.TEAM_LEAD, "sibling_lead") and name != "list":
                assert client.post(url, {"outcome": "done", "title": "x"}).status_code == 404
    assert FollowUpAction.objects.get(pk=world.sibling_action.pk).status == ActionStatus.OPEN


@pytest.mark.parametrize("role", NO_REFLECTIONS)
def test_roles_without_reflections_are_refused(role: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(role))
    assert client.get(reverse("reflections:index")).status_code == 403
    assert client.get(reverse("reflections:create")).status_code == 403
    for url in _pages(world.held, world.action).values():
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("reflections:action_done", args=[world.action.pk]), {})
    assert response.status_code == 403
    assert FollowUpAction.objects.get(pk=world.action.pk).status == ActionStatus.OPEN


def test_the_operator_sees_every_team(world: Any, login_client: Any) -> None:
    client = login_client(world.user("operator"))
    for url in _pages(world.foreign_session, world.foreign_action).values():
        assert client.get(url).status_code == 200, url


def test_plan_record_decide_and_review_through_the_pages(world: Any, login_client: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    client = login_client(lead)
    form = client.get(reverse("reflections:create")).content.decode()
    assert "Lid professional" in form and "Iemand van Noord" not in form
    data = {"team": world.team.pk, "title": "", "planned_on": "volgende week"}
    response = client.post(reverse("reflections:create"), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Give the session a short title." in text and "Enter the date as day-month-year." in text
    response = client.post(
        reverse("reflections:create"),
        data
        | {
            "title": "Kairosmoment winter",
            "planned_on": TODAY.isoformat(),
            "participants": [world.members[Role.PROFESSIONAL].pk],
        },
    )
    session = Reflection.objects.get(title="Kairosmoment winter")
    assert response.status_code == 302
    assert response["Location"] == reverse("reflections:detail", args=[session.pk])
    # The planned session pulls in the current indicators and the open risk, and the open
    # action of the earlier session to review.
    detail = client.get(response["Location"]).content.decode()
    assert "Wachtlijst schuldhulp" in detail and 'class="wk-indicator"' in detail
    review_url = reverse("reflections:action_review", args=[world.action.pk])
    assert f"{review_url}?sessie={session.pk}" in detail
    # Record it: errors first, then the record.
    record_url = reverse("reflections:record", args=[session.pk])
    response = client.post(record_url, {"held_on": TODAY.isoformat()})
    assert "Write down at least one answer" in response.content.decode()
    response = client.post(
        record_url,
        {"held_on": TODAY.isoformat(), "keep": "Inloop", "things_right": "Niet altijd."},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == ReflectionStatus.HELD and session.snapshot["risks"]
    # A decision.
    action_url = reverse("reflections:action_create", args=[session.pk])
    response = client.post(action_url, {"decision": "Overdrachtsformulier", "due_date": "x"})
    assert "Choose the team member who sees to this action." in response.content.decode()
    response = client.post(
        action_url,
        {
            "decision": "Overdrachtsformulier",
            "owner": world.user(Role.COORDINATOR).pk,
            "due_date": (TODAY + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert session.actions.get().owner == world.user(Role.COORDINATOR)
    # The review of the earlier action in this session.
    response = client.post(review_url, {"reflection": session.pk, "outcome": "dropped"})
    assert "why the action continues or is dropped" in response.content.decode()
    response = client.post(
        review_url, {"reflection": session.pk, "outcome": "dropped", "note": "Niet meer nodig"}
    )
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.status == ActionStatus.DROPPED and world.action.reviewed_in == session
    detail = client.get(reverse("reflections:detail", args=[session.pk])).content.decode()
    assert "Niet meer nodig" in detail
    # Changing the record afterwards marks it as updated.
    response = client.post(
        record_url,
        {
            "held_on": TODAY.isoformat(),
            "keep": "Inloop op dinsdag",
            "things_right": "Niet altijd.",
            "note": "Aangevuld",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.amended_at is not None


def test_the_owner_marks_done_and_others_change_nothing(world: Any, login_client: Any) -> None:
    url = reverse("reflections:action_done", args=[world.action.pk])
    assert login_client(world.user(Role.COORDINATOR)).post(url, {}).status_code == 403
    response = login_client(world.user(Role.PROFESSIONAL)).post(url, {"note": "Gedaan"})
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.status == ActionStatus.DONE


def test_actions_export_to_csv_and_excel(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    url = reverse("reflections:actions", args=[world.team.pk])
    page = client.get(url).content.decode()
    assert "Spreekuur schuldhulp" in page and "formaat=csv" in page
    response = client.get(url, {"formaat": "csv"})
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Spreekuur schuldhulp" in body and "Terugblik voorjaar" in body
    assert "Noord besluit" not in body
    response = client.get(url, {"formaat": "xlsx", "status": "all"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.get(url, {"formaat": "pdf"})
    assert response.status_code == 200
    assert "Choose CSV or Excel as the export format." in response.content.decode()
    response = client.get(url, {"status": "onzin"})
    assert response.status_code == 200
