"""The social map pages: who may open them, what they show, and the forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.socialmap.models import Entry

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_anonymous_goes_to_login_except_on_the_public_map(world: Any) -> None:
    client = Client()
    for url in (
        reverse("socialmap:list"),
        reverse("socialmap:create"),
        reverse("socialmap:detail", args=[world.meal.pk]),
        reverse("socialmap:edit", args=[world.meal.pk]),
        reverse("socialmap:check", args=[world.meal.pk]),
        reverse("socialmap:delete", args=[world.meal.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_researcher_has_no_social_map_pages(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.RESEARCHER))
    assert client.get(reverse("socialmap:list")).status_code == 403
    assert client.get(reverse("socialmap:detail", args=[world.meal.pk])).status_code == 403


@pytest.mark.parametrize(
    "role",
    [Role.PROFESSIONAL, Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.INITIATOR, Role.ADMIN],
)
def test_list_and_detail(role: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(role))
    text = _text(client.get(reverse("socialmap:list")))
    assert "Buurtmaaltijd in het dorpshuis" in text and "Intern overleg mantelzorg" in text
    assert "Buurtkamer Burgwallen" not in text  # the list is of the own municipality
    detail = _text(client.get(reverse("socialmap:detail", args=[world.meal.pk])))
    assert "Last checked on" in detail
    foreign = client.get(reverse("socialmap:detail", args=[world.hidden.pk]))
    assert foreign.status_code == 200
    other = login_client(world.user("foreign_admin"))
    assert other.get(reverse("socialmap:detail", args=[world.hidden.pk])).status_code == 404


def test_stale_flag_on_list_and_detail(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    text = _text(client.get(reverse("socialmap:list")))
    row = text.split(f'data-entry="{world.stale.pk}"')[1].split("</tr>")[0]
    assert "Not checked for six months" in row
    fresh = text.split(f'data-entry="{world.meal.pk}"')[1].split("</tr>")[0]
    assert "Not checked for six months" not in fresh
    detail = _text(client.get(reverse("socialmap:detail", args=[world.stale.pk])))
    assert "wk-stale" in detail


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"zoek": "dorpshuis"}, "Buurtmaaltijd in het dorpshuis", "Wmo-loket"),
        ({"zoek": "maatwerk"}, "Wmo-loket", "Buurtmaaltijd in het dorpshuis"),
        ({"soort": "initiative"}, "Buurtmaaltijd in het dorpshuis", "Wmo-loket"),
        ({"stap": "individual"}, "Wmo-loket", "Buurtmaaltijd in het dorpshuis"),
        ({"leefgebied": "finances"}, "Schuldhulp spreekuur", "Buurtmaaltijd in het dorpshuis"),
        ({"buurt": "BU02699002"}, "Schuldhulp spreekuur", "Buurtmaaltijd in het dorpshuis"),
        ({"buurt": "BU02699001"}, "Wmo-loket", "Schuldhulp spreekuur"),
        ({"verouderd": "on"}, "Schuldhulp spreekuur", "Wmo-loket"),
    ],
)
def test_filters(
    query: dict[str, str], shown: str, hidden: str, world: Any, login_client: Any
) -> None:
    client = login_client(world.user(Role.ADMIN))
    text = _text(client.get(reverse("socialmap:list"), query))
    assert shown in text and hidden not in text


def test_bad_filter_input_filters_nothing(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.ADMIN))
    text = _text(
        client.get(reverse("socialmap:list"), {"buurt": "BU99", "stap": "x", "pagina": "zz"})
    )
    assert "Buurtmaaltijd in het dorpshuis" in text


def test_paging(world: Any, login_client: Any) -> None:
    from wijkkompas.socialmap.tests.factories import EntryFactory

    for i in range(55):
        EntryFactory(municipality=world.gm, name=f"Aanbod {i:02d}")
    client = login_client(world.user(Role.ADMIN))
    first = _text(client.get(reverse("socialmap:list")))
    assert 'rel="next"' in first
    second = _text(client.get(reverse("socialmap:list"), {"pagina": 2}))
    assert "Wmo-loket" in second


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Taalcafé",
        "kind": "volunteer_organisation",
        "step": "collective",
        "description": "Samen Nederlands oefenen.",
        "target_group": "Nieuwkomers",
        "life_domains": ["language", "social_network"],
        "cost": "free",
        "public": "on",
        "how_to_reach": "Loop binnen.",
        "opening_hours": "Woensdag 14.00 uur",
    }
    data.update(overrides)
    return data


def test_create_edit_and_check(world: Any, login_client: Any) -> None:
    user = world.user(Role.COORDINATOR)
    client = login_client(user)
    response = client.post(
        reverse("socialmap:create"), _form(neighbourhoods=[world.neighbourhood.pk])
    )
    assert response.status_code == 302
    entry = Entry.objects.get(name="Taalcafé")
    assert entry.municipality == world.gm and entry.checked_by == user
    assert entry.life_domains == ["social_network", "language"]  # in the order of the list
    assert list(entry.neighbourhoods.all()) == [world.neighbourhood]
    response = client.post(reverse("socialmap:edit", args=[entry.pk]), _form(name="Taalcafé Wezep"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.name == "Taalcafé Wezep" and not entry.neighbourhoods.exists()
    # "Still correct" on a stale entry.
    stale = world.stale
    response = client.post(reverse("socialmap:check", args=[stale.pk]))
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.last_checked_on == timezone.localdate() and stale.checked_by == user


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "Wmo-loket"}, "name", "There is already an entry with this name"),
        ({"life_domains": ["flying"]}, "life_domains", "Select a valid choice"),
        ({"kind": "castle"}, "kind", "Select a valid choice"),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"website": "nope"}, "website", "Enter a valid URL."),
    ],
)
def test_bad_input_changes_nothing(
    overrides: dict[str, Any], field: str, message: str, world: Any, login_client: Any
) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    before = Entry.objects.count()
    response = client.post(reverse("socialmap:create"), _form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Entry.objects.count() == before


def test_links_of_another_municipality_are_refused(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.ADMIN))
    for overrides in (
        {"neighbourhoods": [world.foreign_neighbourhood.pk]},
        {"initiative": world.foreign_initiative.pk},
    ):
        response = client.post(reverse("socialmap:create"), _form(**overrides))
        assert response.status_code == 200
    assert not Entry.objects.filter(name="Taalcafé").exists()


def test_policy_officer_reads_but_does_not_change(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    assert client.get(reverse("socialmap:create")).status_code == 403
    assert client.get(reverse("socialmap:edit", args=[world.meal.pk])).status_code == 403
    before = world.stale.last_checked_on
    assert client.post(reverse("socialmap:check", args=[world.stale.pk])).status_code == 403
    world.stale.refresh_from_db()
    assert world.stale.last_checked_on == before
    text = _text(client.get(reverse("socialmap:detail", args=[world.meal.pk])))
    assert reverse("socialmap:edit", args=[world.meal.pk]) not in text


def test_initiator_keeps_only_the_entries_of_their_initiatives(
    world: Any, login_client: Any
) -> None:
    user = world.user(Role.INITIATOR)
    client = login_client(user)
    # Their own initiative's entry: change and check.
    assert client.get(reverse("socialmap:edit", args=[world.meal.pk])).status_code == 200
    assert client.post(reverse("socialmap:check", args=[world.meal.pk])).status_code == 302
    # Any other entry: seen, not changed.
    assert client.get(reverse("socialmap:edit", args=[world.loket.pk])).status_code == 403
    assert client.post(reverse("socialmap:check", args=[world.loket.pk])).status_code == 403
    # New entries only for an initiative they run.
    form = client.get(reverse("socialmap:create")).content.decode()
    assert "Buurtmaaltijd Wezep" in form and "Klussendienst" not in form
    response = client.post(reverse("socialmap:create"), _form())
    assert response.status_code == 200 and not Entry.objects.filter(name="Taalcafé").exists()
    response = client.post(reverse("socialmap:create"), _form(initiative=world.other_initiative.pk))
    assert response.status_code == 200 and not Entry.objects.filter(name="Taalcafé").exists()
    response = client.post(reverse("socialmap:create"), _form(initiative=world.initiative.pk))
    assert response.status_code == 302
    # Moving their entry to an initiative they do not run is refused.
    response = client.post(
        reverse("socialmap:edit", args=[world.meal.pk]),
        _form(name=world.meal.name, initiative=world.other_initiative.pk),
    )
    assert response.status_code == 200
    world.meal.refresh_from_db()
    assert world.meal.initiative == world.initiative


def test_delete_and_the_used_entry(world: Any, login_client: Any) -> None:
    from wijkkompas.conversations.tests.factories import ConversationFactory
    from wijkkompas.socialmap.models import EntryUse

    client = login_client(world.user(Role.TEAM_LEAD))
    response = client.post(reverse("socialmap:delete", args=[world.hidden.pk]))
    assert response.status_code == 302
    assert not Entry.objects.filter(pk=world.hidden.pk).exists()
    conversation: Any = ConversationFactory(
        team=world.user(Role.TEAM_LEAD).teams.first(), municipality=world.gm
    )
    EntryUse.objects.create(conversation=conversation, entry=world.meal, step=world.meal.step)
    page = _text(client.get(reverse("socialmap:delete", args=[world.meal.pk])))
    assert "cannot be deleted" in page
    response = client.post(reverse("socialmap:delete", args=[world.meal.pk]))
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert Entry.objects.filter(pk=world.meal.pk).exists()
    # Taken off the public map instead.
    response = client.post(reverse("socialmap:visibility", args=[world.meal.pk]))
    assert response.status_code == 302
    world.meal.refresh_from_db()
    assert world.meal.public is False


# -- the public map --------------------------------------------------------------------------


def test_public_map_finds_by_need_and_neighbourhood(world: Any) -> None:
    client = Client()
    url = reverse("socialmap:public", args=["GM0269"])
    text = _text(client.get(url))
    assert "Buurtmaaltijd in het dorpshuis" in text and "Schuldhulp spreekuur" in text
    assert "Intern overleg mantelzorg" not in text and "Buurtkamer Burgwallen" not in text
    assert "I feel lonely, I want to meet people" in text  # needs in residents' words
    text = _text(client.get(url, {"nodig": "social_network", "buurt": "BU02699001"}))
    assert "Buurtmaaltijd in het dorpshuis" in text and "Wmo-loket" in text
    assert "Schuldhulp spreekuur" not in text
    # The Wmo order: what residents do together comes before an individual provision.
    assert text.index("Buurtmaaltijd in het dorpshuis") < text.index("Wmo-loket")
    text = _text(client.get(url, {"zoek": "schuld"}))
    assert "Schuldhulp spreekuur" in text and "Buurtmaaltijd in het dorpshuis" not in text
    # No names of who checked it, no internal links.
    assert "sm-" not in text and f"/sociale-kaart/{world.meal.pk}/" not in text


def test_public_map_bad_input_and_unknown_municipality(world: Any) -> None:
    client = Client()
    url = reverse("socialmap:public", args=["GM0269"])
    response = client.get(url, {"nodig": "flying", "buurt": "BU03639001", "pagina": "-1"})
    assert response.status_code == 200
    assert client.get(reverse("socialmap:public", args=["GM9999"])).status_code == 404


def test_print_version_of_a_search_and_of_a_selection(world: Any) -> None:
    client = Client()
    url = reverse("socialmap:public_print", args=["GM0269"])
    text = _text(client.get(url, {"nodig": "social_network", "buurt": "BU02699001"}))
    assert "Buurtmaaltijd in het dorpshuis" in text and "Schuldhulp spreekuur" not in text
    assert "socialmap/socialmap.css" in text and "data-wk-print" in text
    text = _text(client.get(url, {"kaart": [world.stale.pk, world.hidden.pk, "x"]}))
    assert "Schuldhulp spreekuur" in text
    assert "Intern overleg mantelzorg" not in text and "Buurtmaaltijd" not in text


def test_public_entry(world: Any) -> None:
    client = Client()
    text = _text(client.get(reverse("socialmap:public_entry", args=[world.meal.pk])))
    assert "Buurtmaaltijd in het dorpshuis" in text and "Wezep-Noord" in text
    assert "Free" in text and "Dinsdag" in text
    assert client.get(reverse("socialmap:public_entry", args=[world.hidden.pk])).status_code == 404
    assert client.get(reverse("socialmap:public_entry", args=[987654])).status_code == 404


def test_stale_flag_uses_stale_after(world: Any) -> None:
    from wijkkompas.socialmap import selectors
    from wijkkompas.socialmap.constants import STALE_AFTER

    today = timezone.localdate()
    world.meal.last_checked_on = today - STALE_AFTER
    assert not selectors.is_stale(world.meal, today)
    world.meal.last_checked_on = today - STALE_AFTER - dt.timedelta(days=1)
    assert selectors.is_stale(world.meal, today)
