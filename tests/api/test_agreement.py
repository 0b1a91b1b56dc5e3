"""The API and the pages give the same answer to the same role (issue 6, "Done when").

For every endpoint of the router, every role of the world (and anonymous):

* the same refusals: the endpoint refuses the role (403, or 401 for a visitor) exactly when
  the corresponding list page refuses it (403, or the login page);
* the same objects: for every object of the world of the endpoint's model, the page that
  shows it answers 200 (a public page: shows its marker) exactly when the API's detail
  answers 200, and exactly then the object is in the API's list;
* for an endpoint of figures (``AGGREGATES``): its answer for a scope is 200 exactly when
  the page of that scope is.

:data:`PAGES` says which page corresponds to which endpoint; an endpoint without an entry
and without a reason in :data:`NO_PAGE` fails, so no endpoint escapes this test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from tests.access.test_access_walk import ANONYMOUS, ROLES, _client, _is_login_redirect
from tests.api.endpoints import ALL, TOKEN_ONLY, Endpoint, endpoints, world_objects
from tests.world import World

pytestmark = pytest.mark.django_db


def _page(name: str, attribute: str = "pk", kwarg: str = "pk") -> Callable[[Any], str]:
    """The page ``name`` of the object at ``attribute`` (a dotted path) of the row."""

    def url(obj: Any) -> str:
        value = obj
        for part in attribute.split("."):
            value = getattr(value, part)
        return reverse(name, kwargs={kwarg: value})

    return url


@dataclass(frozen=True)
class Pages:
    #: The list page (its refusals are the endpoint's); None: the rows are shown on the
    #: pages of the objects they are part of, which may show those objects without them.
    list: str | None
    #: The page that shows one row (of the row itself, or of the object it is part of).
    detail: Callable[[Any], str] | None = None
    #: For visitors, on an endpoint that serves them published rows: the public page that
    #: shows the row (by the row's markers).
    public: Callable[[Any], str] | None = None
    #: The detail page shows the row when it shows its markers (not merely answers 200).
    by_marker: bool = False
    #: The API list holds the rows the list page shows (by their markers), not every row
    #: the user may open: published rows of other municipalities open, but are not listed.
    list_marker: bool = False


#: Endpoint (basename) -> its pages.
PAGES: dict[str, Pages] = {
    "municipality": Pages("areas:list", _page("areas:detail")),
    "district": Pages("areas:list", _page("areas:detail", "municipality_id")),
    "neighbourhood": Pages("areas:list", _page("areas:detail", "district.municipality_id")),
    "organisation": Pages("organisations:list", _page("organisations:detail")),
    # Reference data: whoever opens the organisation list sees every discipline (its filter).
    "discipline": Pages("organisations:list", lambda _obj: reverse("organisations:list")),
    "team": Pages("teams:list", _page("teams:detail")),
    # The team page names its members only to the roles that may see them.
    "membership": Pages(None, _page("teams:detail", "team_id"), by_marker=True),
    "partner": Pages("teams:list", _page("teams:detail", "team_id")),
    "resident": Pages("residents:index", _page("residents:detail")),
    "household": Pages(
        "residents:index", _page("residents:household_detail", kwarg="household_pk")
    ),
    "consent": Pages("residents:index", _page("residents:detail", "resident_id")),
    # The household page shows the household to more consents than its risk signals.
    "risk-signal": Pages(
        "residents:index",
        _page("residents:household_detail", "household_id", "household_pk"),
        by_marker=True,
    ),
    # A ZRM score is shown with the conversation it was made in (the same consent part).
    "assessment": Pages("residents:index", _page("conversations:detail", "conversation_id")),
    "conversation": Pages("conversations:mine", _page("conversations:detail")),
    "instrument": Pages("instruments:list", lambda obj: _version_page(obj)),
    "idea": Pages(
        "ideas:list",
        _page("ideas:detail"),
        _page("ideas:public", "neighbourhood.code", "code"),
        list_marker=True,
    ),
    "initiative": Pages(
        "initiatives:list", _page("initiatives:detail"), _page("initiatives:public_detail")
    ),
    "opportunity": Pages(
        "initiatives:opportunities",
        _page("initiatives:opportunity_detail", kwarg="opportunity"),
    ),
    "place": Pages(
        "places:list",
        _page("places:detail"),
        _page("places:public", "neighbourhood.code", "code"),
        list_marker=True,
    ),
    "social-map-entry": Pages(
        "socialmap:list",
        _page("socialmap:detail"),
        _page("socialmap:public_entry"),
        list_marker=True,
    ),
    "story": Pages("indicators:catalogue", _page("indicators:story")),
    # Figures: the page of each scope is in tests/api/endpoints.py (AGGREGATES).
    "indicator": Pages("indicators:catalogue"),
    "plan": Pages("plans:worklist", _page("plans:detail", kwarg="plan")),
    "case-discussion": Pages(
        "plans:discussions", _page("plans:discussion_detail", kwarg="discussion")
    ),
    "reflection": Pages("reflections:index", _page("reflections:detail")),
    "work-group": Pages("workgroups:list", _page("workgroups:detail")),
    "self-assessment": Pages("selfassessments:index", _page("selfassessments:detail")),
    # Reference data shown on the overview pages to every role that may open them.
    "self-assessment-round": Pages(
        "selfassessments:index", lambda _obj: reverse("selfassessments:index")
    ),
    "theme": Pages("signals:overview", lambda _obj: reverse("signals:overview")),
    # Signals are aggregates only: the overview shows those of the user's areas.
    "area-signal": Pages("signals:overview", lambda _obj: reverse("signals:overview")),
    "import-job": Pages("imports:index", _page("imports:detail")),
    # A member's week: the team's time page shows it (its note) to the member and the lead.
    "time-split": Pages(
        "timeuse:week", _page("timeuse:team", "team_id", kwarg="team"), by_marker=True
    ),
    # Figures: the team's time page (tests/api/endpoints.py, AGGREGATES).
    "team-time-split": Pages("timeuse:week"),
}


def _version_page(instrument: Any) -> str:
    """An instrument is shown on the page of its (active) version."""
    version = instrument.versions.order_by("-is_active", "-pk").first()
    return reverse("instruments:version", kwargs={"pk": version.pk if version else 987654})


#: Endpoints without a page, and why.
NO_PAGE: dict[str, str] = {
    **TOKEN_ONLY,
}

ENDPOINTS = endpoints()


def _status(response: Any) -> str:
    """200, 403, 404, or "login" (a visitor sent to the login page; the API's 401)."""
    if response.status_code == 401 or _is_login_redirect(response):
        return "login"
    return str(response.status_code)


def _ids(response: Any) -> set[Any]:
    if response.status_code != 200:
        return set()
    data = response.json()
    rows = data.get("results", []) if isinstance(data, dict) else data
    return {row.get("id") for row in rows if isinstance(row, dict)}


def _shows(world: World, obj: Any, body: str) -> bool:
    label = obj._meta.concrete_model._meta.label
    tokens = [
        m.token
        for m in world.markers
        if m.obj._meta.concrete_model._meta.label == label and m.obj.pk == obj.pk
    ]
    return any(token in body for token in tokens)


def test_every_endpoint_has_its_pages() -> None:
    missing = [e.basename for e in ENDPOINTS if e.basename not in PAGES | NO_PAGE]
    assert not missing, (
        f"endpoints without their pages: {missing}. Add each to PAGES in "
        "tests/api/test_agreement.py (the list page, and the page that shows one row), or "
        "to NO_PAGE with the reason it has none (e.g. only a system uses it)"
    )
    stale = set(PAGES) - {e.basename for e in ENDPOINTS}
    assert not stale, f"PAGES names endpoints that no longer exist: {sorted(stale)}"


def _agreement(endpoint: Endpoint, role: str, world: World, login_client: Any) -> list[str]:
    pages = PAGES[endpoint.basename]
    user, client = _client(role, world, login_client)
    problems: list[str] = []
    api_url = f"{endpoint.list_url}?{ALL}" if endpoint.aggregate is None else None
    api = client.get(api_url) if api_url else None
    list_page = client.get(reverse(pages.list)) if pages.list else None
    refused_page = refused_api = False
    if api is not None and list_page is not None:
        refused_page = list_page.status_code == 403 or _is_login_redirect(list_page)
        refused_api = api.status_code in (401, 403)
        public_visitor = role == ANONYMOUS and endpoint.public_read
        if refused_page != refused_api and not public_visitor:
            problems.append(
                f"{role}: the page {pages.list} answers {_status(list_page)}, "
                f"GET {api_url} {api.status_code}"
            )
    if endpoint.aggregate is not None:
        for query, _obj, page_url in endpoint.scope_queries(world):
            page_status = _status(client.get(page_url))
            api_status = _status(client.get(f"{endpoint.list_url}?{query}"))
            if (page_status == "200") != (api_status == "200"):
                problems.append(
                    f"{role}: the page {page_url} answers {page_status}, "
                    f"GET {endpoint.list_url}?{query} {api_status}"
                )
        return problems
    if refused_page and refused_api and not endpoint.public_read:
        # Refused by both: every object answers 403 (or the login page) on both, as the
        # page walker and the API walker check object by object.
        return problems
    listed = _ids(api) if api is not None else set()
    list_body = (
        list_page.content.decode()
        if list_page is not None and list_page.status_code == 200 and pages.list_marker
        else ""
    )
    for obj in world_objects(world, endpoint.row_model or endpoint.model):
        if role == ANONYMOUS and pages.public is not None and endpoint.public_read:
            page_url, by_marker = pages.public(obj), True
        elif pages.detail is not None:
            page_url, by_marker = pages.detail(obj), pages.by_marker
        else:
            continue
        response = client.get(page_url)
        page_shows = response.status_code == 200 and (
            not by_marker or _shows(world, obj, response.content.decode())
        )
        api_status = client.get(endpoint.detail_url(obj.pk)).status_code
        if page_shows != (api_status == 200):
            problems.append(
                f"{role}: {type(obj).__name__} {obj.pk}: the page {page_url} "
                f"{'shows' if page_shows else 'does not show'} it, "
                f"GET {endpoint.detail_url(obj.pk)} answers {api_status}"
            )
            continue
        if api is None or api.status_code != 200:
            continue
        if pages.list_marker and role != ANONYMOUS:
            expected = _shows(world, obj, list_body)
        else:
            expected = api_status == 200
        if expected != (obj.pk in listed):
            problems.append(
                f"{role}: {type(obj).__name__} {obj.pk}: "
                + (f"the page {pages.list}" if pages.list_marker else "the detail")
                + f" {'shows' if expected else 'does not show'} it, but it is "
                f"{'' if obj.pk in listed else 'not '}in the list {api_url}"
            )
    return problems


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.basename not in NO_PAGE], ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_as_the_pages(
    role: str, endpoint: Endpoint, world: World, login_client: Any
) -> None:
    if endpoint.basename not in PAGES:
        pytest.fail(f"{endpoint} has no pages in PAGES (see test_every_endpoint_has_its_pages)")
    problems = _agreement(endpoint, role, world, login_client)
    assert not problems, "\n".join(problems)
