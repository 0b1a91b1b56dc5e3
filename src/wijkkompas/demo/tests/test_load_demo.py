"""The demo loader: idempotent, one account per role, the Kenniskring team types."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkkompas.accounts.constants import TEAM_ROLES, Role
from wijkkompas.accounts.models import User
from wijkkompas.areas.models import District, Municipality, Neighbourhood
from wijkkompas.demo.services import demo_password
from wijkkompas.organisations.models import Organisation
from wijkkompas.teams.constants import TeamType
from wijkkompas.teams.models import Membership, Partner, PerspectiveVersion, Team

from .conftest import load
from .test_demo_cases import CASE_MODELS

pytestmark = pytest.mark.django_db

MODELS = [
    Municipality,
    District,
    Neighbourhood,
    Organisation,
    Team,
    PerspectiveVersion,
    Membership,
    Partner,
    User,
    TOTPDevice,
    *CASE_MODELS,
]

#: What the Kenniskring document (002_…, appendix 1) reports per municipality.
KENNISKRING = {
    "GM0361": ("Alkmaar", {TeamType.CASE_DIRECTION}),
    "GM0375": ("Beverwijk", {TeamType.FLEXIBLE_NETWORK}),
    "GM0392": ("Haarlem", {TeamType.FIXED_EXTENDED}),
    "GM0396": ("Heemskerk", {TeamType.FIXED_COMPACT}),
    "GM0398": ("Heerhugowaard", {TeamType.FIXED_COMPACT}),
    "GM0399": ("Heiloo", set()),
    "GM0402": ("Hilversum", {TeamType.FLEXIBLE_NETWORK}),
    "GM0416": ("Langedijk", {TeamType.FIXED_COMPACT}),
    "GM0439": ("Purmerend", {TeamType.FLEXIBLE_NETWORK}),
    "GM0453": ("Velsen", {TeamType.FIXED_COMPACT}),
    "GM0479": ("Zaanstad", {TeamType.FLEXIBLE_NETWORK}),
}


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in MODELS} | {
        "team_districts": Team.districts.through.objects.count(),
        "team_neighbourhoods": Team.neighbourhoods.through.objects.count(),
        "user_teams": User.teams.through.objects.count(),
    }


def test_loading_twice_duplicates_nothing(demo):
    output = demo
    first = counts()
    assert "Oldebroek" in output and "demo-admin" in output
    second_output = load()
    assert counts() == first
    assert "0 rows created" in second_output


def test_every_role_has_a_demo_account_in_the_wezep_team(demo):
    oldebroek = Municipality.objects.get(code="GM0269")
    wezep = Team.objects.get(municipality=oldebroek, name="Krachtstroomteam Wezep")
    for role in Role.values:
        user = User.objects.get(username=f"demo-{role}")
        assert user.role == role
        assert user.is_demo
        assert not user.is_superuser
        assert user.municipality == oldebroek
        assert user.check_password(demo_password())
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        if role in TEAM_ROLES:
            assert list(user.teams.all()) == [wezep]
            assert Membership.objects.filter(team=wezep, user=user).count() == 1
        else:
            assert not user.teams.exists()
    assert len(demo_password()) >= 12


def test_wezep_is_the_richest_demo(demo):
    wezep = Team.objects.get(name="Krachtstroomteam Wezep")
    assert wezep.perspective.startswith("Maak het verschil")
    assert wezep.perspective_versions.count() == 2
    assert wezep.perspective_versions.filter(written_with_residents=True).exists()
    rings = set(wezep.memberships.values_list("ring", flat=True))
    assert rings == {"core", "first_shell", "outer", "on_call"}
    assert not wezep.memberships.filter(personal_drive="").exists()
    kinds = set(wezep.partners.values_list("kind", flat=True))
    assert {"programme", "youth_network", "care_chain", "resident_initiative"} <= kinds
    assert wezep.districts.get().name == "Wezep"


def test_each_kenniskring_municipality_has_the_reported_team_type(demo):
    for code, (name, types) in KENNISKRING.items():
        municipality = Municipality.objects.get(code=code)
        assert municipality.name == name
        # Alkmaar and Heiloo do not share (the knowledge circle's footnote 36).
        assert municipality.shares_aggregates == (code not in ("GM0361", "GM0399")), name
        assert 2 <= municipality.districts.count() <= 4, name
        teams = Team.objects.filter(municipality=municipality)
        assert set(teams.values_list("team_type", flat=True)) == types, name
        for team in teams:
            assert team.memberships.exists(), team
            assert team.districts.exists() or team.neighbourhoods.exists(), team
    assert not Municipality.objects.get(code="GM0269").shares_aggregates
    # Appendix 1: AMW and opbouwwerk in every team that has members from several crafts.
    langedijk = Team.objects.get(municipality__code="GM0416")
    assert langedijk.target_group == "specific"
    assert langedijk.memberships.filter(organisation__discipline__code="huisarts-poh").exists()


def test_the_demo_api_client_reads_the_team_s_cases_with_the_public_token(demo):
    from django.test import Client

    from wijkkompas.api.constants import DEMO_API_TOKEN

    client = Client(HTTP_AUTHORIZATION=f"Token {DEMO_API_TOKEN}")
    response = client.get("/api/v1/conversations/?page_size=1")
    assert response.status_code == 200, response.content
    assert response.json()["count"] > 0
    # The system account cannot sign in on the pages.
    from wijkkompas.accounts.models import User

    assert not User.objects.get(username="demo-systeem").has_usable_password()


def test_a_known_api_token_is_refused_for_real_accounts(demo):
    from wijkkompas.accounts.models import User
    from wijkkompas.api.services import demo_api_client_ensure
    from wijkkompas.core.exceptions import ApplicationError

    real = User.objects.create(username="echte-gebruiker", role="professional")
    with pytest.raises(ApplicationError):
        demo_api_client_ensure(name="x", account=real, scopes=["cases:read"])
