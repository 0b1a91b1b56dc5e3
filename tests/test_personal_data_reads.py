"""Every page that shows personal data writes an access-log entry, naming whose data it was.

Not a sample: every URL pattern of the project is requested, as every role that may open
it, on the objects of the user's own (and the shipped) data of ``tests/world.py``. A page
*reads personal data* when

* its view is about a model whose access policy says ``personal=True`` (``access_model``),
  or its URL names such an object, or it belongs to one of the case apps (unless it is
  listed in :data:`NOT_PERSONAL` with the reason); or
* its answer shows a marker planted in a personal object (a name, a question, a goal …).

Such a request must write at least one access-log entry (read, with a purpose), and for
every resident whose data the answer shows, an entry must name that resident (or, for data
about a household, one of its residents) among its data subjects (AVG art. 15: a resident's
access export says who viewed their data). A new page that reads personal data without
logging fails here. The app tests (``<app>/tests/test_audit.py``) enumerate the selectors
and services; this test enumerates the pages.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.urls import reverse

from tests.access.test_access_walk import _body, _client, _targets
from tests.access.urlwalk import PUBLIC, Page, pages
from tests.world import GLOBAL, OWN, World
from wijkkompas.accounts.access import policy_of
from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Event
from wijkkompas.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db

#: Apps whose every page is about residents and their cases.
CASE_NAMESPACES = {"residents", "conversations", "plans", "portal", "rights"}
#: Pages of those apps that show no personal data, with the reason.
NOT_PERSONAL: dict[str, str] = {
    "residents:index": "a start page: links to the caseloads of the user's teams (team names)",
    "residents:register": "an empty form (team, neighbourhood and organisation choices)",
    "rights:create": "an empty form to register a data request",
    "rights:purges": "the retention purges: dates and numbers only",
    "socialmap:suggestions": (
        "the social map's entries for the ticked life domains and a neighbourhood id (no "
        "resident, no question); about entry uses only because the roles that record them "
        "are the ones that get suggestions"
    ),
}
#: Pages that show personal data without text the world can mark (numbers, choices, files),
#: with what they show: every answer must be logged.
ALWAYS_PERSONAL: dict[str, str] = {
    "portal:consents": "the resident's consents: to whom, which parts, until when",
    "portal:consent_grant": "a form that reads the resident's record to give a consent",
    "portal:goal_add": "a form that reads the resident's record and plan",
    "portal:comment_add": "a form that reads the resident's record and plan",
    "portal:scores": "the resident's self-sufficiency scores over time",
    "portal:data": "the resident's record: the page to download all their data",
    "portal:download_pdf": "all data of the resident, as a PDF",
    "rights:list": "the resident numbers of the data requests",
}
#: Every role that may open a page, and the operator.
ROLES = [*(role.value for role in Role), "operator"]
#: The variants whose objects the users may open.
OPENABLE = ("", OWN, GLOBAL)


def _is_personal_model(model: type[models.Model] | None) -> bool:
    if model is None:
        return False
    try:
        return policy_of(model).personal
    except TypeError:
        return False


def _kind_models(page: Page, world: World) -> list[type[models.Model]]:
    found = []
    for kind, _attr in page.kinds().values():
        sample = next(iter(world.objects[kind].values()), None)
        if sample is not None:
            found.append(type(sample))
    return found


def reads_personal_data(page: Page, world: World) -> bool:
    """Whether the page is about personal data (before looking at what it shows)."""
    if page.name in NOT_PERSONAL:
        return False
    if page.namespace in CASE_NAMESPACES:
        return True
    return _is_personal_model(page.access_model) or any(
        _is_personal_model(model) for model in _kind_models(page, world)
    )


def subjects_of(obj: models.Model) -> set[int] | None:
    """The residents whose data ``obj`` is; None for personal data of a non-resident
    (a team member's name)."""
    label = obj._meta.label
    if label == "residents.Resident":
        return {obj.pk}
    if label == "residents.Household":
        return set(obj.residents.values_list("pk", flat=True))  # type: ignore[attr-defined]
    resident_id = getattr(obj, "resident_id", None)
    if resident_id:
        return {resident_id}
    for via in ("household", "plan", "discussion", "assessment"):
        parent = getattr(obj, via, None)
        if isinstance(parent, models.Model):
            return subjects_of(parent)
    return None


PAGES = [
    page
    for page in pages()
    if not page.login_flow and page.name not in PUBLIC and page.name != "web:health"
]


def _new_entries(after_pk: int) -> list[tuple[AccessLogEntry, set[int]]]:
    entries = AccessLogEntry.objects.filter(pk__gt=after_pk).prefetch_related("subjects")
    return [(entry, {s.resident_id for s in entry.subjects.all()}) for entry in entries]


def _requires_log(page: Page, world: World, shown: list[Any]) -> bool:
    """Whether this answer read personal data: it shows some, or names a personal object."""
    return (
        bool(shown)
        or page.name in ALWAYS_PERSONAL
        or any(_is_personal_model(model) for model in _kind_models(page, world))
    )


def _problems(
    page: Page, role: str, url: str, shown: list[Any], after: int, own: int | None
) -> list[str]:
    """``own``: the id of the resident the user is ("Mijn plan"), or None."""
    where = f"GET {url} as {role} ({page.name})"
    reads = [
        (entry, subjects)
        for entry, subjects in _new_entries(after)
        if entry.event == Event.READ and entry.purpose
    ]
    if not reads:
        what = ", ".join(map(str, shown[:5])) or "the personal object in its URL"
        return [f"{where}: wrote no access-log entry (read, with a purpose), but shows {what}"]
    logged = set().union(*(subjects for _entry, subjects in reads))
    problems = []
    if own is not None and own not in logged:
        problems.append(
            f"{where}: the resident's own data, but the log names {sorted(logged)}, not the "
            f"resident ({own}) as the data subject"
        )
    for marker in shown:
        expected = subjects_of(marker.obj)
        if expected is not None and not expected & logged:
            problems.append(
                f"{where}: shows {marker} of resident(s) {sorted(expected)}, but the log "
                f"names only {sorted(logged)} as data subjects"
            )
    return problems


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_page_that_shows_personal_data_logs_the_read(
    page: Page, world: World, login_client: Any
) -> None:
    problems: list[str] = []
    read_personal_data = False
    targets = [t for t in _targets(page, world) if t[0] in OPENABLE]
    for role in ROLES:
        user, client = _client(role, world, login_client)
        for _variant, kwargs, _objs in targets:
            url = reverse(page.name, kwargs=kwargs)
            after = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
            response = client.get(url)
            if response.status_code != 200:
                continue
            body = _body(response)
            shown = [
                marker
                for marker in world.markers
                if marker.token in body and _is_personal_model(type(marker.obj))
            ]
            if _requires_log(page, world, shown):
                read_personal_data = True
                own = getattr(getattr(user, "resident", None), "pk", None)
                problems += _problems(page, role, url, shown, after or 0, own)
    if reads_personal_data(page, world) and not read_personal_data:
        problems.append(
            f"{page.name}: a page about personal data, but no role saw any on it with the data "
            "of tests/world.py: add the objects it shows there (so its log entry is tested), "
            "or list it in NOT_PERSONAL (or ALWAYS_PERSONAL) with the reason"
        )
    assert not problems, "\n".join(problems)


def test_the_personal_pages_are_found(world: World) -> None:
    """A guard against a test that checks nothing: the team member pages read personal data."""
    personal = {page.name for page in PAGES if reads_personal_data(page, world)}
    assert "teams:member_edit" in personal, sorted(personal)
