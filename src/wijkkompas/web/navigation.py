"""The main menu: only pages the user's role can use.

Two kinds of entries:

* pages about a kind of object (``_MENU``): shown when the role may use the model at all
  (``accounts.access.may_use``), e.g. Teams, Areas, the access log;
* the daily work pages of a role (``ROLE_MENU``): the worklist and caseload of the team
  roles, "Mijn plan" of a resident, the requests of the privacy officer. These pages
  decide themselves which rows the user sees; the menu only names them for the roles
  they are for. Every URL name here must exist (``web/tests/test_navigation.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import may_use
from wijkkompas.accounts.constants import Role
from wijkkompas.api.models import ApiClient
from wijkkompas.areas.models import Municipality
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.ideas.models import Idea
from wijkkompas.initiatives.models import Initiative, Opportunity
from wijkkompas.organisations.models import Organisation
from wijkkompas.places.models import Place
from wijkkompas.reflections.models import Reflection
from wijkkompas.residents.constants import CASE_TEAM_ROLES
from wijkkompas.risks.models import TeamRisk
from wijkkompas.selfassessments.models import SelfAssessment
from wijkkompas.signals.models import AreaSignal
from wijkkompas.socialmap.models import Entry
from wijkkompas.teams.models import Team
from wijkkompas.workgroups.models import WorkGroup


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str | Promise
    description: str | Promise
    current: bool = False


@dataclass(frozen=True)
class RoleEntry:
    """A work page of some roles, by URL name."""

    url_name: str
    label: str | Promise
    description: str | Promise
    roles: frozenset[str]


#: The daily work pages per role, in menu order (before the pages about kinds of objects).
ROLE_MENU: tuple[RoleEntry, ...] = (
    RoleEntry(
        "plans:worklist",
        _("Worklist"),
        _("what needs your attention first: terms, reviews, risk signals, actions"),
        CASE_TEAM_ROLES,
    ),
    RoleEntry(
        "residents:index",
        _("Caseload"),
        _("the residents and households of your teams; register a resident"),
        CASE_TEAM_ROLES,
    ),
    RoleEntry(
        "conversations:mine",
        _("My conversations"),
        _("the kitchen-table conversations you recorded; record a new one"),
        CASE_TEAM_ROLES,
    ),
    RoleEntry(
        "plans:mine",
        _("My plans"),
        _("the household plans you coordinate, and their reviews"),
        CASE_TEAM_ROLES,
    ),
    RoleEntry(
        "plans:discussions",
        _("Case discussions"),
        _("closed case discussions you take part in"),
        CASE_TEAM_ROLES,
    ),
    RoleEntry(
        "timeuse:week",
        _("My time"),
        _("how your week split: casework, the collective, the network; your team's time"),
        frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD}),
    ),
    RoleEntry(
        "neighbourhoods:index",
        _("Neighbourhoods"),
        _("per neighbourhood: signals, opportunities, initiatives, ideas and places"),
        frozenset(
            {
                *CASE_TEAM_ROLES,
                Role.POLICY_OFFICER,
                Role.RESEARCHER,
                Role.INITIATOR,
                Role.ADMIN,
            }
        ),
    ),
    RoleEntry(
        "indicators:catalogue",
        _("Indicators"),
        _("counts and stories of your municipality and teams, in three lenses; exports"),
        frozenset({Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.RESEARCHER}),
    ),
    RoleEntry(
        "factsheets:index",
        _("Factsheets"),
        _("your municipality and teams on one page: to print, as PDF, CSV or Excel"),
        frozenset({Role.TEAM_LEAD, Role.POLICY_OFFICER}),
    ),
    RoleEntry(
        "circle:index",
        _("Knowledge circle"),
        _("compare the teams and choices of the municipalities that share their figures"),
        frozenset({Role.POLICY_OFFICER, Role.RESEARCHER}),
    ),
    RoleEntry(
        "circle:sharing",
        _("Sharing with the knowledge circle"),
        _("whether your municipality shares its figures with the knowledge circle"),
        frozenset({Role.ADMIN}),
    ),
    RoleEntry(
        "rights:list",
        _("Requests"),
        _("access and erasure requests of residents (AVG), and retention"),
        frozenset({Role.PRIVACY_OFFICER}),
    ),
    RoleEntry(
        "imports:index",
        _("Import"),
        _("bring data over from another registration system, without typing it again"),
        frozenset({*CASE_TEAM_ROLES, Role.ADMIN}),
    ),
    RoleEntry(
        "instruments:list",
        _("Instruments"),
        _("ZRM, participation ladder and other assessment instruments"),
        frozenset({Role.ADMIN}),
    ),
    RoleEntry(
        "portal:overview",
        _("My plan"),
        _("your plan, who may see your data, your scores and your data to download"),
        frozenset({Role.RESIDENT}),
    ),
)

_MENU = [
    (
        AreaSignal,
        "signals:overview",
        _("Signals"),
        _("what many conversations in a neighbourhood share: life domains, scores, themes"),
    ),
    (
        Opportunity,
        "initiatives:opportunities",
        _("Opportunities"),
        _("signals and ideas the team turns into collective work"),
    ),
    (
        Initiative,
        "initiatives:list",
        _("Initiatives"),
        _("collective services, provisions and residents' initiatives"),
    ),
    (Idea, "ideas:list", _("Ideas"), _("residents' ideas: moderate, coach, let them grow")),
    (Place, "places:list", _("Places"), _("community centres, gardens and other meeting places")),
    (
        Entry,
        "socialmap:list",
        _("Social map"),
        _("what exists in and around the neighbourhoods, kept up to date; for residents too"),
    ),
    (
        SelfAssessment,
        "selfassessments:index",
        _("Self-assessment"),
        _("the eleven choice questions per round: as it is, as we want it, and the comparison"),
    ),
    (Team, "teams:list", _("Teams"), _("your teams, their network and shared perspective")),
    (
        TeamRisk,
        "risks:index",
        _("Team risks"),
        _("the risks around your team's work: likelihood, impact, owner and reviews"),
    ),
    (
        WorkGroup,
        "workgroups:list",
        _("Working groups"),
        _("small teams around a theme or ambition: hulp, zorg and welzijn with residents"),
    ),
    (
        Reflection,
        "reflections:index",
        _("Reflection sessions"),
        _("kairos moments: look back and ahead as a team; decisions and their follow-up"),
    ),
    (Municipality, "areas:list", _("Areas"), _("municipality, districts and neighbourhoods")),
    (Organisation, "organisations:list", _("Organisations"), _("partners and their disciplines")),
    (AccessLogEntry, "audit:log", _("Access log"), _("who saw what, when and why")),
    (ApiClient, "api:clients", _("API clients"), _("systems that exchange data through the API")),
    (
        AccessLogEntry,
        "audit:security",
        _("Security overview"),
        _("refused accesses, failed logins and lockouts of the last 30 days"),
    ),
]


def role_entries(user: Any) -> list[RoleEntry]:
    """The work pages of the user's role."""
    role = getattr(user, "role", "")
    return [entry for entry in ROLE_MENU if role in entry.roles]


def nav_items(request: Any) -> list[NavItem]:
    """The menu items the user's role may use; the longest matching one is the current page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    if is_verified is not None and (user.requires_2fa or user.is_superuser) and not is_verified():
        # Before the second step every page leads back to it: no menu to tab through.
        return []
    allowed = [
        (reverse(entry.url_name), entry.label, entry.description) for entry in role_entries(user)
    ]
    allowed += [
        (reverse(url_name), label, description)
        for model, url_name, label, description in _MENU
        if may_use(user, model)
    ]
    if user.is_staff:
        allowed.append(
            (reverse("admin:index"), _("Administration"), _("accounts, roles and reference data"))
        )
    matches = [url for url, _, _ in allowed if request.path.startswith(url)]
    current = max(matches, key=len, default=None)
    return [NavItem(url, label, description, url == current) for url, label, description in allowed]
