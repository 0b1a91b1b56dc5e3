"""The self-assessment pages: who may open them and what they show."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.selfassessments.constants import AssessmentStatus
from wijkkompas.selfassessments.models import Question, SelfAssessment
from wijkkompas.selfassessments.tests.factories import submitted

pytestmark = pytest.mark.django_db


def _post_all(reality: str = "2", wish: str = "4", **extra: str) -> dict[str, str]:
    data = {}
    for code in Question.objects.values_list("code", flat=True):
        data[f"{code}-reality"] = reality
        data[f"{code}-wish"] = wish
        data[f"{code}-comment"] = ""
    data.update(extra)
    return data


def test_anonymous_goes_to_login(world: Any) -> None:
    assessment = submitted(measurement_round=world.nulmeting, municipality=world.gm, scores=(1, 2))
    for url in (
        reverse("selfassessments:index"),
        reverse("selfassessments:create"),
        reverse("selfassessments:detail", args=[assessment.pk]),
        reverse("selfassessments:edit", args=[assessment.pk]),
        reverse("selfassessments:comparison"),
        reverse("selfassessments:trend"),
        reverse("selfassessments:round_create"),
        reverse("selfassessments:round_change"),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize(
    "role", [Role.PROFESSIONAL, Role.COORDINATOR, Role.ADMIN, Role.RESIDENT, Role.INITIATOR]
)
def test_other_roles_have_no_self_assessment_pages(
    role: str, world: Any, login_client: Any
) -> None:
    client = login_client(world.user(role))
    assert client.get(reverse("selfassessments:index")).status_code == 403
    assert client.get(reverse("selfassessments:comparison")).status_code == 403


def test_policy_officer_fills_in_submits_and_sees_the_gap(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    assert "Nulmeting 2026" in client.get(reverse("selfassessments:index")).content.decode()
    assert client.get(reverse("selfassessments:create")).status_code == 200
    response = client.post(reverse("selfassessments:create"), {"round": world.nulmeting.pk})
    assessment = SelfAssessment.objects.get(municipality=world.gm, round=world.nulmeting)
    edit = reverse("selfassessments:edit", args=[assessment.pk])
    assert response["Location"] == edit
    page = client.get(edit).content.decode()
    assert "Wie bepaalt de inrichting?" in page and "5 – hoofdaannemers" in page
    # Submitting with a question open: a clear message, nothing saved.
    incomplete = _post_all(action="submit")
    incomplete["basiszorg-wish"] = ""
    response = client.post(edit, incomplete)
    assert response.status_code == 200
    assert "1 question is not complete" in response.content.decode()
    assert not assessment.answers.exists()
    # A draft may be incomplete.
    assert client.post(edit, incomplete | {"action": "save"}).status_code == 302
    assert assessment.answers.count() == 11
    response = client.post(edit, _post_all(action="submit", **{"inrichting-reality": "1"}))
    assert response["Location"] == reverse("selfassessments:detail", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    detail = client.get(response["Location"]).content.decode()
    assert "+3" in detail and "+2" in detail and "<svg" in detail
    # Submitted: read-only until reopened.
    response = client.post(edit, _post_all(reality="5"))
    assert response.status_code == 200
    assert not assessment.answers.filter(reality=5).exists()
    client.post(edit, {"action": "reopen"})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_bad_score_is_a_form_error(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    client.post(reverse("selfassessments:create"), {"round": world.nulmeting.pk})
    assessment = SelfAssessment.objects.get()
    response = client.post(
        reverse("selfassessments:edit", args=[assessment.pk]),
        _post_all(**{"positionering-reality": "7"}),
    )
    assert response.status_code == 200
    assert not assessment.answers.exists()


def test_team_lead_fills_in_the_own_team_only(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    page = client.get(reverse("selfassessments:create")).content.decode()
    assert "Team Wezep" in page and "Team Oldebroek" not in page
    response = client.post(
        reverse("selfassessments:create"), {"round": world.nulmeting.pk, "team": world.team.pk}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("selfassessments:create"),
        {"round": world.nulmeting.pk, "team": world.other_team.pk},
    )
    assert response.status_code == 200  # not a choice: a form error
    municipal = submitted(measurement_round=world.eenmeting, municipality=world.gm, scores=(1, 2))
    assert client.get(reverse("selfassessments:detail", args=[municipal.pk])).status_code == 404


def test_other_municipality_and_drafts_are_404(world: Any, login_client: Any) -> None:
    private = submitted(
        measurement_round=world.nulmeting, municipality=world.private, scores=(1, 2)
    )
    draft = SelfAssessment.objects.create(round=world.eenmeting, municipality=world.sharing)
    officer = login_client(world.user(Role.POLICY_OFFICER))
    for pk in (private.pk, draft.pk):
        assert officer.get(reverse("selfassessments:detail", args=[pk])).status_code == 404
        assert officer.get(reverse("selfassessments:edit", args=[pk])).status_code == 404
    researcher = login_client(world.user(Role.RESEARCHER))
    assert researcher.get(reverse("selfassessments:detail", args=[private.pk])).status_code == 404
    assert researcher.get(reverse("selfassessments:detail", args=[draft.pk])).status_code == 404
    assert researcher.get(reverse("selfassessments:edit", args=[draft.pk])).status_code == 403


def test_comparison_names_only_sharing_municipalities(world: Any, login_client: Any) -> None:
    submitted(measurement_round=world.nulmeting, municipality=world.gm, scores=(2, 4))
    submitted(measurement_round=world.nulmeting, municipality=world.sharing, scores=(3, 5))
    submitted(measurement_round=world.nulmeting, municipality=world.private, scores=(1, 1))
    url = reverse("selfassessments:comparison") + f"?ronde={world.nulmeting.pk}"
    officer = login_client(world.user(Role.POLICY_OFFICER)).get(url).content.decode()
    assert "2 municipalities counted" in officer and "<svg" in officer and "<table" in officer
    assert "Haarlem" not in officer and "Zaanstad" not in officer
    researcher = login_client(world.user(Role.RESEARCHER)).get(url).content.decode()
    assert "Haarlem" in researcher and "Oldebroek" not in researcher
    assert "Zaanstad" not in researcher
    trend = login_client(world.user(Role.RESEARCHER)).get(reverse("selfassessments:trend"))
    assert trend.status_code == 200 and "Nulmeting 2026" in trend.content.decode()


def test_only_the_operator_adds_a_round(world: Any, login_client: Any) -> None:
    url = reverse("selfassessments:round_create")
    for role in (Role.POLICY_OFFICER, Role.RESEARCHER, Role.ADMIN):
        assert login_client(world.user(role)).post(url, {"name": "X"}).status_code == 403
    operator = login_client(world.user("operator"))
    assert operator.get(url).status_code == 200
    response = operator.post(url, {"name": "Tweemeting 2028", "held_on": "2028-03-01"})
    assert response.status_code == 302
    response = operator.post(url, {"name": "tweemeting 2028", "held_on": "2028-03-01"})
    assert response.status_code == 200  # the name is taken


def test_only_the_operator_opens_and_closes_rounds(world: Any, login_client: Any) -> None:
    url = reverse("selfassessments:round_change")
    data = {"round": world.nulmeting.pk, "open": "0"}
    for role in (Role.POLICY_OFFICER, Role.RESEARCHER, Role.ADMIN):
        client = login_client(world.user(role))
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    world.nulmeting.refresh_from_db()
    assert world.nulmeting.open
    operator = login_client(world.user("operator"))
    assert "Nulmeting 2026" in operator.get(url).content.decode()
    assert operator.post(url, data).status_code == 302
    world.nulmeting.refresh_from_db()
    assert not world.nulmeting.open
    assert operator.post(url, {"round": "987654", "open": "1"}).status_code == 404
