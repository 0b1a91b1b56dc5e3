"""/api/v1/imports/: the user's own import jobs, read-only; no personal data."""

from __future__ import annotations

from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.imports.constants import ImportKind

from .conftest import RESIDENTS_CSV

pytestmark = pytest.mark.django_db

LIST = "/api/v1/imports/"


def test_own_jobs_with_counts(world: Any, login_client: Any, residents_imported: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.get(LIST)
    assert response.status_code == 200
    rows = response.json()["results"] if "results" in response.json() else response.json()
    assert [row["id"] for row in rows] == [residents_imported.pk]
    row = client.get(f"{LIST}{residents_imported.pk}/").json()
    assert row["import_status"] == "done" and row["new_count"] == 3 and row["progress"] == 100
    assert (
        "Fatima" not in response.content.decode() and "111222333" not in response.content.decode()
    )


def test_another_users_job_is_404_and_absent(
    world: Any, login_client: Any, residents_imported: Any
) -> None:
    client = login_client(world.user(Role.COORDINATOR))
    assert client.get(f"{LIST}{residents_imported.pk}/").status_code == 404
    body = client.get(LIST).json()
    assert (body["results"] if "results" in body else body) == []


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.RESIDENT, Role.PRIVACY_OFFICER])
def test_roles_without_imports_get_403(world: Any, login_client: Any, role: str) -> None:
    response = login_client(world.user(role)).get(LIST)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_read_only(world: Any, login_client: Any, run_import: Any) -> None:
    job = run_import(
        world.user(Role.PROFESSIONAL),
        world.team,
        ImportKind.RESIDENTS,
        RESIDENTS_CSV,
        confirm=False,
    )
    client = login_client(world.user(Role.PROFESSIONAL))
    assert client.post(LIST, {}).status_code == 405
    assert client.delete(f"{LIST}{job.pk}/").status_code == 405
