"""Team pages for every role: what each may see and change; other team and other
municipality answer 404; roles without any access to teams answer 403."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.teams.constants import PartnerKind, Ring
from wijkkompas.teams.models import Membership, Partner, PerspectiveVersion

pytestmark = pytest.mark.django_db

MEMBER_NAME = "Anna de Vries"
TEAM_ROLES_OF_TEAM = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]
NO_TEAM_ACCESS = [Role.INITIATOR, Role.RESIDENT, Role.PRIVACY_OFFICER]


# --- overview ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.PROFESSIONAL, ["Krachtstroom Wezep"]),
        (Role.COORDINATOR, ["Krachtstroom Wezep"]),
        (Role.TEAM_LEAD, ["Krachtstroom Wezep"]),
        (Role.POLICY_OFFICER, ["Krachtstroom Wezep", "Team Oldebroek-dorp"]),
        (Role.ADMIN, ["Krachtstroom Wezep", "Team Oldebroek-dorp"]),
        (Role.RESEARCHER, ["Sociaal team Alkmaar"]),
    ],
)
def test_overview_shows_teams_in_scope(world, login_client, role, sees):
    response = login_client(world.user(role)).get(reverse("teams:list"))
    assert response.status_code == 200
    html = response.content.decode()
    every = ["Krachtstroom Wezep", "Team Oldebroek-dorp", "Sociaal team Alkmaar"]
    for name in every:
        assert (name in html) == (name in sees), name
    assert MEMBER_NAME not in html  # the overview never shows names


def test_overview_shows_composition(world, login_client):
    html = login_client(world.user(Role.POLICY_OFFICER)).get(reverse("teams:list")).content.decode()
    assert "Wezep" in html  # areas served
    assert "Thuiszorg / wijkverpleging" in html  # discipline
    assert "Care (zorg)" in html


@pytest.mark.parametrize("role", NO_TEAM_ACCESS)
def test_overview_refused_for_roles_without_team_access(world, login_client, role):
    assert login_client(world.user(role)).get(reverse("teams:list")).status_code == 403


def test_overview_anonymous_goes_to_login(client, world):
    response = client.get(reverse("teams:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- detail -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*TEAM_ROLES_OF_TEAM, Role.ADMIN])
def test_detail_shows_members_to_team_roles_and_admin(world, login_client, role):
    response = login_client(world.user(role)).get(reverse("teams:detail", args=[world.team.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert MEMBER_NAME in html
    assert "Jeugdteam Wezep" in html
    assert world.team.perspective in html
    assert "Carla Smit" not in html  # member of another team


def test_detail_for_policy_officer_has_composition_but_no_names(world, login_client):
    response = login_client(world.user(Role.POLICY_OFFICER)).get(
        reverse("teams:detail", args=[world.team.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert MEMBER_NAME not in html and "Bram Jansen" not in html
    assert "Members by discipline" in html
    assert "Thuiszorg / wijkverpleging" in html
    assert not AccessLogEntry.objects.filter(event="read", object_type="teams.Membership").exists()


def test_detail_for_researcher_of_sharing_municipality_has_no_names(world, login_client):
    researcher = world.user(Role.RESEARCHER)
    response = login_client(researcher).get(reverse("teams:detail", args=[world.foreign.pk]))
    assert response.status_code == 200
    assert "Dirk Bakker" not in response.content.decode()
    # Not shared: another municipality's team is not there.
    assert (
        login_client(researcher).get(reverse("teams:detail", args=[world.team.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("role", [*TEAM_ROLES_OF_TEAM])
def test_detail_of_other_team_is_404_for_team_roles(world, login_client, role):
    client = login_client(world.user(role))
    assert client.get(reverse("teams:detail", args=[world.sibling.pk])).status_code == 404
    assert client.get(reverse("teams:network", args=[world.sibling.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.ADMIN, Role.TEAM_LEAD])
def test_detail_of_other_municipality_is_404(world, login_client, role):
    client = login_client(world.user(role))
    assert client.get(reverse("teams:detail", args=[world.foreign.pk])).status_code == 404
    assert client.get(reverse("teams:network", args=[world.foreign.pk])).status_code == 404


def test_404_is_logged_as_refusal(world, login_client):
    login_client(world.user(Role.PROFESSIONAL)).get(
        reverse("teams:detail", args=[world.sibling.pk])
    )
    assert AccessLogEntry.objects.filter(event="refused", object_type="teams.Team").exists()


@pytest.mark.parametrize("role", NO_TEAM_ACCESS)
def test_detail_refused_for_roles_without_team_access(world, login_client, role):
    client = login_client(world.user(role))
    assert client.get(reverse("teams:detail", args=[world.team.pk])).status_code == 403
    assert client.get(reverse("teams:network", args=[world.team.pk])).status_code == 403


def test_detail_anonymous_goes_to_login(client, world):
    assert client.get(reverse("teams:detail", args=[world.team.pk])).status_code == 302


def test_unknown_team_is_404(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    assert client.get(reverse("teams:detail", args=[999999])).status_code == 404


def test_perspective_history_is_shown(world, login_client):
    PerspectiveVersion.objects.create(
        team=world.team, text="Eerdere stip", written_with_residents=True, note="bewonersavond"
    )
    html = (
        login_client(world.user(Role.TEAM_LEAD))
        .get(reverse("teams:detail", args=[world.team.pk]))
        .content.decode()
    )
    assert "Eerdere stip" in html and "bewonersavond" in html


def test_edit_links_only_for_those_who_may_change(world, login_client):
    edit_url = reverse("teams:edit", args=[world.team.pk])
    lead = login_client(world.user(Role.TEAM_LEAD)).get(
        reverse("teams:detail", args=[world.team.pk])
    )
    assert edit_url in lead.content.decode()
    pro = login_client(world.user(Role.PROFESSIONAL)).get(
        reverse("teams:detail", args=[world.team.pk])
    )
    assert edit_url not in pro.content.decode()


# --- network ---------------------------------------------------------------------------


def test_network_with_member_access_shows_names_in_svg_and_table(world, login_client):
    response = login_client(world.user(Role.PROFESSIONAL)).get(
        reverse("teams:network", args=[world.team.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert html.count(MEMBER_NAME) >= 2  # in the picture (title) and the table
    assert "Jeugdteam Wezep" in html
    assert "style=" not in html and "<script>" not in html


def test_network_without_member_access_shows_organisations_and_counts(world, login_client):
    html = (
        login_client(world.user(Role.POLICY_OFFICER))
        .get(reverse("teams:network", args=[world.team.pk]))
        .content.decode()
    )
    assert MEMBER_NAME not in html
    assert "Welzijn Oldebroek" in html and "Thuiszorg Noord-Veluwe" in html
    assert "Jeugdteam Wezep" in html


# --- edit pages ------------------------------------------------------------------------

EDIT_PAGES = ["teams:edit", "teams:perspective", "teams:member_add", "teams:partner_add"]


@pytest.mark.parametrize("url_name", EDIT_PAGES)
@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.ADMIN])
def test_edit_pages_open_for_lead_and_admin(world, login_client, url_name, role):
    response = login_client(world.user(role)).get(reverse(url_name, args=[world.team.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("url_name", EDIT_PAGES)
@pytest.mark.parametrize(
    "role",
    [Role.PROFESSIONAL, Role.COORDINATOR, Role.POLICY_OFFICER, Role.RESEARCHER, *NO_TEAM_ACCESS],
)
def test_edit_pages_refused_for_other_roles(world, login_client, url_name, role):
    response = login_client(world.user(role)).get(reverse(url_name, args=[world.team.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("url_name", EDIT_PAGES)
def test_edit_pages_of_other_team_and_municipality_are_404(world, login_client, url_name):
    lead = login_client(world.user("other_team_lead"))
    assert lead.get(reverse(url_name, args=[world.team.pk])).status_code == 404
    admin = login_client(world.user("other_admin"))
    assert admin.get(reverse(url_name, args=[world.team.pk])).status_code == 404


def test_edit_pages_anonymous_go_to_login(client, world):
    for url_name in EDIT_PAGES:
        assert client.get(reverse(url_name, args=[world.team.pk])).status_code == 302


def test_member_pages_of_member_of_other_team_are_404(world, login_client):
    client = login_client(world.user(Role.TEAM_LEAD))
    other_member = world.members[2]  # in the sibling team
    for name in ("teams:member_edit", "teams:member_remove"):
        assert client.get(reverse(name, args=[world.team.pk, other_member.pk])).status_code == 404
        assert (
            client.get(reverse(name, args=[world.sibling.pk, other_member.pk])).status_code == 404
        )


def test_team_edit_saves_areas(world, login_client):
    client = login_client(world.user(Role.TEAM_LEAD))
    url = reverse("teams:edit", args=[world.team.pk])
    response = client.post(
        url,
        {
            "name": "Krachtstroom Wezep",
            "team_type": "flexible_network",
            "description": "Een netwerk.",
            "districts": [world.district.pk],
            "target_group": "all",
            "positioning": "0-1",
        },
    )
    assert response.status_code == 302
    world.team.refresh_from_db()
    assert world.team.team_type == "flexible_network"
    assert list(world.team.neighbourhoods.all()) == []
    assert list(world.team.districts.all()) == [world.district]


def test_team_edit_without_area_shows_error_summary(world, login_client):
    client = login_client(world.user(Role.TEAM_LEAD))
    response = client.post(
        reverse("teams:edit", args=[world.team.pk]),
        {
            "name": "Krachtstroom Wezep",
            "team_type": "fixed_compact",
            "target_group": "all",
            "positioning": "0-1",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "wk-error-summary" in html
    assert "at least one district or neighbourhood" in html
    assert 'aria-describedby="id_districts-error"' in html or "id_districts-error" in html
    world.team.refresh_from_db()
    assert world.team.districts.exists()  # nothing changed


def test_team_edit_refuses_district_of_other_municipality(world, login_client):
    foreign_district = world.foreign.neighbourhoods.first().district
    response = login_client(world.user(Role.ADMIN)).post(
        reverse("teams:edit", args=[world.team.pk]),
        {
            "name": "Krachtstroom Wezep",
            "team_type": "fixed_compact",
            "districts": [foreign_district.pk],
            "target_group": "all",
            "positioning": "0-1",
        },
    )
    assert response.status_code == 200
    assert "wk-error-summary" in response.content.decode()


def test_perspective_form_keeps_history(world, login_client):
    client = login_client(world.user(Role.TEAM_LEAD))
    response = client.post(
        reverse("teams:perspective", args=[world.team.pk]),
        {
            "text": "Iedereen doet mee in Wezep.",
            "written_with_residents": "on",
            "note": "na de buurtavond",
        },
    )
    assert response.status_code == 302
    world.team.refresh_from_db()
    assert world.team.perspective == "Iedereen doet mee in Wezep."
    version = world.team.perspective_versions.get()
    assert version.written_with_residents and version.changed_by == world.user(Role.TEAM_LEAD)


def test_member_add_edit_remove_flow(world, login_client):
    client = login_client(world.user(Role.TEAM_LEAD))
    response = client.post(
        reverse("teams:member_add", args=[world.team.pk]),
        {
            "person_name": "Eva Visser",
            "organisation": world.amw.pk,
            "ring": Ring.OUTER,
            "hours_per_week": "8",
            "personal_drive": "Omdat ik van Wezep houd.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member = Membership.objects.get(person_name="Eva Visser")
    edit_url = reverse("teams:member_edit", args=[world.team.pk, member.pk])
    assert "Eva Visser" in client.get(edit_url).content.decode()
    response = client.post(
        edit_url,
        {
            "person_name": "Eva Visser",
            "organisation": world.amw.pk,
            "ring": Ring.CORE,
            "hours_per_week": "12",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.ring == Ring.CORE and member.hours_per_week == 12
    remove_url = reverse("teams:member_remove", args=[world.team.pk, member.pk])
    assert "Eva Visser" in client.get(remove_url).content.decode()
    assert client.post(remove_url).status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_duplicate_member_is_a_form_error(world, login_client):
    response = login_client(world.user(Role.TEAM_LEAD)).post(
        reverse("teams:member_add", args=[world.team.pk]),
        {
            "person_name": "anna de vries",
            "organisation": world.amw.pk,
            "ring": Ring.CORE,
            "hours_per_week": "4",
        },
    )
    assert response.status_code == 200
    assert "already a member of this team" in response.content.decode()
    assert Membership.objects.filter(team=world.team).count() == 2


def test_member_form_rejects_organisation_of_other_municipality(world, login_client):
    foreign_org = world.members[3].organisation
    response = login_client(world.user(Role.TEAM_LEAD)).post(
        reverse("teams:member_add", args=[world.team.pk]),
        {
            "person_name": "Fenna",
            "organisation": foreign_org.pk,
            "ring": Ring.CORE,
            "hours_per_week": "4",
        },
    )
    assert response.status_code == 200
    assert "wk-error-summary" in response.content.decode()


def test_partner_add_edit_remove_flow(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    response = client.post(
        reverse("teams:partner_add", args=[world.team.pk]),
        {"name": "Dementieketen", "kind": PartnerKind.CARE_CHAIN, "ring": Ring.ON_CALL},
    )
    assert response.status_code == 302
    partner = Partner.objects.get(name="Dementieketen")
    response = client.post(
        reverse("teams:partner_edit", args=[world.team.pk, partner.pk]),
        {"name": "Dementieketen Noord-Veluwe", "kind": PartnerKind.CARE_CHAIN, "ring": Ring.OUTER},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.ring == Ring.OUTER
    assert (
        client.post(reverse("teams:partner_remove", args=[world.team.pk, partner.pk])).status_code
        == 302
    )
    assert not Partner.objects.filter(pk=partner.pk).exists()


def test_partner_of_other_team_is_404(world, login_client):
    client = login_client(world.user(Role.TEAM_LEAD))
    from wijkkompas.teams.tests.factories import PartnerFactory

    other: Any = PartnerFactory(team=world.sibling)
    assert (
        client.get(reverse("teams:partner_edit", args=[world.team.pk, other.pk])).status_code == 404
    )
    assert (
        client.post(reverse("teams:partner_remove", args=[world.team.pk, other.pk])).status_code
        == 404
    )
    assert Partner.objects.filter(pk=other.pk).exists()


# --- create ------------------------------------------------------------------------------


def test_admin_creates_team(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    assert client.get(reverse("teams:create")).status_code == 200
    response = client.post(
        reverse("teams:create"),
        {
            "municipality": world.gm.pk,
            "name": "Nieuw team",
            "team_type": "case_direction",
            "neighbourhoods": [world.neighbourhood.pk],
            "target_group": "specific",
            "target_group_description": "Jonge moeders",
            "positioning": "1",
            "perspective": "Samen sterk.",
        },
    )
    assert response.status_code == 302
    from wijkkompas.teams.models import Team

    team = Team.objects.get(name="Nieuw team")
    assert team.perspective_versions.count() == 1


@pytest.mark.parametrize(
    "role", [Role.TEAM_LEAD, Role.PROFESSIONAL, Role.POLICY_OFFICER, Role.RESIDENT]
)
def test_create_refused_for_non_admins(world, login_client, role):
    assert login_client(world.user(role)).get(reverse("teams:create")).status_code == 403


def test_create_page_anonymous_goes_to_login(client, world):
    assert client.get(reverse("teams:create")).status_code == 302


def test_network_svg_coordinates_are_not_localised(world, login_client):
    """Dutch formatting writes 320,0; SVG needs 320.0."""
    client = login_client(world.user(Role.TEAM_LEAD))
    client.cookies["django_language"] = "nl"
    html = client.get(reverse("teams:network", args=[world.team.pk])).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'cx="320.0"' in svg
    assert not re.search(r'(cx|cy|r|x|y)="\d+,\d', svg)


def test_overview_links_are_the_team_pages(world, login_client):
    """The overview builds team links from the list URL (see selectors.team_overview)."""
    from wijkkompas.teams.selectors import team_overview

    user = world.user(Role.POLICY_OFFICER)
    rows = team_overview(user=user).rows
    assert rows
    for row in rows:
        assert row.url == reverse("teams:detail", kwargs={"pk": row.pk})


def test_overview_escapes_team_and_area_names(world, login_client):
    from wijkkompas.teams.summaries import team_summaries_refresh

    world.team.name = '<script>alert("x")</script> & co'
    world.team.save()
    team_summaries_refresh([world.team.pk])
    html = login_client(world.user(Role.POLICY_OFFICER)).get(reverse("teams:list")).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in html
