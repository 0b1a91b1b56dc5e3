"""The kept team page (``core.pagecache``, ``audit.kept``): served again only while every
query it read answers the same rows; a change of any source shows on the next request, a
user who loses the team from their scope gets 404, a kept body never reaches another user,
and every view logs the read of the member names as a computed one does."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.areas.models import Municipality
from wijkkompas.areas.tests.factories import DistrictFactory
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core import pagecache
from wijkkompas.core.tests.kept_pages import body as _body
from wijkkompas.core.tests.kept_pages import get_counted as _get
from wijkkompas.core.tests.kept_pages import served_kept as _served_kept
from wijkkompas.organisations.models import Organisation
from wijkkompas.teams import services
from wijkkompas.teams.constants import Ring
from wijkkompas.teams.models import Membership, Partner, Team
from wijkkompas.teams.tests.factories import MembershipFactory, PartnerFactory, TeamFactory
from wijkkompas.workgroups.constants import MixLevel
from wijkkompas.workgroups.models import WorkGroup
from wijkkompas.workgroups.tests.factories import TeamMemberFactory, WorkGroupFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keeping")]


def _open_twice(client: Any, url: str) -> Any:
    computed, was_kept = _served_kept(client, url)
    assert computed.status_code == 200 and not was_kept
    kept, was_kept = _served_kept(client, url)
    assert kept.status_code == 200 and was_kept
    assert _body(kept) == _body(computed)
    return kept


@pytest.fixture
def page(world: Any, login_client: Any) -> tuple[Any, str]:
    """The team lead's client and the URL of their team's page (with a working group),
    viewed once computed and once kept."""
    WorkGroupFactory(team=world.team, name="Eenzaamheid Wezep")
    client = login_client(world.user(Role.TEAM_LEAD))
    url = reverse("teams:detail", args=[world.team.pk])
    body = _open_twice(client, url).content.decode()
    # What the page reads, so the changes below are seen where they belong.
    for text in ("Anna de Vries", "Jeugdteam Wezep", "Wezep-Noord", "Eenzaamheid Wezep"):
        assert text in body, text
    return client, url


@pytest.mark.parametrize(
    "role", [Role.TEAM_LEAD, Role.PROFESSIONAL, Role.ADMIN, Role.POLICY_OFFICER]
)
def test_the_team_page_is_kept_for_every_role_that_opens_it(world, login_client, role):
    client = login_client(world.user(role))
    _open_twice(client, reverse("teams:detail", args=[world.team.pk]))


def test_the_researcher_page_of_a_sharing_municipality_is_kept(world, login_client):
    client = login_client(world.user(Role.RESEARCHER))
    _open_twice(client, reverse("teams:detail", args=[world.foreign.pk]))


def _changes(world: Any) -> list[tuple[str, Any, str, bool]]:
    """(what changes, how, a text, whether the page then shows it or no longer shows it)."""
    team, lead = world.team, world.user(Role.TEAM_LEAD)

    def member_added() -> None:
        services.membership_add(
            user=lead, team=team, person_name="Eva Visser", organisation=world.amw, hours_per_week=8
        )

    def member_edited() -> None:
        # A bulk update: no save(), no signal.
        Membership.objects.filter(pk=world.members[0].pk).update(person_name="Anna van Dijk")

    def member_removed() -> None:
        Membership.objects.filter(pk=world.members[1].pk).delete()

    def organisation_renamed() -> None:
        Organisation.objects.filter(pk=world.amw.pk).update(name="Welzijn Noord-Veluwe")

    def partner_added() -> None:
        PartnerFactory(team=team, name="Dementieketen")

    def partner_edited() -> None:
        Partner.objects.filter(pk=world.partner.pk).update(description="Samen aan tafel")

    def perspective_changed() -> None:
        services.team_set_perspective(
            user=lead, team=team, text="Iedereen doet mee in Wezep.", note="na de buurtavond"
        )

    def team_renamed() -> None:
        Team.objects.filter(pk=team.pk).update(name="Krachtstroom Oost")

    def district_added() -> None:
        team.districts.add(DistrictFactory(municipality=world.gm, name="Hattemerbroek"))

    def neighbourhood_removed() -> None:
        team.neighbourhoods.remove(world.neighbourhood)

    def group_formed() -> None:
        WorkGroupFactory(team=team, name="Mantelzorg Wezep")

    def group_member_joined() -> None:
        group = WorkGroup.objects.get(team=team, name="Eenzaamheid Wezep")
        TeamMemberFactory(group=group, membership=world.members[0])

    return [
        ("member added", member_added, "Eva Visser", True),
        ("member edited", member_edited, "Anna van Dijk", True),
        ("member removed", member_removed, "Bram Jansen", False),
        ("organisation renamed", organisation_renamed, "Welzijn Noord-Veluwe", True),
        ("partner added", partner_added, "Dementieketen", True),
        ("partner edited", partner_edited, "Samen aan tafel", True),
        ("perspective changed", perspective_changed, "na de buurtavond", True),
        ("team renamed", team_renamed, "Krachtstroom Oost", True),
        ("district added", district_added, "Hattemerbroek", True),
        ("neighbourhood removed", neighbourhood_removed, "Wezep-Noord", False),
        ("group formed", group_formed, "Mantelzorg Wezep", True),
        ("group member joined", group_member_joined, str(MixLevel.SINGLE.label), True),
    ]


@pytest.mark.parametrize("change", range(12), ids=lambda i: f"change-{i}")
def test_a_change_in_any_source_shows_on_the_next_request(world, page, change):
    client, url = page
    what, make, text, shown = _changes(world)[change]
    assert (text in client.get(url).content.decode()) is not shown, what
    make()
    response, kept = _served_kept(client, url)
    assert response.status_code == 200
    assert not kept, what
    assert (text in response.content.decode()) is shown, what
    # And the new page is kept in turn.
    again, kept = _served_kept(client, url)
    assert kept and _body(again) == _body(response), what


def test_a_member_added_through_the_form_shows_with_its_message(world, page):
    client, url = page
    response = client.post(
        reverse("teams:member_add", args=[world.team.pk]),
        {
            "person_name": "Eva Visser",
            "organisation": world.amw.pk,
            "ring": Ring.OUTER,
            "hours_per_week": "8",
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    shown, kept = _served_kept(client, url)
    assert not kept
    body = shown.content.decode()
    assert "Eva Visser" in body and "The member has been added." in body
    # The message is shown once; the next view is kept again, without it.
    again, kept = _served_kept(client, url)
    assert "Eva Visser" in again.content.decode()
    assert "The member has been added." not in again.content.decode()
    assert _served_kept(client, url)[1]


def test_a_user_who_loses_the_team_gets_404_and_the_refusal_is_logged(world, page):
    client, url = page
    world.user(Role.TEAM_LEAD).teams.set([world.sibling])
    response, kept = _served_kept(client, url)
    assert response.status_code == 404 and not kept
    assert AccessLogEntry.objects.filter(
        event=Event.REFUSED, user=world.user(Role.TEAM_LEAD), path=url
    ).exists()


def test_a_researcher_gets_404_when_the_municipality_stops_sharing(world, login_client):
    client = login_client(world.user(Role.RESEARCHER))
    url = reverse("teams:detail", args=[world.foreign.pk])
    _open_twice(client, url)
    Municipality.objects.filter(pk=world.other_gm.pk).update(shares_aggregates=False)
    response, kept = _served_kept(client, url)
    assert response.status_code == 404 and not kept


def test_a_kept_body_never_reaches_another_user(world, page, login_client):
    client, url = page
    assert client.get(url).status_code == 200
    # A team lead of another team of the same municipality: still a 404.
    other = login_client(world.user("other_team_lead"))
    assert other.get(url).status_code == 404
    # A policy officer sees the team, never the names the team lead's page shows.
    officer = login_client(world.user(Role.POLICY_OFFICER)).get(url)
    assert officer.status_code == 200
    assert "Anna de Vries" not in officer.content.decode()
    assert world.user(Role.TEAM_LEAD).get_full_name() not in officer.content.decode()


def test_every_view_logs_the_read_of_the_member_names(world, page):
    client, url = page

    def entries() -> list[Any]:
        return list(
            AccessLogEntry.objects.filter(
                user=world.user(Role.TEAM_LEAD), path=url, event=Event.READ
            )
            .order_by("pk")
            .values_list("operation", "purpose", "object_type", "object_id", "object_count")
        )

    before = entries()
    assert len(before) == 2 and before[0] == before[1]  # one computed view, one kept
    assert before[0][1:] == (
        Purpose.TEAM_COMPOSITION,
        "teams.Membership",
        ",".join(str(m.pk) for m in world.members[:2]),
        2,
    )
    _response, kept = _served_kept(client, url)
    assert kept
    assert entries() == [before[0]] * 3
    last = list(AccessLogEntry.objects.filter(path=url, event=Event.READ).order_by("-pk")[:2])
    assert last[0].trace_id != last[1].trace_id and last[0].at >= last[1].at


def test_pages_without_names_log_no_read_when_kept(world, login_client):
    client = login_client(world.user(Role.POLICY_OFFICER))
    _open_twice(client, reverse("teams:detail", args=[world.team.pk]))
    assert not AccessLogEntry.objects.filter(event=Event.READ).exists()


def _big_team(world: Any) -> Any:
    team: Any = TeamFactory(municipality=world.gm, neighbourhoods=[world.neighbourhood])
    team.districts.set([world.district])
    for i in range(30):
        MembershipFactory(team=team, organisation=world.amw, ring=Ring.CORE, person_name=f"P {i}")
    for i in range(5):
        PartnerFactory(team=team)
        WorkGroupFactory(team=team, name=f"Groep {i}")
    return team


def test_a_kept_view_runs_few_queries_whatever_the_size_of_the_team(world, login_client):
    big = _big_team(world)
    world.user(Role.TEAM_LEAD).teams.add(big)
    client = login_client(world.user(Role.TEAM_LEAD))
    counts = []
    for team in (world.team, big):
        url = reverse("teams:detail", args=[team.pk])
        _open_twice(client, url)
        served = pagecache.counts["served"]
        response, queries = _get(client, url)
        assert response.status_code == 200 and pagecache.counts["served"] == served + 1
        counts.append(queries)
    assert counts[0] == counts[1], counts
    if connection.vendor == "postgresql":
        # Session, user, second factor, then the fingerprint with the log in one statement:
        # as many as the trivial page with its SELECT 1.
        assert counts[0] == _get(client, reverse("web:health"))[1], counts
    else:
        # SQLite: every recorded query again, one by one, and the log entry.
        assert counts[0] <= 16, counts


def test_nothing_is_kept_when_switched_off(world, login_client):
    with override_settings(WIJKKOMPAS_CASE_PAGE_CACHE_SECONDS=0):
        client = login_client(world.user(Role.TEAM_LEAD))
        url = reverse("teams:detail", args=[world.team.pk])
        for _ in range(3):
            assert not _served_kept(client, url)[1]
    assert not pagecache._store
