"""Bad files get a clear message and import nothing: wrong encoding, binary, wrong type,
empty, missing required columns, bad dates, invalid BSN, formula injection, too many rows,
too large (refused before it is read)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.imports import fields, services
from wijkkompas.imports.constants import ImportKind, JobStatus
from wijkkompas.imports.models import ImportJob
from wijkkompas.residents.models import Resident

from .conftest import upload

pytestmark = pytest.mark.django_db

HEADER = "id;naam;bsn;toestemming vanaf\n"


def _refused(world: Any, content: bytes | str, name: str = "export.csv") -> str:
    with pytest.raises(ApplicationError) as refused:
        services.job_create(
            user=world.user(Role.PROFESSIONAL),
            kind=ImportKind.RESIDENTS,
            team_id=world.team.pk,
            source_system="Suite",
            upload=upload(content, name),
        )
    assert not ImportJob.objects.exists()
    assert not any(services.import_dir().iterdir())
    return str(refused.value)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("id;naam\nR1;Anna\n".encode("utf-16"), "export.csv", "not a text file"),
        (b"id;naam\nR1;\x81\x8d\x8f\x90\x9d\n", "export.csv", "unknown character encoding"),
        (b"PK\x03\x04binary", "export.csv", "not a text file"),
        (b"id;naam\n", "export.pdf", "cannot be imported"),
        (b"", "export.csv", "empty"),
        (b"\xef\xbb\xbf\n\n", "export.csv", "empty"),
        (b"not a zip", "export.xlsx", "not an Excel file"),
    ],
)
def test_unreadable_files(world: Any, content: bytes, name: str, message: str) -> None:
    assert message in _refused(world, content, name)


def test_too_large_is_refused_before_reading(world: Any) -> None:
    class Huge:
        name = "export.csv"
        size = 1024**3

        def chunks(self) -> Any:  # pragma: no cover - must never be read
            raise AssertionError("read")

    with pytest.raises(ApplicationError, match="too large"):
        services.job_create(
            user=world.user(Role.PROFESSIONAL),
            kind=ImportKind.RESIDENTS,
            team_id=world.team.pk,
            source_system="Suite",
            upload=Huge(),
        )


def test_too_large_upload_over_http(world: Any, login_client: Any) -> None:
    """A 1 GB request is refused from its Content-Length, the body never read."""
    client = login_client(world.user(Role.PROFESSIONAL))
    body = io.BytesIO(b"x" * 10)
    response = client.generic(
        "POST",
        reverse("imports:new"),
        body.getvalue(),
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(1024**3),
    )
    assert response.status_code == 413
    assert b"too large" in response.content
    assert not ImportJob.objects.exists()


@override_settings(WIJKKOMPAS_IMPORT_MAX_BYTES=100)
def test_streamed_upload_over_the_limit(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    data = ("id;naam\n" + "R1;Anna de Vries\n" * 20000).encode()
    response = client.post(
        reverse("imports:new"),
        {
            "kind": ImportKind.RESIDENTS,
            "team": world.team.pk,
            "source_system": "Suite",
            "file": upload(data),
        },
    )
    assert response.status_code == 413 and b"too large" in response.content
    assert not ImportJob.objects.exists()


def _checked(world: Any, run_import: Any, content: str, **kw: Any) -> Any:
    job = run_import(world.user(Role.PROFESSIONAL), world.team, ImportKind.RESIDENTS, content, **kw)
    assert not Resident.objects.exists()
    return job


def test_missing_required_column(world: Any) -> None:
    job = services.job_create(
        user=world.user(Role.PROFESSIONAL),
        kind=ImportKind.RESIDENTS,
        team_id=world.team.pk,
        source_system="Suite",
        upload=upload("id;geboortejaar\nR1;1950\n"),
    )
    with pytest.raises(ApplicationError, match="Choose the column for 'Name': it is required"):
        services.job_map(user=world.user(Role.PROFESSIONAL), job=job, mapping=dict(job.mapping))


def test_every_row_error_with_row_and_column(world: Any, run_import: Any) -> None:
    content = HEADER + (
        "R1;Anna;;31-02-2025\n"  # the date does not exist
        'R2;=HYPERLINK("x");;\n'  # formula
        "R3;Piet;;2025/13\n"  # not a date
        "R4;@SUM(A1);;\n"  # formula
        "R5;-5;;\n"  # a negative number is no formula (the name is just odd)
        "R6;Kees;123456789;\n"  # fails the 11-proef
        "R7;Klaas;111222333;01-01-2025\n"
    )
    job = _checked(world, run_import, content)
    assert job.status == JobStatus.CHECKED and job.error_count == 5
    assert [e[:2] for e in job.errors] == [
        [2, "toestemming vanaf"],
        [3, "naam"],
        [4, "toestemming vanaf"],
        [5, "naam"],
        [7, "bsn"],
    ]
    messages = " ".join(e[2] for e in job.errors)
    assert "This date does not exist" in messages
    assert "looks like a spreadsheet formula" in messages
    assert "dd-mm-jjjj" in messages
    assert "11-proef" in messages
    assert "123456789" not in messages and "HYPERLINK" not in messages
    # Confirming is refused: nothing imported.
    with pytest.raises(ApplicationError):
        services.job_confirm(user=world.user(Role.PROFESSIONAL), job=job)
    assert not Resident.objects.exists()


def test_formula_rule() -> None:
    for text in ["=1+1", "+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(1)", "\tx", "\rx"]:
        assert fields.looks_like_formula(text), text
    for text in ["-5", "+31 6 12345678", "-12,50", "Anna", "", "5-3"]:
        assert not fields.looks_like_formula(text), text


def test_dates() -> None:
    assert str(fields.parse_date("2025-03-01")) == "2025-03-01"
    assert str(fields.parse_date("1-3-2025")) == "2025-03-01"
    assert str(fields.parse_date("01/03/2025")) == "2025-03-01"
    with pytest.raises(fields.CellError):
        fields.parse_date("March 1st")


@override_settings(WIJKKOMPAS_IMPORT_MAX_ROWS=3)
def test_too_many_rows(world: Any, run_import: Any) -> None:
    content = "id;naam\n" + "".join(f"R{n};Inwoner\n" for n in range(5))
    job = _checked(world, run_import, content)
    assert job.status == JobStatus.FAILED and "more than 3 rows" in job.message


def test_windows_1252_and_bom_and_comma(world: Any, run_import: Any) -> None:
    content = "id,naam,toestemming gesprekken\r\nR1,José Müller,ja\r\n".encode("cp1252")
    job = run_import(world.user(Role.PROFESSIONAL), world.team, ImportKind.RESIDENTS, content)
    assert job.status == JobStatus.DONE, (job.message, job.errors)
    assert Resident.objects.get().name == "José Müller"
    bom = "\ufeffid;naam\nR2;Ümit\n".encode()
    job = run_import(world.user(Role.PROFESSIONAL), world.team, ImportKind.RESIDENTS, bom)
    assert job.status == JobStatus.DONE and Resident.objects.count() == 2


def test_excel(world: Any, run_import: Any) -> None:
    import datetime as dt

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Cliëntnummer", "Naam", "Geboortejaar", "Toestemming vanaf"])
    sheet.append(["R1", "Anna de Vries", 1950, dt.datetime(2025, 1, 1)])
    sheet.append([2, "Piet", None, None])
    out = io.BytesIO()
    workbook.save(out)
    job = run_import(
        world.user(Role.PROFESSIONAL),
        world.team,
        ImportKind.RESIDENTS,
        out.getvalue(),
        name="x.xlsx",
    )
    assert job.status == JobStatus.DONE, (job.message, job.errors)
    assert sorted(Resident.objects.values_list("external_id", "birth_year")) == [
        ("2", None),
        ("R1", 1950),
    ]
