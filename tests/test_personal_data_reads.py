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
NOT_PERSONAL: dict[str, str] = {}
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
    if page.namespace in CASE_NAMESPACES and page.name not in NOT_PERSONAL:
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


def _problems(page: Page, role: str, url: str, body: str, world: World, after: int) -> list[str]:
    where = f"GET {url} as {role} ({page.name})"
    shown = [
        marker
        for marker in world.markers
        if marker.token in body and _is_personal_model(type(marker.obj))
    ]
    if not shown and not reads_personal_data(page, world):
        return []
    reads = [
        (entry, subjects)
        for entry, subjects in _new_entries(after)
        if entry.event == Event.READ and entry.purpose
    ]
    if not reads:
        what = ", ".join(map(str, shown[:5])) or "a page about personal data"
        return [f"{where}: wrote no access-log entry (read, with a purpose), but shows {what}"]
    logged = set().union(*(subjects for _entry, subjects in reads))
    problems = []
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
    opened = False
    targets = [t for t in _targets(page, world) if t[0] in OPENABLE]
    for role in ROLES:
        _user, client = _client(role, world, login_client)
        for _variant, kwargs, _objs in targets:
            url = reverse(page.name, kwargs=kwargs)
            after = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
            response = client.get(url)
            if response.status_code != 200:
                continue
            opened = True
            problems += _problems(page, role, url, _body(response), world, after or 0)
    if reads_personal_data(page, world) and not opened:
        problems.append(
            f"{page.name}: reads personal data, but no role could open it on the data of "
            "tests/world.py: add the objects it needs there, so its log entry is tested"
        )
    assert not problems, "\n".join(problems)


def test_the_personal_pages_are_found(world: World) -> None:
    """A guard against a test that checks nothing: the team member pages read personal data."""
    personal = {page.name for page in PAGES if reads_personal_data(page, world)}
    assert "teams:member_edit" in personal, sorted(personal)
