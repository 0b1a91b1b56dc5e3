"""The access walker: every URL pattern, every role, objects in and out of scope.

For each page, role (plus anonymous) and object variant (the user's own team, another
team of the same municipality, a municipality that shares nothing, one that shares its
aggregates, a mix of those, and an id that does not exist):

* anonymous visitors are sent to the login page, except on public pages;
* a page answers 200 exactly when ``accounts.access`` says the role may see (or, on edit
  pages, change) every object in the URL;
* an object outside the user's scope answers exactly like an object that does not exist
  (404, or 403 for a role that may not use the page at all): never 200, never a 500;
* no response contains a marker planted in data the user may not see (tests/world.py);
* POSTs to pages that change data, by roles without change rights, are refused and change
  nothing in the database.

A page whose URL keywords the walker cannot fill fails with a message saying where to
teach the walker about it (tests/access/urlwalk.py).
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.client import ClientHandler
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.access.urlwalk import (
    CREATE_ROLES_OVERRIDE,
    POST_CREATES,
    POST_SEARCH,
    PUBLIC,
    PUBLIC_OBJECT_PAGES,
    Page,
    pages,
)
from tests.world import FOREIGN, OWN, VARIANTS, World
from wijkkompas.accounts.access import (
    active_consents,
    can,
    may_use,
    organisation_ids,
    policy_of,
)
from wijkkompas.accounts.constants import Action, Role

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *(role.value for role in Role)]
PAGES = pages()
POST_PAGES = [
    page
    for page in PAGES
    if page.accepts_post and not page.login_flow and page.name not in PUBLIC_OBJECT_PAGES
]
_PAYLOADS: dict[str, dict[str, Any]] = {}
MISSING = "missing"
#: A value for each URL attribute that names no object.
MISSING_VALUES = {"pk": 987654, "code": "GM0000"}


def _targets(page: Page, world: World) -> list[tuple[str, dict[str, Any], list[Any]]]:
    """(variant, URL kwargs, objects) for every way to fill the page's URL."""
    kinds = page.kinds()  # raises with a clear message for an unknown keyword
    if not kinds:
        return [("", {}, [])]
    targets = []
    for variant in VARIANTS:
        objs = {kwarg: world.objects[kind].get(variant) for kwarg, (kind, _attr) in kinds.items()}
        if any(obj is None for obj in objs.values()):
            continue
        targets.append((variant, *_fill(kinds, objs)))
    if len(kinds) > 1:
        # The first object the user's own, the others another tenant's: must not combine.
        first, *rest = kinds
        objs = {first: world.objects[kinds[first][0]][OWN]}
        objs |= {kwarg: world.objects[kinds[kwarg][0]].get(FOREIGN) for kwarg in rest}
        if all(obj is not None for obj in objs.values()):
            targets.append(("mixed", *_fill(kinds, objs)))
    kwargs = {kwarg: MISSING_VALUES.get(attr, 987654) for kwarg, (_kind, attr) in kinds.items()}
    targets.append((MISSING, kwargs, []))
    return targets


def _fill(
    kinds: dict[str, tuple[str, str]], objs: dict[str, Any]
) -> tuple[dict[str, Any], list[Any]]:
    kwargs = {kwarg: getattr(objs[kwarg], attr) for kwarg, (_kind, attr) in kinds.items()}
    return kwargs, list(objs.values())


#: One request handler for every client: a new handler loads the middleware again, and
#: WhiteNoise then scans all static files (0.1 s per client).
_HANDLER = ClientHandler(enforce_csrf_checks=False)


def _client(role: str, world: World, login_client: Any) -> tuple[Any, Client]:
    if role == ANONYMOUS:
        user, client = None, Client()
    else:
        user = world.user(role)
        client = login_client(user)
    client.handler = _HANDLER
    return user, client


def _request(client: Client, method: str, url: str, data: dict | None = None) -> Any:
    try:
        if method == "post":
            return client.post(url, data or {})
        return client.get(url)
    except Exception:  # noqa: BLE001 - reported as a failure with the traceback
        return traceback.format_exc(limit=-6)


def _body(response: Any) -> str:
    text = response.content.decode("utf-8", errors="replace") if not response.streaming else ""
    return text + " " + response.get("Location", "")


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse(settings.LOGIN_URL)
    )


def _allowed(user: Any, page: Page, objs: list[Any], variant: str, action: str) -> bool:
    if variant == MISSING:
        return False
    if page.portal_roles is not None:
        # "Mijn plan": only the resident role, on their own rows (the owner rule).
        if user.role not in page.portal_roles or user.is_superuser:
            return False
        return all(can(user, action, obj) for obj in objs)
    if objs:
        if page.access_model is not None and not may_use(
            user, page.access_model, page.access_action
        ):
            return False  # the role may not use this kind of page at all (403)
        return all(can(user, action, obj) for obj in objs)
    if page.access_model is not None:
        if action == Action.CHANGE:
            # Creating: a role that may change every row of its municipality.
            policy = policy_of(page.access_model)
            default = policy.change
            if policy.consent is not None:
                # Case data: team roles create it in their own team (registering a resident).
                default = policy.change | policy.change_team
            roles = CREATE_ROLES_OVERRIDE.get(page.name, default)
            return user.role in roles
        return may_use(user, page.access_model, action)
    return True


def _public(obj: Any) -> bool:
    """Whether everyone may see ``obj`` (no ``AccessPolicy.public`` rule: it exists)."""
    return policy_of(type(obj)).public is None or can(None, Action.VIEW, obj)


def _check(
    role: str,
    user: Any,
    page: Page,
    variant: str,
    url: str,
    response: Any,
    world: World,
    missing_status: int | None,
    objs: list[Any],
    method: str = "get",
) -> list[str]:
    """Problems with one response (empty when it is right)."""
    where = f"{method.upper()} {url} as {role} ({page.name}, {variant or 'no object'})"
    if isinstance(response, str):
        return [f"{where}: raised\n{response}"]
    problems = []
    status = response.status_code
    if status >= 500:
        problems.append(f"{where}: answered {status}")
    body = _body(response)
    leaks = world.leaks(user, body)
    if page.name in PUBLIC_OBJECT_PAGES:
        # Area names are public CBS data: a public page names the neighbourhood it is about.
        leaks = [m for m in leaks if not (m.obj._meta.app_label == "areas" and m.field == "name")]
    if leaks:
        problems.append(f"{where}: shows data the role may not see: " + ", ".join(map(str, leaks)))
    own_download = not response.get("Content-Type", "").startswith("text/html")
    for bsn, resident in world.secrets.items():
        if bsn in body and not (own_download and user is not None and resident.user_id == user.pk):
            problems.append(f"{where}: shows the full BSN of resident {resident.pk}")
    if page.login_flow and role != ANONYMOUS:
        return problems  # the login flow has its own tests; it must only not fail or leak
    if page.name in PUBLIC_OBJECT_PAGES:
        expected = 200 if variant != MISSING and all(map(_public, objs)) else 404
        if method == "get" and status != expected:
            problems.append(f"{where}: public page answered {status}, expected {expected}")
        return problems
    if role == ANONYMOUS:
        if page.name in PUBLIC and not page.kwargs:
            if status != 200:
                problems.append(f"{where}: public page answered {status}, expected 200")
        elif page.login_flow:
            if status not in (200, 302, 405):
                problems.append(f"{where}: answered {status}")
        elif not _is_login_redirect(response):
            problems.append(f"{where}: answered {status}, expected a redirect to the login page")
        return problems
    action = _post_action(page) if method == "post" else page.action
    allowed = _allowed(user, page, objs, variant, action)
    if method == "post":
        # Allowed to change the object in the URL but not to create this kind of child: the
        # page may also answer with its form and the refusal (the snapshot sees any change).
        expected = (200, 403, 404) if allowed and page.name in POST_CREATES else (403, 404)
        if (not allowed or page.name in POST_CREATES) and status not in expected:
            problems.append(
                f"{where}: answered {status} to a role without change rights, expected "
                + "/".join(map(str, expected))
            )
        return problems
    if allowed:
        if status != 200:
            problems.append(
                f"{where}: answered {status}, but accounts.access says the role may {action} it"
            )
        return problems
    if status == 200:
        problems.append(
            f"{where}: answered 200, but accounts.access says the role may not {action} it"
        )
    elif status not in (403, 404):
        problems.append(f"{where}: answered {status}, expected 403 or 404")
    elif variant == MISSING or all(can(user, Action.VIEW, obj) for obj in objs):
        pass  # nothing to hide: the object does not exist, or the user may see it
    elif (
        page.access_model is not None and may_use(user, page.access_model, action) and status != 404
    ):
        problems.append(f"{where}: answered {status} for an object out of scope, expected 404")
    elif missing_status is not None and status != missing_status:
        problems.append(
            f"{where}: answered {status} but {missing_status} for an id that does not exist: "
            "the answer reveals that the object exists"
        )
    return problems


@pytest.mark.parametrize("page", PAGES, ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_page_shows_only_what_the_role_may_see(
    role: str, page: Page, world: World, login_client: Any
) -> None:
    user, client = _client(role, world, login_client)
    targets = _targets(page, world)
    if role == ANONYMOUS:
        # Every object answers the same (to the login page): one of them, and a missing one.
        targets = [t for t in targets if t[0] in ("", OWN, MISSING)]
    problems: list[str] = []
    missing_status = None
    # The id that does not exist first: everything out of scope must answer the same.
    for variant, kwargs, objs in sorted(targets, key=lambda t: t[0] != MISSING):
        url = reverse(page.name, kwargs=kwargs)
        response = _request(client, "get", url)
        if variant == MISSING and not isinstance(response, str):
            missing_status = response.status_code
        problems += _check(role, user, page, variant, url, response, world, missing_status, objs)
    assert not problems, "\n".join(problems)


# -- POST: roles without change rights change nothing ------------------------------------


#: The tables a page of the walked apps can change (audit and sessions may change: they
#: log refusals; accounts only through a user's teams).
_SNAPSHOT_APPS = (
    "areas",
    "organisations",
    "teams",
    "residents",
    "instruments",
    "conversations",
    "plans",
    "rights",
    "portal",
    "places",
    "socialmap",
    "ideas",
    "initiatives",
    "risks",
    "selfassessments",
    "factsheets",
    "reflections",
    "workgroups",
    "circle",
    "indicators",
    "imports",
)


def _snapshot_models() -> list[Any]:
    models = [m for label in _SNAPSHOT_APPS for m in apps.get_app_config(label).get_models()]
    models += [field.remote_field.through for m in list(models) for field in m._meta.many_to_many]
    models.append(apps.get_model("accounts", "User").teams.through)
    return models


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _wrote_domain_tables(queries: list[dict[str, Any]]) -> bool:
    """Whether any statement of a request wrote to a domain table (a cheap first look; the
    snapshot then says whether anything really changed)."""
    tables = {model._meta.db_table for model in _snapshot_models()}
    return any(
        (match := _WRITE.match(query["sql"])) is not None and match.group(1) in tables
        for query in queries
    )


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of the domain tables."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in _snapshot_models()
    }


_TODAY = dt.date.today()


class _FormFields(HTMLParser):
    """The fields of the POST forms on a page, with their current values."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] = {}
        self._in_post_form = False
        self._select: str | None = None
        self._selected: set[str] = set()
        self._textarea: str | None = None
        #: The first choice of each group of radio buttons, for groups with none chosen.
        self._first_radio: dict[str, str] = {}

    def payload(self) -> dict[str, Any]:
        """The form as a user would send it: a choice in every group of radio buttons."""
        return {**self._first_radio, **self.data}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_post_form = a.get("method", "").lower() == "post"
        if not self._in_post_form or not a.get("name"):
            if tag == "option" and self._select and self._select not in self._selected:
                value = a.get("value", "")
                if "selected" in a:
                    self._selected.add(self._select)
                    self.data[self._select] = value
                elif not self.data.get(self._select):
                    # Nothing chosen: the first real choice (not the empty "---------").
                    self.data[self._select] = value
            return
        name = a["name"]
        if name in ("language", "next", "csrfmiddlewaretoken"):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
                elif kind == "radio":
                    self._first_radio.setdefault(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                value = a.get("value", "")
                if kind in ("text", "search", "") and not value and "inputmode" not in a:
                    value = "Gewijzigd door de access walker"
                    if a.get("maxlength", "").isdigit():
                        value = value[: int(a["maxlength"])]
                elif kind == "tel" and not value:
                    value = "0612345678"
                elif kind == "date" and not value and "required" in a:
                    value = _TODAY.isoformat()
                elif kind == "datetime-local" and not value and "required" in a:
                    value = f"{_TODAY.isoformat()}T10:00"
                self.data[name] = value
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_post_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data[self._textarea] = (self.data[self._textarea] + " gewijzigd").strip()
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data


def _payload(page: Page, world: World, login_client: Any) -> dict[str, Any]:
    """What a user who may change would send: the page's form as an admin or team lead sees it."""
    if page.name not in _PAYLOADS:
        _PAYLOADS[page.name] = _harvest(page, world, login_client) | _payload_extra(page, world)
    return _PAYLOADS[page.name]


def _payload_extra(page: Page, world: World) -> dict[str, Any]:
    """What the form of the user's own objects does not show: the "own" household has its
    plan already, so the plan form is not offered there."""
    if page.name == "plans:create":
        return {
            "coordinator": world.user(Role.COORDINATOR).pk,
            "summary": "Plan van de access walker",
            "started_on": _TODAY.isoformat(),
        }
    return {}


def _harvest(page: Page, world: World, login_client: Any) -> dict[str, Any]:
    targets = [t for t in _targets(page, world) if t[0] in ("", OWN)]
    for role in (Role.ADMIN, Role.TEAM_LEAD, Role.PRIVACY_OFFICER, Role.RESIDENT):
        _user, client = _client(role, world, login_client)
        for _variant, kwargs, _objs in targets:
            response = client.get(reverse(page.name, kwargs=kwargs))
            if response.status_code == 200:
                parser = _FormFields()
                parser.feed(response.content.decode())
                if parser.data:
                    return parser.payload()
    return {}


def _may_post(user: Any, page: Page, objs: list[Any], variant: str, world: World) -> bool:
    """Whether ``user`` may change something with a POST to the page (then it is not sent)."""
    if not _allowed(user, page, objs, variant, _post_action(page)):
        return False
    if page.name in POST_CREATES:
        return all(_consents(user, obj, POST_CREATES[page.name]) for obj in objs)
    return True


def _consents(user: Any, obj: Any, part: str) -> bool:
    """Whether the resident or household ``obj`` consents to ``part`` for the user."""
    consents = active_consents(
        part=part, team_ids=user.teams.values("pk"), organisation_ids=organisation_ids(user)
    )
    if obj._meta.label == "residents.Resident":
        return consents.filter(resident_id=obj.pk).exists()
    return consents.filter(household_id=obj.pk).exists()


def _post_action(page: Page) -> str:
    """What a POST to the page needs: to change, or (a search) to view."""
    return Action.VIEW if page.name in POST_SEARCH else Action.CHANGE


@pytest.mark.parametrize("role", ROLES)
def test_post_without_change_rights_changes_nothing(
    role: str, world: World, login_client: Any
) -> None:
    """Every page that takes a POST (except the login flow), as ``role``."""
    problems: list[str] = []
    payloads = {page.name: _payload(page, world, login_client) for page in POST_PAGES}
    user, client = _client(role, world, login_client)
    before = _snapshot()
    for page in POST_PAGES:
        payload = payloads[page.name]
        for variant, kwargs, objs in _targets(page, world):
            if user is not None and _may_post(user, page, objs, variant, world):
                continue
            url = reverse(page.name, kwargs=kwargs)
            with CaptureQueriesContext(connection) as queries:
                response = _request(client, "post", url, payload)
            problems += _check(role, user, page, variant, url, response, world, None, objs, "post")
            if not _wrote_domain_tables(queries.captured_queries):
                continue  # no statement wrote to a domain table: nothing can have changed
            after = _snapshot()
            if after != before:
                problems.append(
                    f"POST {url} as {role} ({variant}) with {payload}: changed the database"
                )
                before = after
    assert not problems, "\n".join(problems)


def test_the_walker_sees_the_pages() -> None:
    """A guard against a walker that walks nothing (e.g. after a URL reorganisation)."""
    names = {page.name for page in PAGES}
    assert {"web:home", "accounts:login", "teams:list"} <= names


# -- Django admin (/beheer/): functional management by staff only -------------------------


@pytest.mark.parametrize("role", ROLES)
def test_admin_refuses_non_staff(role: str, world: World, login_client: Any) -> None:
    user, client = _client(role, world, login_client)
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    problems = []
    for url in urls:
        response = client.get(url)
        body = _body(response)
        if response.status_code != 302 or "/beheer/login/" not in response["Location"]:
            problems.append(
                f"GET {url} as {role}: answered {response.status_code}, expected the admin login"
            )
        leaks = world.leaks(user, body)
        if leaks:
            problems.append(f"GET {url} as {role}: shows " + ", ".join(map(str, leaks)))
    assert not problems, "\n".join(problems)
