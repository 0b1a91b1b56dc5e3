"""Plan and case discussion pages for every role: 200 for the team roles with consent,
404 without consent, for another team, another municipality and (case discussions) for a
colleague who was not invited; 403 for roles that do not work with cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.instruments.selectors import field_name
from wijkkompas.instruments.tests.factories import AssessmentFactory, shipped_zrm
from wijkkompas.plans.constants import PlanStatus
from wijkkompas.plans.models import CaseDiscussion, Decision, Goal, Plan, PlanAction, Review
from wijkkompas.plans.tests.conftest import (
    HOUSEHOLD_LABEL,
    NO_CASE_ROLES,
    RESIDENT_NAME,
    SUMMARY,
    household_with_consent,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def plan_urls(world: Any, plan: Any) -> list[str]:
    """Every page about one plan (its goal, action and review pages included)."""
    goal = plan.goals.first() or Goal.objects.create(plan=plan, text="x")
    action = plan.actions.first() or PlanAction.objects.create(
        plan=plan, description="x", owner_name="x"
    )
    review = plan.reviews.first() or Review.objects.create(plan=plan, planned_on=TODAY())
    return [
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:edit", args=[plan.pk]),
        reverse("plans:close", args=[plan.pk]),
        reverse("plans:goal_add", args=[plan.pk]),
        reverse("plans:goal_edit", args=[plan.pk, goal.pk]),
        reverse("plans:action_add", args=[plan.pk]),
        reverse("plans:action_edit", args=[plan.pk, action.pk]),
        reverse("plans:appointment_add", args=[plan.pk]),
        reverse("plans:comment_add", args=[plan.pk]),
        reverse("plans:review_add", args=[plan.pk]),
        reverse("plans:review_detail", args=[plan.pk, review.pk]),
        reverse("plans:review_hold", args=[plan.pk, review.pk]),
    ]


def discussion_urls(discussion: Any) -> list[str]:
    return [
        reverse(name, args=[discussion.pk])
        for name in (
            "plans:discussion_detail",
            "plans:discussion_invite",
            "plans:discussion_minutes",
            "plans:decision_add",
        )
    ]


def household_urls(household: Any) -> list[str]:
    return [
        reverse("plans:create", args=[household.pk]),
        reverse("plans:discussion_create", args=[household.pk]),
    ]


LISTS = ["plans:mine", "plans:worklist", "plans:discussions"]


# --- who may open what --------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROFESSIONAL, Role.TEAM_LEAD])
def test_team_roles_with_consent_open_every_plan_page(world, login_client, role):
    client = login_client(world.user(role))
    for url in [*plan_urls(world, world.plan), *household_urls(world.household)]:
        assert client.get(url).status_code == 200, url
    for name in LISTS:
        assert client.get(reverse(name)).status_code == 200, name


def test_plan_page_shows_the_plan(world, login_client):
    html = (
        login_client(world.user(Role.PROFESSIONAL))
        .get(reverse("plans:detail", args=[world.plan.pk]))
        .content.decode()
    )
    for text in (HOUSEHOLD_LABEL, SUMMARY, "Schulden op een rij", "Schuldhulp Utrecht"):
        assert text in html, text
    assert "Partners involved" in html


@pytest.mark.parametrize(
    ("who", "plan"),
    [
        (Role.PROFESSIONAL, "unconsented_plan"),
        (Role.PROFESSIONAL, "sibling_plan"),
        (Role.PROFESSIONAL, "foreign_plan"),
        (Role.TEAM_LEAD, "sibling_plan"),
        ("sibling_professional", "plan"),
        ("foreign_professional", "plan"),
    ],
)
def test_plans_out_of_scope_are_404(world, login_client, who, plan):
    client = login_client(world.user(who))
    for url in plan_urls(world, getattr(world, plan)):
        assert client.get(url).status_code == 404, url
        # Pages without a form answer 405 to a POST, whether the plan exists or not.
        assert client.post(url, {"version": 1, "text": "x"}).status_code in (404, 405), url


@pytest.mark.parametrize("who", ["sibling_professional", "foreign_professional"])
def test_households_out_of_scope_are_404(world, login_client, who):
    client = login_client(world.user(who))
    for url in household_urls(world.household):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", NO_CASE_ROLES)
def test_roles_without_case_work_get_403_everywhere(world, login_client, role):
    client = login_client(world.user(role))
    urls = [
        *plan_urls(world, world.plan),
        *discussion_urls(world.discussion),
        *household_urls(world.household),
        *[reverse(name) for name in LISTS],
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url


def test_anonymous_goes_to_login(client, world):
    for url in [reverse("plans:worklist"), reverse("plans:detail", args=[world.plan.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_404_is_logged_as_refusal(world, login_client):
    login_client(world.user(Role.PROFESSIONAL)).get(
        reverse("plans:detail", args=[world.sibling_plan.pk])
    )
    assert AccessLogEntry.objects.filter(event="refused", object_type="plans.Plan").exists()


# --- closed case discussions --------------------------------------------------------------


def test_participant_opens_the_discussion(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    for url in discussion_urls(world.discussion):
        assert client.get(url).status_code == 200, url
    html = client.get(discussion_urls(world.discussion)[0]).content.decode()
    assert world.discussion.question in html


@pytest.mark.parametrize(
    "who", [Role.PROFESSIONAL, Role.TEAM_LEAD, "colleague", "sibling_professional"]
)
def test_a_colleague_who_was_not_invited_gets_404(world, login_client, who):
    client = login_client(world.user(who))
    for url in discussion_urls(world.discussion):
        assert client.get(url).status_code == 404, url
    html = client.get(reverse("plans:discussions")).content.decode()
    assert world.discussion.question not in html


def test_invite_lists_colleagues_with_consent_and_explains_a_refusal(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    url = reverse("plans:discussion_invite", args=[world.discussion.pk])
    html = client.get(url).content.decode()
    assert escape(world.user("colleague").get_full_name()) in html
    assert world.user("sibling_professional").get_full_name() not in html
    refused = client.post(url, {"invitee": world.user("sibling_professional").pk})
    assert refused.status_code == 200
    assert "has not given consent for case discussions" in refused.content.decode()
    accepted = client.post(url, {"invitee": world.user("colleague").pk})
    assert accepted.status_code == 302
    assert (
        login_client(world.user("colleague")).get(discussion_urls(world.discussion)[0]).status_code
        == 200
    )


def test_create_discussion_and_record_a_decision(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(
        reverse("plans:discussion_create", args=[world.household.pk]),
        {"question": "Wie doet wat?", "scheduled_at": "2030-01-10T10:00", "place": "Kantoor"},
    )
    discussion = CaseDiscussion.objects.get(question="Wie doet wat?")
    assert response["Location"] == reverse("plans:discussion_invite", args=[discussion.pk])
    response = client.post(
        reverse("plans:decision_add", args=[discussion.pk]),
        {
            "text": "Bel de woningcorporatie",
            "owner_name": "Anna",
            "owner_organisation": world.organisation.pk,
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(discussion=discussion)
    assert PlanAction.objects.get(decision=decision).plan == world.plan


def test_decision_without_active_plan_shows_the_reason(world, login_client):
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.CLOSED)
    response = login_client(world.user(Role.COORDINATOR)).post(
        reverse("plans:decision_add", args=[world.discussion.pk]),
        {"text": "Besluit", "owner_name": "Anna"},
    )
    assert response.status_code == 200
    assert "Create the plan for this household first" in response.content.decode()
    assert not Decision.objects.exists()


# --- plan forms ---------------------------------------------------------------------------


def test_create_a_plan_through_the_page(world, login_client):
    household = household_with_consent(world.team, label="Familie Nieuw")
    client = login_client(world.user(Role.COORDINATOR))
    url = reverse("plans:create", args=[household.pk])
    page = client.get(url).content.decode()
    assert "Familie Nieuw" in page
    response = client.post(
        url,
        {
            "coordinator": world.user(Role.COORDINATOR).pk,
            "summary": "Wat het gezin wil",
            "started_on": TODAY().isoformat(),
            "first_review_on": (TODAY() + dt.timedelta(days=60)).isoformat(),
        },
    )
    plan = Plan.objects.get(household=household)
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.next_review_on == TODAY() + dt.timedelta(days=60)


def test_create_page_of_a_household_with_a_plan_says_so(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    url = reverse("plans:create", args=[world.household.pk])
    assert "already has an active plan" in client.get(url).content.decode()
    response = client.post(
        url, {"coordinator": world.user(Role.COORDINATOR).pk, "started_on": TODAY().isoformat()}
    )
    assert response.status_code == 200
    assert "already has an active plan" in response.content.decode()
    assert Plan.objects.filter(household=world.household).count() == 1


def test_stale_edit_is_refused_with_a_message_and_nothing_saved(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    shown = Plan.objects.get(pk=world.plan.pk).version
    Plan.objects.filter(pk=world.plan.pk).update(version=shown + 1)  # someone else saved
    response = client.post(
        reverse("plans:edit", args=[world.plan.pk]),
        {
            "version": shown,
            "coordinator": world.user(Role.COORDINATOR).pk,
            "summary": "Mijn versie",
        },
    )
    assert response.status_code == 200
    assert "Someone else saved a change to this plan" in response.content.decode()
    assert Plan.objects.get(pk=world.plan.pk).summary == SUMMARY


def test_add_goal_and_action_through_the_pages(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    version = Plan.objects.get(pk=world.plan.pk).version
    response = client.post(
        reverse("plans:goal_add", args=[world.plan.pk]),
        {"version": version, "text": "Weer aan het werk", "life_domain": "work"},
    )
    assert response.status_code == 302
    goal = Goal.objects.get(text="Weer aan het werk")
    response = client.post(
        reverse("plans:action_add", args=[world.plan.pk]),
        {
            "version": version + 1,
            "description": "Gesprek met de werkcoach",
            "goal": goal.pk,
            "owner_organisation": world.organisation.pk,
            "owner_user": world.user("colleague").pk,
            "due_on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 302
    action = PlanAction.objects.get(description="Gesprek met de werkcoach")
    assert action.owner_user == world.user("colleague") and action.goal == goal


def test_hold_review_with_zrm_scores_shows_before_and_after(world, login_client):
    zrm = shipped_zrm()
    AssessmentFactory(
        resident=world.resident,
        version=zrm,
        assessed_on=world.plan.started_on - dt.timedelta(days=2),
        scores={"financien": 2, "huisvesting": 3},
    )
    client = login_client(world.user(Role.COORDINATOR))
    url = reverse("plans:review_hold", args=[world.plan.pk, world.review.pk])
    page = client.get(url).content.decode()
    assert "Financiën" in page and RESIDENT_NAME in page
    response = client.post(
        url,
        {
            "version": Plan.objects.get(pk=world.plan.pk).version,
            "held_on": TODAY().isoformat(),
            "conclusion": "De financiën zijn op orde.",
            "resident": world.resident.pk,
            field_name(zrm.pk, "financien"): "4",
            field_name(zrm.pk, "huisvesting"): "3",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(response["Location"]).content.decode()
    assert "De financiën zijn op orde." in html
    assert "+2 (higher)" in html and "0 (the same)" in html
    assert "the last scores before the plan started" in html


def test_my_plans_shows_the_review_state_in_words(world, login_client):
    Plan.objects.filter(pk=world.plan.pk).update(next_review_on=TODAY() - dt.timedelta(days=3))
    html = login_client(world.user(Role.COORDINATOR)).get(reverse("plans:mine")).content.decode()
    assert HOUSEHOLD_LABEL in html and "Overdue" in html and "3 days overdue" in html
    # Only plans the user coordinates and may see: not the one without consent.
    assert "Familie Zonder" not in html


def test_closed_plan_forms_send_back_to_the_plan(world, login_client):
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.CLOSED)
    client = login_client(world.user(Role.COORDINATOR))
    response = client.get(reverse("plans:goal_add", args=[world.plan.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[world.plan.pk])
    assert client.get(response["Location"]).status_code == 200
