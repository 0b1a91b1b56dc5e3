"""Conversation pages for every role: team professionals with consent work with them;
without consent, in another team or municipality the objects do not exist (404); roles
that do not work with cases are refused (403)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.conversations.constants import FindingPlace, LifeDomain, Outcome
from wijkkompas.conversations.models import Conversation
from wijkkompas.conversations.tests.conftest import NO_CASE_ROLES, TEAM_ROLES_OF_TEAM
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.instruments import selectors as instrument_selectors

pytestmark = pytest.mark.django_db


def create_url(world: Any, resident: Any = None) -> str:
    return reverse("conversations:create", kwargs={"resident": (resident or world.resident).pk})


def urls(world: Any) -> dict[str, str]:
    pk = world.conversation.pk
    return {
        "create": create_url(world),
        "detail": reverse("conversations:detail", kwargs={"pk": pk}),
        "edit": reverse("conversations:edit", kwargs={"pk": pk}),
        "mine": reverse("conversations:mine"),
    }


def test_urls_carry_ids_only(world):
    assert urls(world) == {
        "create": f"/gesprekken/nieuw/{world.resident.pk}/",
        "detail": f"/gesprekken/{world.conversation.pk}/",
        "edit": f"/gesprekken/{world.conversation.pk}/bewerken/",
        "mine": "/gesprekken/",
    }


@pytest.mark.parametrize("role", TEAM_ROLES_OF_TEAM)
@pytest.mark.parametrize("page", ["create", "detail", "edit", "mine"])
def test_team_roles_with_consent_open_every_page(world, login_client, role, page):
    response = login_client(world.user(role)).get(urls(world)[page])
    assert response.status_code == 200


@pytest.mark.parametrize("role", NO_CASE_ROLES)
@pytest.mark.parametrize("page", ["create", "detail", "edit", "mine"])
def test_roles_without_case_work_are_refused(world, login_client, role, page):
    assert login_client(world.user(role)).get(urls(world)[page]).status_code == 403


@pytest.mark.parametrize("page", ["create", "detail", "edit", "mine"])
def test_anonymous_goes_to_login(client, world, page):
    response = client.get(urls(world)[page])
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("who", ["sibling_professional", "foreign_professional"])
@pytest.mark.parametrize("page", ["create", "detail", "edit"])
def test_other_team_and_municipality_get_404(world, login_client, who, page):
    assert login_client(world.user(who)).get(urls(world)[page]).status_code == 404


def test_without_consent_everything_is_404(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    hidden = ConversationFactory.create(resident=world.unconsented)
    assert client.get(create_url(world, world.unconsented)).status_code == 404
    for name in ("conversations:detail", "conversations:edit"):
        assert client.get(reverse(name, kwargs={"pk": hidden.pk})).status_code == 404
    # and a conversation that does not exist looks the same
    assert client.get(reverse("conversations:detail", kwargs={"pk": 999999})).status_code == 404


def test_after_withdrawal_everything_is_404(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    assert client.get(urls(world)["detail"]).status_code == 200
    world.consent.withdrawn_at = timezone.now()
    world.consent.save()
    for page in ("create", "detail", "edit"):
        assert client.get(urls(world)[page]).status_code == 404, page
    html = client.get(urls(world)["mine"]).content.decode()
    assert world.resident.name not in html


# --- registration ----------------------------------------------------------------------------


def test_registration_form_is_built_for_the_keyboard(world, login_client):
    html = login_client(world.user(Role.PROFESSIONAL)).get(urls(world)["create"]).content.decode()
    form = html[html.index('<form method="post"') :]
    # the date field first, focused, set to today; the kitchen table preselected
    first_control = re.search(r"<(input|select|textarea)(?![^>]*type=\"hidden\")[^>]*>", form)
    assert first_control and 'name="held_on"' in first_control.group(0)
    assert "autofocus" in first_control.group(0)
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in first_control.group(0)
    assert re.search(r'<option value="home" selected>', form)
    # Enter in a one-line field does not send the form: the default button is disabled
    first_button = re.search(r"<button[^>]*>", form)
    assert first_button and "disabled" in first_button.group(0)
    assert "hidden" in first_button.group(0)
    # … and the form's script stops Enter in the other one-line fields (a date field sends
    # the form past a disabled default button in Chromium); Ctrl+Enter saves
    assert "data-wk-submit-shortcut" in form and "conversations/conversation-form.js" in html
    assert "{#" not in html and "{%" not in html
    # one real submit button, at the end
    assert len(re.findall(r'<button type="submit" class=', form)) == 1
    # life domains and outcome are fieldsets with a legend
    assert form.count("<fieldset") >= 2 and "Life domains touched" in form
    # scores and the Wmo block are closed sections that open with the keyboard
    assert re.search(r'<details class="wk-details" id="scores">', form)
    assert re.search(r'<details class="wk-details" id="wmo">', form)
    assert "Participation ladder" in form or "participatieladder" in form.lower()
    # no inline script or style (CSP)
    assert "<script>" not in html and "style=" not in html
    # the order of the page: the question before the outcome before the collective
    order = [
        "held_on",
        "place",
        "participants",
        "question",
        "question_behind",
        "life_domains",
        "own_strength",
        "network",
        "outcome",
        "collective_opportunity",
        "resident_idea",
        "score_",
        "is_wmo_report",
        "reported_on",
        "investigation_done_on",
        "applied_on",
        "decided_on",
    ]
    positions = [form.index(f'name="{name}') for name in order]
    assert positions == sorted(positions)


def _post_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "held_on": timezone.localdate().isoformat(),
        "place": FindingPlace.HOME,
        "question": "Mijn moeder vereenzaamt.",
        "outcome": Outcome.COLLECTIVE,
    }
    data.update(overrides)
    return data


def test_a_typical_conversation_needs_four_fields(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(urls(world)["create"], _post_data())
    conversation = Conversation.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:detail", kwargs={"pk": conversation.pk})
    assert conversation.question == "Mijn moeder vereenzaamt."
    assert conversation.author == world.user(Role.PROFESSIONAL)


def test_registration_with_scores_and_wmo(world, login_client):
    user = world.user(Role.PROFESSIONAL)
    versions = instrument_selectors.active_versions(user=user)
    fields = instrument_selectors.scoring_fields(versions=versions)
    zrm = next(f for f in fields if f.kind == "matrix")
    ladder = next(f for f in fields if f.kind == "ladder")
    held = timezone.localdate() - dt.timedelta(days=3)
    response = login_client(user).post(
        urls(world)["create"],
        _post_data(
            held_on=held.isoformat(),
            life_domains=[LifeDomain.HOUSING, LifeDomain.FINANCES],
            **{zrm.name: "2", ladder.name: "3"},
            is_wmo_report="on",
        ),
    )
    assert response.status_code == 302
    conversation = Conversation.objects.latest("pk")
    assert conversation.life_domains == [LifeDomain.FINANCES, LifeDomain.HOUSING]
    assert conversation.reported_on == held
    assert conversation.wmo_due_on == held + dt.timedelta(weeks=6)
    assessments = instrument_selectors.assessment_list(user=user, resident=world.resident)
    assert len(assessments) == 2
    assert {a.conversation_id for a in assessments} == {conversation.pk}
    detail = login_client(user).get(response["Location"]).content.decode()
    assert "Scores recorded with this conversation" in detail
    assert "Timeline of the Wmo report" in detail and "days left" in detail


def test_missing_fields_show_errors_and_save_nothing(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(urls(world)["create"], _post_data(question="", outcome=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There are 2 problems with your input" in html
    assert Conversation.objects.count() == 1
    assert "autofocus" not in html  # the error summary gets the attention


def test_wmo_error_opens_the_wmo_section(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(
        urls(world)["create"],
        _post_data(applied_on=(timezone.localdate() - dt.timedelta(days=1)).isoformat()),
    )
    html = response.content.decode()
    assert '<details class="wk-details" id="wmo" open>' in html
    assert "only kept for a conversation registered as a Wmo report" in html
    assert Conversation.objects.count() == 1


def test_without_consent_for_conversations_the_page_explains(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    url = create_url(world, world.partial)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "has not given your team consent for conversations" in html
    assert '<form method="post" novalidate' not in html
    assert client.post(url, _post_data()).status_code == 200
    assert Conversation.objects.count() == 1


def test_scores_are_not_offered_without_consent_for_scores(world, login_client):
    world.consent.covers_assessments = False
    world.consent.save()
    html = login_client(world.user(Role.PROFESSIONAL)).get(urls(world)["create"]).content.decode()
    assert 'id="scores"' not in html and 'id="wmo"' in html


# --- detail, edit and the list ----------------------------------------------------------------


def test_detail_shows_the_conversation(world, login_client):
    html = login_client(world.user(Role.TEAM_LEAD)).get(urls(world)["detail"]).content.decode()
    assert "Eenzaam sinds de verhuizing" in html
    assert world.resident.name in html
    assert "not registered as a Wmo report" in html
    assert reverse("conversations:edit", kwargs={"pk": world.conversation.pk}) in html


def test_detail_timeline_says_status_in_words(world, login_client):
    held = timezone.localdate() - dt.timedelta(days=45)
    conversation = ConversationFactory.create(resident=world.resident, wmo=True, held_on=held)
    html = (
        login_client(world.user(Role.PROFESSIONAL))
        .get(reverse("conversations:detail", kwargs={"pk": conversation.pk}))
        .content.decode()
    )
    assert "<strong>Overdue</strong>: 3 days past the term" in html
    assert "art. 2.3.2 Wmo 2015" in html and "art. 2.3.5 Wmo 2015" in html


def test_edit_saves_with_the_version(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    html = client.get(urls(world)["edit"]).content.decode()
    assert 'name="version" value="1"' in html
    data = _post_data(question="Aangepast", version="1")
    response = client.post(urls(world)["edit"], data)
    assert response.status_code == 302
    stored = Conversation.objects.get(pk=world.conversation.pk)
    assert stored.question == "Aangepast" and stored.version == 2


def test_edit_refused_when_someone_else_saved_in_between(world, login_client):
    me = login_client(world.user(Role.PROFESSIONAL))
    colleague = login_client(world.user(Role.COORDINATOR))
    me.get(urls(world)["edit"])
    colleague.get(urls(world)["edit"])
    assert (
        colleague.post(
            urls(world)["edit"], _post_data(question="Van collega", version="1")
        ).status_code
        == 302
    )
    response = me.post(urls(world)["edit"], _post_data(question="Van mij", version="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this conversation after you opened it" in html
    assert "Van mij" in html  # my input is still in the form
    assert Conversation.objects.get(pk=world.conversation.pk).question == "Van collega"


def test_my_conversations_lists_mine_only(world, login_client):
    other = ConversationFactory.create(
        resident=world.resident, author=world.user(Role.COORDINATOR), held_on=dt.date(2026, 1, 5)
    )
    html = login_client(world.user(Role.PROFESSIONAL)).get(urls(world)["mine"]).content.decode()
    assert reverse("conversations:detail", kwargs={"pk": world.conversation.pk}) in html
    assert reverse("conversations:detail", kwargs={"pk": other.pk}) not in html
    assert world.resident.name in html


def test_my_conversations_paginate(world, login_client):
    me = world.user(Role.PROFESSIONAL)
    for n in range(26):
        ConversationFactory(
            resident=world.resident, author=me, held_on=timezone.localdate() - dt.timedelta(n)
        )
    client = login_client(me)
    html = client.get(urls(world)["mine"]).content.decode()
    assert "27 conversations" in html and "Page 1 of 2" in html and "?pagina=2" in html
    html = client.get(urls(world)["mine"] + "?pagina=2").content.decode()
    assert "Page 2 of 2" in html


def test_resident_page_shows_the_conversations_section(world, login_client):
    html = (
        login_client(world.user(Role.PROFESSIONAL))
        .get(reverse("residents:detail", kwargs={"pk": world.resident.pk}))
        .content.decode()
    )
    assert "Record a conversation" in html
    assert create_url(world) in html
    assert reverse("conversations:detail", kwargs={"pk": world.conversation.pk}) in html
