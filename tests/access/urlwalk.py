"""Every URL pattern of the project, and how to fill its keyword arguments with objects.

:data:`KWARG_KINDS` maps a URL keyword argument to the kind of object it names (see
:mod:`tests.world`). When a page with a new keyword argument appears, the walker fails
and asks to add it here, so no page can slip past the access tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from wijkkompas.accounts.constants import Action, Role

#: (namespace, keyword) -> (kind of object, attribute used in the URL).
#: A more specific entry (namespace, url name, keyword) wins over (namespace, keyword).
KWARG_KINDS: dict[tuple[str, ...], tuple[str, str]] = {
    ("teams", "pk"): ("team", "pk"),
    ("teams", "team_pk"): ("team", "pk"),
    ("teams", "team_id"): ("team", "pk"),
    ("teams", "team"): ("team", "pk"),
    ("teams", "membership_pk"): ("membership", "pk"),
    ("teams", "member_pk"): ("membership", "pk"),
    ("teams", "partner_pk"): ("partner", "pk"),
    ("teams", "version_pk"): ("perspective_version", "pk"),
    # In areas "pk" names different kinds per page: no namespace-wide entry on purpose.
    ("areas", "detail", "pk"): ("municipality", "pk"),
    ("areas", "edit", "pk"): ("municipality", "pk"),
    ("areas", "district_add", "pk"): ("municipality", "pk"),
    ("areas", "district_edit", "pk"): ("district", "pk"),
    ("areas", "neighbourhood_add", "pk"): ("district", "pk"),
    ("areas", "neighbourhood_edit", "pk"): ("neighbourhood", "pk"),
    ("areas", "municipality_pk"): ("municipality", "pk"),
    ("areas", "district_pk"): ("district", "pk"),
    ("areas", "neighbourhood_pk"): ("neighbourhood", "pk"),
    ("areas", "code"): ("municipality", "code"),
    ("organisations", "pk"): ("organisation", "pk"),
    ("audit", "pk"): ("access_log_entry", "pk"),
    # Individual support (issue 3).
    ("residents", "pk"): ("resident", "pk"),
    ("residents", "team_pk"): ("team", "pk"),
    ("residents", "consent_pk"): ("consent", "pk"),
    ("residents", "household_pk"): ("household", "pk"),
    ("residents", "signal_pk"): ("risk_signal", "pk"),
    ("conversations", "pk"): ("conversation", "pk"),
    ("conversations", "resident"): ("resident", "pk"),
    ("instruments", "pk"): ("instrument_version", "pk"),
    ("portal", "pk"): ("consent", "pk"),
    ("plans", "household"): ("household", "pk"),
    ("plans", "plan"): ("plan", "pk"),
    ("plans", "goal"): ("goal", "pk"),
    ("plans", "plan_action"): ("plan_action", "pk"),
    ("plans", "review"): ("review", "pk"),
    ("plans", "discussion"): ("case_discussion", "pk"),
    ("rights", "pk"): ("data_request", "pk"),
    # Collective work (issue 4).
    ("places", "pk"): ("place", "pk"),
    ("places", "code"): ("neighbourhood", "code"),
    # The social map (issue 8): entries by id, the public map of a municipality by CBS code.
    ("socialmap", "pk"): ("social_map_entry", "pk"),
    ("socialmap", "code"): ("municipality", "code"),
    ("ideas", "pk"): ("idea", "pk"),
    ("ideas", "join", "pk"): ("published_idea", "pk"),
    ("ideas", "code"): ("neighbourhood", "code"),
    ("neighbourhoods", "code"): ("neighbourhood", "code"),
    ("initiatives", "pk"): ("initiative", "pk"),
    ("initiatives", "public_detail", "pk"): ("public_initiative", "pk"),
    ("initiatives", "opportunity"): ("opportunity", "pk"),
    ("initiatives", "idea"): ("idea", "pk"),
    ("initiatives", "resident"): ("resident", "pk"),
    # The team risk register (issue 5).
    ("risks", "pk"): ("team_risk", "pk"),
    ("risks", "team"): ("team", "pk"),
    # Self-assessment rounds (issue 5).
    ("selfassessments", "pk"): ("self_assessment", "pk"),
    # Factsheets (issue 5).
    ("factsheets", "municipality_pk"): ("municipality", "pk"),
    ("factsheets", "team_pk"): ("team", "pk"),
    # Reflection sessions (issue 5).
    ("reflections", "pk"): ("reflection", "pk"),
    ("reflections", "team"): ("team", "pk"),
    ("reflections", "action"): ("follow_up_action", "pk"),
    # Working groups (issue 8).
    ("workgroups", "pk"): ("work_group", "pk"),
    ("workgroups", "close", "pk"): ("work_group_lead", "pk"),
    ("workgroups", "member"): ("work_group_member", "pk"),
    ("workgroups", "action"): ("work_group_action", "pk"),
    # Indicators and stories (issue 5).
    ("indicators", "municipality"): ("municipality", "pk"),
    ("indicators", "team"): ("team", "pk"),
    ("indicators", "pk"): ("story", "pk"),
    # API clients (issue 6).
    ("api", "pk"): ("api_client", "pk"),
    # Imports of files from other systems.
    ("imports", "pk"): ("import_job", "pk"),
    # Time for the collective (issue 8).
    ("timeuse", "team"): ("team", "pk"),
}

#: Patterns the walker does not request, with the reason (no page content of their own).
NOT_WALKED: dict[str, str] = {
    "set_language": "the language switch (POST only, redirects); covered by the browser tests",
    "web:favicon": "a permanent redirect to a static file, the same for everyone; tested in web",
    "web:start": "the login's redirect to the role's first page; tested in web",
    "indicators:story_photo": (
        "the photo file of a story (the world's stories have none); who may fetch it is "
        "tested in indicators/tests/test_stories.py"
    ),
}

#: Pages whose POST only searches (so that a name typed in never lands in a URL): a POST
#: needs the right to view the page, not to change; it must still change nothing.
POST_SEARCH: dict[str, str] = {
    "residents:caseload": "the caseload's search by name",
}

#: Pages that create a child of the resident or household in their URL under another part
#: of the consent (``ConsentPart``) than the resident's name and contact details: a POST may
#: change only while the resident (or household) consents to that part for one of the
#: user's teams or employers. The page itself may be open (it says why nothing can be
#: recorded); a POST without the consent may answer with that message, but saves nothing.
POST_CREATES: dict[str, str] = {
    "conversations:create": "conversations",
    "plans:create": "plan",
    "plans:discussion_create": "case_discussion",
    "residents:risk_add": "plan",
    "initiatives:referral_create": "conversations",
}

#: Prefixes of paths that are not walked: static files and Django's admin (the admin has
#: its own check, ``test_admin_refuses_non_staff``), and the API's router: its endpoints
#: answer as an API (401, JSON) and have their own walker, tests/api/test_api_walk.py, which
#: fails for any route under /api/v1/ it does not request.
NOT_WALKED_PREFIXES = ("/static/", "/i18n/", "/beheer/", "/api/v1/")

#: Pages every visitor may open without logging in (the API's schema and its documentation
#: describe the API, never data).
PUBLIC = {"web:home", "web:health", "accounts:login", "api:schema", "api:docs"}

#: Public pages about an object in their URL (a neighbourhood by CBS code, a published
#: idea): every visitor, signed in or not, opens them for any object that exists and is
#: public (``AccessPolicy.public``; objects without that rule, like a neighbourhood, always
#: are), and gets 404 otherwise. They show what is public only, plus the names of areas
#: (public CBS data). Their forms are open to everyone, so the POST check skips them (their
#: spam protection and validation are tested in their apps).
PUBLIC_OBJECT_PAGES: dict[str, str] = {
    "ideas:public": "the ideas of a neighbourhood, and the form to send one",
    "ideas:join": '"ik doe mee" for a published idea',
    "places:public": "the public places of a neighbourhood",
    "socialmap:public": "the public social map of a municipality, by need and neighbourhood",
    "socialmap:public_print": "the print version of the public social map",
    "socialmap:public_entry": "one public entry of the social map",
    "neighbourhoods:public": "the public page of a neighbourhood",
    "neighbourhoods:public_index": "the public list of municipalities and neighbourhoods",
    "initiatives:public_detail": "a public initiative: what it is and how to join",
}

#: Namespaces of the login flow (login, second factor, password): their own rules, tested
#: in accounts; the walker only checks that they do not fail and leak nothing.
LOGIN_FLOW_NAMESPACES = {"accounts"}

#: Pages that create an object without one in the URL are for the roles that may change
#: every row of their municipality (``AccessPolicy.change``), except these:
CREATE_ROLES_OVERRIDE: dict[str, frozenset[str]] = {
    # A municipality is a tenant: only the operator (a superuser) creates one.
    "areas:create": frozenset(),
    # Team roles start initiatives in their own teams; the administrator too.
    "initiatives:create": frozenset(
        {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.ADMIN}
    ),
    # Opportunities are the team's own work: only team roles make them.
    "initiatives:opportunity_create": frozenset(
        {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD}
    ),
    # Team roles and the administrator add entries to the social map; an initiator too,
    # linked to an initiative they run (the form offers only those).
    "socialmap:create": frozenset(
        {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.ADMIN, Role.INITIATOR}
    ),
    # The team lead and coordinators keep their teams' risk registers (the team is chosen
    # in the form, among the teams they keep).
    "risks:create": frozenset({Role.COORDINATOR, Role.TEAM_LEAD}),
    # The policy officer starts the municipality's (or a team's) self-assessment, the team
    # lead that of their own team; measurement rounds only the operator adds.
    "selfassessments:create": frozenset({Role.POLICY_OFFICER, Role.TEAM_LEAD}),
    "selfassessments:round_create": frozenset(),
    "selfassessments:round_change": frozenset(),
    # A PDF of a factsheet is made for whoever may see the factsheet (the municipality or
    # team is in the form; out of scope it answers 404 and nothing is saved).
    "factsheets:pdf": frozenset(
        {
            Role.POLICY_OFFICER,
            Role.ADMIN,
            Role.RESEARCHER,
            Role.PROFESSIONAL,
            Role.COORDINATOR,
            Role.TEAM_LEAD,
        }
    ),
    # The team lead plans the sessions of the teams they lead (chosen in the form).
    "reflections:create": frozenset({Role.TEAM_LEAD}),
    # The team lead and coordinators form working groups in their own teams (chosen in the
    # form); the other team roles work in them.
    "workgroups:create": frozenset({Role.TEAM_LEAD, Role.COORDINATOR}),
    # Stories: team roles, the policy officer and the administrator add them to the
    # figures of their municipality (a team's figures: its own team roles).
    "indicators:story_create": frozenset(
        {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.ADMIN}
    ),
    # A new import (upload): the team roles import case data into their own teams, the
    # administrator initiatives (``imports.constants.IMPORT_ROLES``).
    "imports:new": frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.ADMIN}),
    # A member records their own week in their own teams (time for the collective).
    "timeuse:week": frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD}),
}

#: Attributes of a view class that say which action a page needs.
_ACTION_ATTRIBUTES = ("access_action", "team_action", "object_action")

#: URL names that change data whatever their view class says.
_CHANGE_NAME = re.compile(r"(edit|add|create|new|delete|remove|update|change|wijzig|toevoeg)")


@dataclass(frozen=True)
class Page:
    """One named URL pattern."""

    name: str  # "namespace:url_name"
    route: str  # human-readable route, for messages
    kwargs: tuple[str, ...]
    view: Any  # the view callable

    @property
    def namespace(self) -> str:
        return self.name.rpartition(":")[0]

    @property
    def url_name(self) -> str:
        return self.name.rpartition(":")[2]

    @property
    def login_flow(self) -> bool:
        return self.namespace in LOGIN_FLOW_NAMESPACES

    @property
    def view_class(self) -> Any:
        return getattr(self.view, "view_class", None) or getattr(self.view, "cls", None)

    @property
    def access_model(self) -> Any:
        return getattr(self.view_class, "access_model", None)

    @property
    def access_action(self) -> str:
        """The action ``RoleRequiredMixin`` checks the role for (``may_use``)."""
        return getattr(self.view_class, "access_action", Action.VIEW)

    @property
    def portal_roles(self) -> frozenset[str] | None:
        """The only roles that may use a page of "Mijn plan" (``PortalMixin``), or None."""
        roles = getattr(self.view_class, "portal_roles", None)
        return frozenset(roles) if roles is not None else None

    @property
    def action(self) -> str:
        declared = {getattr(self.view_class, attr, None) for attr in _ACTION_ATTRIBUTES}
        if Action.CHANGE in declared or _CHANGE_NAME.search(self.url_name):
            return Action.CHANGE
        return Action.VIEW

    @property
    def accepts_post(self) -> bool:
        view_class = self.view_class
        if view_class is None:
            return False
        methods = getattr(view_class, "http_method_names", [])
        return hasattr(view_class, "post") and "post" in methods

    def kinds(self) -> dict[str, tuple[str, str]]:
        """kwarg -> (kind, attribute); raises LookupError for a kwarg not in the table."""
        found = {}
        for kwarg in self.kwargs:
            key = (self.namespace, self.url_name, kwarg)
            entry = KWARG_KINDS.get(key) or KWARG_KINDS.get((self.namespace, kwarg))
            if entry is None:
                raise LookupError(
                    f"The access walker cannot fill URL keyword {kwarg!r} of page "
                    f"{self.name!r} ({self.route}). Add it to KWARG_KINDS in "
                    f"tests/access/urlwalk.py, keyed ({self.namespace!r}, {kwarg!r}) or "
                    f"({self.namespace!r}, {self.url_name!r}, {kwarg!r}), with the kind of "
                    f"object it names (a kind of tests/world.py; add the kind there if new)."
                )
            found[kwarg] = entry
        return found

    def __str__(self) -> str:
        return self.name


def _walk(resolvers: list[Any], prefix: str, namespace: str) -> list[tuple[str, str, Any, Any]]:
    found = []
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found += _walk(entry.url_patterns, route, ns)
        elif isinstance(entry, URLPattern):
            found.append((namespace, route, entry, entry.callback))
    return found


def all_patterns() -> list[tuple[str, str, Any, Any]]:
    """(namespace, route, URLPattern, view) for every pattern of the project."""
    return _walk(get_resolver().url_patterns, "/", "")


def _route_is_walked(route: str) -> bool:
    plain = route.replace("^", "")
    return not plain.startswith(NOT_WALKED_PREFIXES)


def pages() -> list[Page]:
    """Every walked page; unnamed patterns get a name that makes the walker fail."""
    result = []
    for namespace, route, pattern, view in all_patterns():
        if not _route_is_walked(route):
            continue
        name = (
            f"{namespace}:{pattern.name}" if namespace else (pattern.name or f"<unnamed {route}>")
        )
        if name in NOT_WALKED:
            continue
        kwargs = tuple(pattern.pattern.regex.groupindex)
        result.append(Page(name=name, route=route, kwargs=kwargs, view=view))
    return result
