"""A full disk while an import file is uploaded: the user reads why, nothing is kept (no job,
no partial file). The fault tests (tests/faults) do the same with a real full disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.core.tests.disk import files_open_full_after
from wijkkompas.imports.constants import ImportKind
from wijkkompas.imports.models import ImportJob

from .conftest import RESIDENTS_CSV, World, upload


def test_upload_on_a_full_disk_is_refused_and_keeps_nothing(
    world: World, login_client: Any, monkeypatch: pytest.MonkeyPatch, _import_dir: Path
) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    files_open_full_after(monkeypatch, room=20)
    response = client.post(
        reverse("imports:new"),
        {
            "kind": ImportKind.RESIDENTS,
            "team": world.team.pk,
            "source_system": "Suite",
            "file": upload(RESIDENTS_CSV),
        },
    )
    assert response.status_code == 400
    assert "There is no room left to store the file" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert [p for p in _import_dir.rglob("*") if p.is_file()] == []
