"""A full disk on an upload: the import directory of the running app is a small tmpfs (a real
full disk, ``ENOSPC``). The user gets the form again with a clear message, nothing is kept
(no import job, no partial file), and the same form works for a file that fits."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from .harness import App

RESIDENTS_HEADER = "Cliëntnummer;Naam;Huishouden;Geboortejaar;Buurt;BSN;Toestemming gesprekken\n"


def residents_csv(rows: int) -> bytes:
    lines = [f"F{n};Inwoner {n};Huishouden {n};1970;;;ja\n" for n in range(rows)]
    return (RESIDENTS_HEADER + "".join(lines)).encode()


def files_in(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file()]


def test_import_upload_on_a_full_disk(make_app: Callable[..., App], cluster: tuple) -> None:
    work, pg, _redis = cluster
    app = make_app()
    imports = app.var / "imports"
    if work.tmpfs(str(imports.relative_to(work.path)), size_kb=64) is None:
        if os.environ.get("WIJKKOMPAS_FAULTS_STRICT") == "1":
            pytest.fail("a tmpfs could not be mounted (root with CAP_SYS_ADMIN is needed)")
        pytest.skip("no tmpfs here (not root): the injected ENOSPC tests of the apps remain")
    database = app.environ["DATABASE_URL"].rsplit("/", 1)[1]
    app.start_web()
    client = app.session_for("demo-professional")
    client.cookies["django_language"] = "en"

    def upload(content: bytes) -> object:
        token = client.csrf_token("/import/nieuw/")
        form = client.get("/import/nieuw/").text
        after = form.split('name="team"', 1)[-1]
        team = re.search(r'value="(\d+)"', after)
        assert team, "no team to import into"
        return client.post_multipart(
            "/import/nieuw/",
            {"kind": "residents", "team": team.group(1), "source_system": "Suite"},
            {"file": ("inwoners.csv", content, "text/csv")},
            token=token,
        )

    jobs = "SELECT count(*) FROM imports_importjob"
    before = pg.execute(jobs, database)[0][0]
    too_big = residents_csv(3000)  # about 150 KB: more than the disk holds
    assert len(too_big) > 64 * 1024
    refused = upload(too_big)
    assert refused.status == 400, refused.text[:500]  # type: ignore[attr-defined]
    assert "There is no room left to store the file" in refused.text  # type: ignore[attr-defined]
    assert pg.execute(jobs, database)[0][0] == before
    assert files_in(imports) == []

    fits = upload(residents_csv(20))
    assert fits.status == 302, fits.text[:500]  # type: ignore[attr-defined]
    assert pg.execute(jobs, database)[0][0] == before + 1
    assert len(files_in(imports)) == 1
