"""The PDF is a real PDF: WeasyPrint lays out the factsheet (with its name, tables and
indicators) on A4 pages, loads nothing from outside, and the task stores it privately."""

from __future__ import annotations

from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.factsheets import pdf, selectors, services
from wijkkompas.factsheets.constants import RunStatus
from wijkkompas.factsheets.models import FactsheetRun
from wijkkompas.factsheets.tasks import build_factsheet_pdf

pytestmark = pytest.mark.django_db


def test_the_pdf_is_a_real_pdf_of_the_factsheet(world: Any) -> None:

    sheet = selectors.municipality_factsheet(
        user=world.user(Role.POLICY_OFFICER), municipality=world.gm, year=2026
    )
    html = pdf.render_html(sheet)
    assert "Oldebroek" in html and world.team.name in html
    assert "<table" in html and "<svg" in html and "<style" not in html
    assert "@page" in pdf._stylesheet()
    document = pdf.render_document(sheet)
    assert len(document.pages) > 0
    # The first page's boxes hold the municipality's name in the title.
    texts: list[str] = []

    def walk(box: Any) -> None:
        if hasattr(box, "text"):
            texts.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    walk(document.pages[0]._page_box)
    assert any("Oldebroek" in text for text in texts)
    content, pages = pdf.render_pdf(sheet)
    assert content.startswith(b"%PDF") and pages == len(document.pages)


def test_the_task_makes_and_stores_the_pdf_privately(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    run = FactsheetRun.objects.create(
        municipality=world.gm, team=world.team, year=2026, requested_by=lead
    )
    assert build_factsheet_pdf.call(run_id=run.pk, language="nl") == RunStatus.DONE
    run.refresh_from_db()
    path = services.factsheet_dir() / run.file_name
    assert path.read_bytes().startswith(b"%PDF") and run.size == path.stat().st_size
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert len(run.file_name) == 36  # random, never a name of a team or person
    assert services.factsheet_file(user=lead, run=run).startswith(b"%PDF")
    # A run that is not queued is left alone.
    assert services.factsheet_run_execute(run_id=run.pk).file_name == run.file_name


def test_nothing_is_fetched_from_outside() -> None:
    with pytest.raises(ValueError):
        pdf._no_fetch("https://example.org/logo.png")
