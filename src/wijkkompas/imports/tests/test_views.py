"""The import pages: the whole flow for a professional, 403 for roles that may not import,
404 for another user's import, the progress fragment, and who may import what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import TestCase
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.imports.constants import ImportKind, JobStatus
from wijkkompas.imports.models import ImportJob
from wijkkompas.residents.models import Resident

from .conftest import RESIDENTS_CSV, upload

pytestmark = pytest.mark.django_db

NO_IMPORT_ROLES = [
    Role.POLICY_OFFICER,
    Role.RESEARCHER,
    Role.INITIATOR,
    Role.PRIVACY_OFFICER,
    Role.RESIDENT,
]


def test_flow_upload_map_dry_run_import(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    assert client.get(reverse("imports:index")).status_code == 200
    page = client.get(reverse("imports:new"))
    assert page.status_code == 200 and b"required" in page.content
    response = client.post(
        reverse("imports:new"),
        {
            "kind": ImportKind.RESIDENTS,
            "team": world.team.pk,
            "source_system": "Suite",
            "file": upload(RESIDENTS_CSV),
        },
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:mapping", args=[job.pk]
    )
    mapping = client.get(response["Location"])
    assert mapping.status_code == 200
    form = mapping.context["form"]
    assert form.fields["name"].required and not form.fields["bsn"].required
    data = {name: field.initial for name, field in form.fields.items()}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("imports:mapping", args=[job.pk]), data)
    assert response.status_code == 302
    detail = client.get(reverse("imports:detail", args=[job.pk]))
    assert detail.status_code == 200 and b"what the import will do" in detail.content
    assert not Resident.objects.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("imports:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and Resident.objects.count() == 3
    done = client.get(reverse("imports:detail", args=[job.pk]))
    assert b"The import is done" in done.content and b"<progress" in done.content
    fragment = client.get(reverse("imports:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"
    # No personal data in the job's URLs or its list.
    assert b"Fatima" not in client.get(reverse("imports:index")).content


def test_progress_fragment_while_running(world: Any, login_client: Any) -> None:
    user = world.user(Role.PROFESSIONAL)
    job = ImportJob.objects.create(
        municipality=world.gm,
        team=world.team,
        created_by=user,
        kind=ImportKind.RESIDENTS,
        source_system="Suite",
        file_format="csv",
        status=JobStatus.RUNNING,
        progress=40,
    )
    client = login_client(user)
    fragment = client.get(reverse("imports:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "HX-Refresh" not in fragment
    assert (
        b'<progress max="100" value="40"' in fragment.content
        and b'hx-trigger="every 1s"' in fragment.content
    )
    page = client.get(reverse("imports:detail", args=[job.pk]))
    assert b"Importing: 40% done." in page.content  # without JavaScript: reload the page


@pytest.mark.parametrize("role", NO_IMPORT_ROLES)
def test_roles_that_may_not_import_get_403(world: Any, login_client: Any, role: str) -> None:
    client = login_client(world.user(role))
    assert client.get(reverse("imports:index")).status_code == 403
    assert client.post(reverse("imports:new"), {}).status_code == 403


def test_another_users_job_is_404(world: Any, login_client: Any, run_import: Any) -> None:
    job = run_import(
        world.user(Role.PROFESSIONAL),
        world.team,
        ImportKind.RESIDENTS,
        RESIDENTS_CSV,
        confirm=False,
    )
    other = login_client(world.user(Role.COORDINATOR))
    for name in ("detail", "mapping", "progress"):
        assert other.get(reverse(f"imports:{name}", args=[job.pk])).status_code == 404
    assert other.post(reverse("imports:confirm", args=[job.pk])).status_code == 404
    assert not Resident.objects.exists()


def test_another_team_is_404_and_admin_imports_initiatives_only(
    world: Any, login_client: Any
) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(
        reverse("imports:new"),
        {
            "kind": ImportKind.RESIDENTS,
            "team": world.sibling.pk,
            "source_system": "S",
            "file": upload(RESIDENTS_CSV),
        },
    )
    assert response.status_code == 400  # not a team of the user: not offered
    admin = login_client(world.user(Role.ADMIN))
    page = admin.get(reverse("imports:new"))
    assert [k for k, _l in page.context["form"].fields["kind"].choices] == [ImportKind.INITIATIVES]
    response = admin.post(
        reverse("imports:new"),
        {
            "kind": ImportKind.RESIDENTS,
            "team": world.team.pk,
            "source_system": "S",
            "file": upload(RESIDENTS_CSV),
        },
    )
    assert response.status_code == 400 and not ImportJob.objects.exists()


def test_menu_names_the_import_page(world: Any, login_client: Any) -> None:
    home = login_client(world.user(Role.PROFESSIONAL)).get(reverse("web:home"))
    assert reverse("imports:index").encode() in home.content
