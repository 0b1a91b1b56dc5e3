"""Social map suggestions while recording a conversation: the order of the Wmo, the fit,
the scope; the choice saved with the conversation (all or nothing), the referral to the
entry's initiative, the entries used on the conversation page, access and the log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.areas.tests.factories import DistrictFactory, NeighbourhoodFactory
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations.constants import FindingPlace, LifeDomain, Outcome
from wijkkompas.conversations.models import Conversation
from wijkkompas.conversations.tests.conftest import NO_CASE_ROLES, world  # noqa: F401
from wijkkompas.initiatives.models import Referral
from wijkkompas.initiatives.tests.factories import InitiativeFactory
from wijkkompas.socialmap import suggestions, uses
from wijkkompas.socialmap.constants import STALE_AFTER, WmoStep
from wijkkompas.socialmap.models import Entry, EntryUse

pytestmark = pytest.mark.django_db

LONELY = LifeDomain.SOCIAL_NETWORK
TODAY = dt.date(2026, 6, 1)


def make_entry(municipality: Any, name: str, **fields: Any) -> Entry:
    neighbourhoods = fields.pop("neighbourhoods", [])
    values: dict[str, Any] = {
        "kind": "general_provision",
        "step": WmoStep.COLLECTIVE,
        "description": f"{name}: wat het biedt.",
        "life_domains": [LONELY],
        "last_checked_on": TODAY - dt.timedelta(days=10),
        "how_to_reach": "Loop binnen op dinsdag",
        "opening_hours": "di 10-12",
    }
    values.update(fields)
    entry = Entry.objects.create(municipality=municipality, name=name, **values)
    entry.neighbourhoods.set(neighbourhoods)
    return entry


@pytest.fixture
def area(world: Any) -> Any:  # noqa: F811
    """The resident's household lives in ``here``; ``there`` is another neighbourhood."""
    district = DistrictFactory(municipality=world.gm)
    here = NeighbourhoodFactory(district=district, name="Wezep-Noord")
    there = NeighbourhoodFactory(district=district, name="Wezep-Zuid")
    household = world.resident.household
    household.neighbourhood = here
    household.save()
    return here, there


def _suggest(world: Any, user_role: str = Role.PROFESSIONAL, **kwargs: Any) -> list[Any]:  # noqa: F811
    kwargs.setdefault("municipality_id", world.gm.pk)
    kwargs.setdefault("life_domains", [LONELY])
    kwargs.setdefault("today", TODAY)
    return suggestions.suggestions(user=world.user(user_role), **kwargs)


# --- the selector -----------------------------------------------------------------------------


def test_suggestions_follow_the_wmo_order_then_the_fit(world, area):  # noqa: F811
    here, there = area
    gm = world.gm
    make_entry(gm, "Wmo begeleiding", step=WmoStep.INDIVIDUAL)
    make_entry(gm, "Dorpshuis", neighbourhoods=[here])
    make_entry(gm, "Buurtmaaltijd", life_domains=[LONELY, LifeDomain.DAYTIME])
    make_entry(gm, "Oud nieuws", last_checked_on=TODAY - STALE_AFTER - dt.timedelta(days=1))
    make_entry(gm, "Zelf bellen", step=WmoStep.OWN_STRENGTH)
    make_entry(gm, "Buren vragen", step=WmoStep.OWN_NETWORK)
    make_entry(gm, "Elders", neighbourhoods=[there])
    make_entry(gm, "Schulden", life_domains=[LifeDomain.FINANCES])
    make_entry(world.other_gm, "Amsterdamse soos")
    found = _suggest(
        world, neighbourhood_id=here.pk, life_domains=[LONELY, LifeDomain.DAYTIME], per_step=3
    )
    names = [s.entry.name for s in found]
    assert names == [
        "Zelf bellen",
        "Buren vragen",
        "Buurtmaaltijd",  # two domains
        "Dorpshuis",  # own neighbourhood
        "Oud nieuws",  # stale, after the fresh municipality-wide ones … but within 3
        "Wmo begeleiding",
    ]
    assert [s.rank for s in found] == [1, 2, 3, 4, 5, 6]
    stale = {s.entry.name: s.stale for s in found}
    assert stale["Oud nieuws"] and not stale["Dorpshuis"]
    assert found[3].local and not found[2].local
    assert found[2].matching_domains == [LifeDomain.DAYTIME, LONELY] or set(
        found[2].matching_domains
    ) == {LONELY, LifeDomain.DAYTIME}


def test_suggestions_are_bounded_per_step(world, area):  # noqa: F811
    for n in range(6):
        make_entry(world.gm, f"Koffie {n}")
    make_entry(world.gm, "Wmo", step=WmoStep.INDIVIDUAL)
    found = _suggest(world, neighbourhood_id=area[0].pk, per_step=2)
    assert [s.step for s in found] == [WmoStep.COLLECTIVE] * 2 + [WmoStep.INDIVIDUAL]


def test_nothing_without_domains_municipality_or_team_role(world, area):  # noqa: F811
    make_entry(world.gm, "Dorpshuis")
    assert _suggest(world, life_domains=[]) == []
    assert _suggest(world, life_domains=["nonsense"]) == []
    assert _suggest(world, municipality_id=None) == []
    for role in NO_CASE_ROLES:
        assert _suggest(world, user_role=role) == []


def test_words_of_the_question_match_names(world):  # noqa: F811
    make_entry(world.gm, "Taalcafé", life_domains=[LifeDomain.LANGUAGE])
    words = suggestions.question_words("Ik wil naar een taalcafé, nu")
    assert words == ["taalcafé"]
    found = _suggest(world, life_domains=[], words=words)
    assert [s.entry.name for s in found] == ["Taalcafé"]


def test_the_selector_runs_one_query_whatever_the_size(world, area):  # noqa: F811
    for n in range(30):
        make_entry(world.gm, f"Plek {n}", neighbourhoods=[area[n % 2]])
    _suggest(world, neighbourhood_id=area[1].pk)  # compiles the query (core.compiled)
    with CaptureQueriesContext(connection) as queries:
        found = _suggest(world, neighbourhood_id=area[0].pk)
    assert len(found) == 3
    assert len(queries) == 1


# --- the form ---------------------------------------------------------------------------------


def _post_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "held_on": timezone.localdate().isoformat(),
        "place": FindingPlace.HOME,
        "question": "Mijn moeder vereenzaamt.",
        "outcome": Outcome.COLLECTIVE,
        "life_domains": [LONELY],
    }
    data.update(overrides)
    return data


def _create_url(world: Any) -> str:  # noqa: F811
    return reverse("conversations:create", kwargs={"resident": world.resident.pk})


@pytest.fixture
def entries(world: Any, area: Any) -> dict[str, Entry]:  # noqa: F811
    initiative = InitiativeFactory(team=world.team, name="Buurtmaaltijd Wezep")
    return {
        "meal": make_entry(
            world.gm, "Buurtmaaltijd", initiative=initiative, last_checked_on=timezone.localdate()
        ),
        "centre": make_entry(
            world.gm, "Dorpshuis", neighbourhoods=[area[0]], last_checked_on=timezone.localdate()
        ),
        "wmo": make_entry(
            world.gm,
            "Wmo begeleiding",
            step=WmoStep.INDIVIDUAL,
            last_checked_on=timezone.localdate(),
        ),
    }


def test_the_form_shows_the_suggestions_in_the_wmo_order(world, entries, login_client):  # noqa: F811
    client = login_client(world.user(Role.PROFESSIONAL))
    html = client.get(_create_url(world)).content.decode()
    assert "Tick the life domains the conversation touched" in html
    assert 'id="social-map-suggestions"' in html
    # The fragment: htmx, or the form posted with the "show suggestions" button.
    fragment = client.get(
        reverse("socialmap:suggestions"),
        {"buurt": world.resident.household.neighbourhood_id, "life_domains": [LONELY]},
    ).content.decode()
    refreshed = client.post(_create_url(world), _post_data(refresh="1", question=""))
    assert refreshed.status_code == 200
    page = refreshed.content.decode()
    assert "Write down the resident" not in page  # not checked, not saved
    assert not Conversation.objects.filter(question="").exists()
    for text in (fragment, page):
        assert text.index("Dorpshuis") < text.index("Wmo begeleiding")
        assert text.index("Buurtmaaltijd") < text.index("Wmo begeleiding")
        assert "First what the resident can do" in text


def test_saving_records_the_choice_with_a_referral(world, entries, login_client):  # noqa: F811
    client = login_client(world.user(Role.PROFESSIONAL))
    meal = entries["meal"]
    response = client.post(_create_url(world), _post_data(social_map_entries=[meal.pk]))
    assert response.status_code == 302
    conversation = Conversation.objects.latest("pk")
    use = EntryUse.objects.get(conversation=conversation)
    assert (use.entry, use.step, use.suggested, use.used_by) == (
        meal,
        WmoStep.COLLECTIVE,
        True,
        world.user(Role.PROFESSIONAL),
    )
    assert use.rank == 2  # after the neighbourhood's own community centre
    assert Referral.objects.filter(conversation=conversation, initiative=meal.initiative).exists()
    logged = AccessLogEntry.objects.filter(object_type="socialmap.EntryUse", event="create")
    assert logged.filter(purpose="support").exists()
    detail = client.get(response["Location"]).content.decode()
    assert "Used from the social map" in detail and "Buurtmaaltijd" in detail
    assert AccessLogEntry.objects.filter(object_type="socialmap.EntryUse", event="read").exists()


def test_a_refused_choice_saves_nothing(world, entries, login_client):  # noqa: F811
    foreign = make_entry(world.other_gm, "Amsterdamse soos")
    client = login_client(world.user(Role.PROFESSIONAL))
    before = Conversation.objects.count()
    for bad in ([foreign.pk], ["abc"], [999999]):
        response = client.post(_create_url(world), _post_data(social_map_entries=bad))
        assert response.status_code == 200
        assert "Choose entries of the social map from the list." in response.content.decode()
    assert Conversation.objects.count() == before
    assert not EntryUse.objects.exists() and not Referral.objects.exists()


def test_edit_keeps_adds_and_removes_uses(world, entries, login_client):  # noqa: F811
    user = world.user(Role.PROFESSIONAL)
    conversation = world.conversation
    conversation.life_domains = [LONELY]
    conversation.save()
    uses.entry_uses_set(user=user, conversation=conversation, entry_ids=[entries["meal"].pk])
    client = login_client(user)
    url = reverse("conversations:edit", kwargs={"pk": conversation.pk})
    html = client.get(url).content.decode()
    meal = entries["meal"].pk
    assert f'value="{meal}" aria-describedby="suggestion-{meal}-about" checked' in html
    data = _post_data(
        version=conversation.version,
        question=conversation.question,
        social_map_entries=[entries["centre"].pk],
    )
    assert client.post(url, data).status_code == 302
    assert list(EntryUse.objects.values_list("entry__name", flat=True)) == ["Dorpshuis"]
    # The referral made with the meal stays: it is the initiative's record.
    assert Referral.objects.filter(conversation=conversation).count() == 1


def test_fragment_access(world, entries, client, login_client):  # noqa: F811
    url = reverse("socialmap:suggestions")
    assert client.get(url).status_code == 302  # to the login
    for role in NO_CASE_ROLES:
        assert login_client(world.user(role)).get(url).status_code == 403
    foreign = login_client(world.users["foreign_professional"])
    html = foreign.get(url, {"life_domains": [LONELY]}).content.decode()
    assert "Buurtmaaltijd" not in html  # another municipality's map
    bad = login_client(world.user(Role.PROFESSIONAL)).get(
        url, {"buurt": "x", "life_domains": ["nonsense", LONELY], "social_map_entries": ["y"]}
    )
    assert bad.status_code == 200
    assert "Buurtmaaltijd" in bad.content.decode()


def test_uses_without_consent_are_invisible(world, entries):  # noqa: F811
    user = world.user(Role.PROFESSIONAL)
    uses.entry_uses_set(
        user=user, conversation=world.conversation, entry_ids=[entries["centre"].pk]
    )
    assert len(uses.uses_of_conversation(user=user, conversation=world.conversation)) == 1
    world.consent.delete()
    assert uses.uses_of_conversation(user=user, conversation=world.conversation) == []
    sibling = world.users["sibling_professional"]
    assert uses.uses_of_conversation(user=sibling, conversation=world.conversation) == []


def test_removing_a_use_is_logged_and_refused_outside_scope(world, entries):  # noqa: F811
    from django.http import Http404

    user = world.user(Role.PROFESSIONAL)
    conversation = world.conversation
    uses.entry_uses_set(user=user, conversation=conversation, entry_ids=[entries["centre"].pk])
    uses.entry_uses_set(user=user, conversation=conversation, entry_ids=[])
    assert not EntryUse.objects.exists()
    removed = AccessLogEntry.objects.filter(object_type="socialmap.EntryUse", event="delete")
    assert removed.filter(purpose="support").exists()
    subjects = removed.latest("pk").subjects.values_list("resident_id", flat=True)
    assert list(subjects) == [world.resident.pk]
    for who in (world.users["sibling_professional"], world.users["foreign_professional"]):
        with pytest.raises(Http404):
            uses.entry_uses_set(
                user=who, conversation=conversation, entry_ids=[entries["centre"].pk]
            )
    assert not EntryUse.objects.exists()


def test_the_fragment_runs_the_same_queries_for_a_small_and_a_large_map(
    world,  # noqa: F811
    area,
    login_client,
):
    client = login_client(world.user(Role.PROFESSIONAL))
    url = reverse("socialmap:suggestions")
    query = {"buurt": area[0].pk, "life_domains": [LONELY, LifeDomain.DAYTIME]}
    make_entry(world.gm, "Eerste")
    client.get(url, query)
    with CaptureQueriesContext(connection) as small:
        client.get(url, query)
    for n in range(40):
        make_entry(world.gm, f"Plek {n}", neighbourhoods=[area[n % 2]])
    with CaptureQueriesContext(connection) as large:
        html = client.get(url, query).content.decode()
    assert len(large) == len(small)
    # Every entry is of the collective step: three of them, however many there are.
    assert html.count('data-testid="suggestion"') == 3
