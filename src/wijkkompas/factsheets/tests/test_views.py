"""The factsheet pages for every role: in scope 200, out of scope 404, roles without
factsheets 403; exports; the PDF from the button to the download, and its failures."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.factsheets import services
from wijkkompas.factsheets.constants import RunStatus
from wijkkompas.factsheets.models import FactsheetRun

pytestmark = pytest.mark.django_db


def _municipality(pk: int) -> str:
    return reverse("factsheets:municipality", args=[pk])


def _team(pk: int) -> str:
    return reverse("factsheets:team", args=[pk])


@pytest.mark.parametrize(
    ("role", "where", "status"),
    [
        (Role.POLICY_OFFICER, "gm", 200),
        (Role.POLICY_OFFICER, "foreign", 404),
        (Role.ADMIN, "gm", 200),
        (Role.ADMIN, "shared", 404),
        (Role.RESEARCHER, "shared", 200),
        (Role.RESEARCHER, "gm", 404),  # the researcher's own municipality does not share
        (Role.RESEARCHER, "foreign", 404),
        (Role.TEAM_LEAD, "gm", 403),
        (Role.PROFESSIONAL, "gm", 403),
        (Role.PRIVACY_OFFICER, "gm", 403),
        (Role.RESIDENT, "gm", 403),
        (Role.INITIATOR, "gm", 403),
    ],
)
def test_municipality_factsheet_access(
    world: Any, login_client: Any, role: str, where: str, status: int
) -> None:
    client = login_client(world.user(role))
    assert client.get(_municipality(getattr(world, where).pk)).status_code == status
    assert client.get(_municipality(987654)).status_code == (403 if status == 403 else 404)


@pytest.mark.parametrize(
    ("role", "where", "status"),
    [
        (Role.TEAM_LEAD, "team", 200),
        (Role.TEAM_LEAD, "sibling", 404),
        (Role.PROFESSIONAL, "team", 200),
        (Role.COORDINATOR, "sibling", 404),
        (Role.POLICY_OFFICER, "sibling", 200),
        (Role.POLICY_OFFICER, "foreign_team", 404),
        (Role.ADMIN, "team", 200),
        (Role.RESEARCHER, "shared_team", 200),
        (Role.RESEARCHER, "team", 404),
        (Role.PRIVACY_OFFICER, "team", 403),
        (Role.RESIDENT, "team", 403),
    ],
)
def test_team_factsheet_access(
    world: Any, login_client: Any, role: str, where: str, status: int
) -> None:
    client = login_client(world.user(role))
    assert client.get(_team(getattr(world, where).pk)).status_code == status


def test_anonymous_visitors_go_to_the_login(world: Any, client: Any) -> None:
    response = client.get(_team(world.team.pk))
    assert response.status_code == 302


def test_the_page_shows_no_names_of_people(world: Any, login_client: Any) -> None:
    names = list(world.team.memberships.values_list("person_name", flat=True))
    for role in (Role.TEAM_LEAD, Role.POLICY_OFFICER):
        html = login_client(world.user(role)).get(_team(world.team.pk)).content.decode()
        assert world.team.name in html and "Iedereen in Wezep doet mee." in html
        assert not [name for name in names if name in html]
    html = login_client(world.user(Role.RESEARCHER)).get(_team(world.shared_team.pk)).content
    assert b"<table" in html and b"wk-chart__svg" in html


def test_index_lists_the_factsheets(world: Any, login_client: Any) -> None:
    html = login_client(world.user(Role.POLICY_OFFICER)).get(reverse("factsheets:index"))
    assert html.status_code == 200
    body = html.content.decode()
    assert _municipality(world.gm.pk) in body and _team(world.sibling.pk) in body
    assert _team(world.foreign_team.pk) not in body


def test_exports(world: Any, login_client: Any) -> None:
    from openpyxl import load_workbook

    client = login_client(world.user(Role.POLICY_OFFICER))
    csv = client.get(_municipality(world.gm.pk) + "?formaat=csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert "Oldebroek" in csv.content.decode("utf-8-sig")
    xlsx = client.get(_municipality(world.gm.pk) + "?formaat=xlsx&jaar=2025")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Factsheet", "Indicator definitions", "Key indicators"]
    definitions = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    shown = {row[1] for row in book.worksheets[2].iter_rows(min_row=2, values_only=True)}
    assert definitions and set(definitions) == shown
    bad = client.get(_municipality(world.gm.pk) + "?formaat=pdf&jaar=tweeduizend")
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Choose CSV or Excel" in text and "Choose a year between 2000" in text


def _start(client: Any, capture: Any, **data: Any) -> Any:
    with capture(execute=True):
        return client.post(reverse("factsheets:pdf"), data)


def test_pdf_from_the_button_to_the_download(
    world: Any, login_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    lead = world.user(Role.TEAM_LEAD)
    client = login_client(lead)
    response = _start(client, django_capture_on_commit_callbacks, team=world.team.pk, jaar=2026)
    assert response.status_code == 302
    assert response["Location"].startswith(_team(world.team.pk))
    run = FactsheetRun.objects.get()
    assert run.status == RunStatus.DONE and run.progress == 100 and run.pages
    assert run.requested_by == lead and run.team == world.team
    fragment = client.get(
        reverse("factsheets:team_pdf", args=[world.team.pk]), HTTP_HX_REQUEST="true"
    )
    assert b"Download the PDF" in fragment.content and b"hx-get" not in fragment.content
    download = client.get(reverse("factsheets:team_download", args=[world.team.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF") and download["Cache-Control"] == "no-store"
    assert "attachment" in download["Content-Disposition"]
    # The PDF was made for the team lead: nobody else gets it.
    officer = login_client(world.user(Role.POLICY_OFFICER))
    other = officer.get(reverse("factsheets:team_download", args=[world.team.pk]))
    assert other.status_code == 200 and other["Content-Type"].startswith("text/html")
    assert b"No PDF has been made" in other.content
    listing = client.get(reverse("factsheets:pdf"))
    assert listing.status_code == 200 and world.team.name.encode() in listing.content


def test_pdf_of_a_municipality_out_of_scope_is_404_and_saves_nothing(
    world: Any, login_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    researcher = login_client(world.user(Role.RESEARCHER))
    response = _start(researcher, django_capture_on_commit_callbacks, municipality=world.gm.pk)
    assert response.status_code == 404
    lead = login_client(world.user(Role.TEAM_LEAD))
    assert (
        _start(lead, django_capture_on_commit_callbacks, municipality=world.gm.pk).status_code
        == 404
    )
    assert (
        _start(lead, django_capture_on_commit_callbacks, team=world.sibling.pk).status_code == 404
    )
    resident = login_client(world.user(Role.RESIDENT))
    assert (
        _start(resident, django_capture_on_commit_callbacks, team=world.team.pk).status_code == 403
    )
    assert not FactsheetRun.objects.exists()


def test_pdf_bad_input_gives_a_message(
    world: Any, login_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    for data in ({}, {"team": "abc"}, {"team": world.team.pk, "jaar": "1850"}):
        response = _start(client, django_capture_on_commit_callbacks, **data)
        assert response.status_code == 302
        assert response["Location"] == reverse("factsheets:index")
    assert not FactsheetRun.objects.exists()


def test_a_failed_pdf_says_so(
    world: Any, login_client: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    from wijkkompas.factsheets import pdf

    def broken(_factsheet: Any) -> Any:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    client = login_client(world.user(Role.POLICY_OFFICER))
    _start(client, django_capture_on_commit_callbacks, municipality=world.gm.pk)
    run = FactsheetRun.objects.get()
    assert run.status == RunStatus.FAILED and run.error == "RuntimeError" and not run.file_name
    page = client.get(_municipality(world.gm.pk))
    assert b"The PDF could not be made" in page.content
    assert (
        client.get(reverse("factsheets:municipality_download", args=[world.gm.pk])).status_code
        == 200
    )


def test_access_is_checked_again_when_the_pdf_is_made(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    run = FactsheetRun.objects.create(
        municipality=world.gm, team=world.team, year=2026, requested_by=lead
    )
    lead.teams.clear()
    run = services.factsheet_run_execute(run_id=run.pk)
    assert run.status == RunStatus.FAILED and run.error == "access"


def test_a_missing_file_asks_to_make_it_again(world: Any, login_client: Any) -> None:
    officer = world.user(Role.POLICY_OFFICER)
    run = FactsheetRun.objects.create(municipality=world.gm, year=2026, requested_by=officer)
    run = services.factsheet_run_execute(run_id=run.pk)
    (services.factsheet_dir() / run.file_name).unlink()
    response = login_client(officer).get(
        reverse("factsheets:municipality_download", args=[world.gm.pk])
    )
    assert response.status_code == 200 and b"no longer available" in response.content
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED


def test_old_pdfs_are_pruned(world: Any) -> None:
    officer = world.user(Role.POLICY_OFFICER)
    runs = []
    for _ in range(services.KEEP_PER_FACTSHEET + 2):
        run = FactsheetRun.objects.create(municipality=world.gm, year=2026, requested_by=officer)
        runs.append(services.factsheet_run_execute(run_id=run.pk))
    assert FactsheetRun.objects.count() == services.KEEP_PER_FACTSHEET
    files = sorted(p.name for p in services.factsheet_dir().iterdir())
    assert files == sorted(FactsheetRun.objects.values_list("file_name", flat=True))
