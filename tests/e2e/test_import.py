"""A professional, new to the platform, imports residents from another registration
system (issue 6, "Done when"): from the menu to a new import, uploads a CSV, checks the
guessed columns, sees the dry run (what will happen per row, nothing imported yet), starts
the import with the keyboard, and sees the progress bar reach the result.

Written as a new user would click. axe-core, the CSP and the page's assets are checked on
every page visited (``ui.check()``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import UI
from wijkkompas.accounts.constants import Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

# Dutch when the catalogue has the text, else the English source text.
MENU = re.compile(r"^(Importeren|Import)")
NEW = re.compile(r"^(Nieuwe import|New import)$")
UPLOAD = re.compile(r"^(Uploaden en verder|Upload and continue)$")
CHECK = re.compile(r"^(Bestand controleren|Check the file)$")
IMPORT = re.compile(r"^(Importeren|Import)$")

CSV = (
    "Cliëntnummer;Naam;Geboortejaar;Toestemming gesprekken;Toestemming scores\n"
    "A-1;Fatima El Amrani;1980;ja;ja\n"
    "A-2;Anna de Vries;1950;ja;nee\n"
)


@pytest.fixture
def import_world(person: Any, tmp_path: Path, settings: Any) -> dict[str, Any]:
    from wijkkompas.teams.tests.factories import TeamFactory

    settings.WIJKKOMPAS_IMPORT_DIR = tmp_path / "imports"
    team = TeamFactory(name="Buurtteam Kanaleneiland")
    user, device = person(
        role=Role.PROFESSIONAL, municipality=team.municipality, teams=[team], first_name="Iris"
    )
    path = tmp_path / "inwoners.csv"
    path.write_text(CSV, encoding="utf-8")
    return {"team": team, "user": user, "device": device, "file": path}


def test_professional_imports_residents(ui: UI, import_world: dict[str, Any]) -> None:
    from wijkkompas.residents.models import Resident

    ui.login(import_world["user"].username, import_world["device"])
    ui.click_link(MENU, within="header nav")
    ui.check()
    ui.click_link(NEW, within="main")
    ui.check()

    # Step 1: what the file holds, the team (the only one is chosen), the system, the file.
    main = ui.page.locator("main")
    main.get_by_role("radio").first.check()
    main.get_by_role("textbox").first.fill("Suite4Sociaal Domein")
    main.locator("input[type=file]").set_input_files(str(import_world["file"]))
    ui.click_button(UPLOAD)
    ui.check()

    # Step 2: the columns, guessed from the Dutch column names.
    assert ui.path.endswith("/kolommen/")
    name_select = main.get_by_role("combobox").nth(1)
    assert name_select.input_value() == "1"  # "Naam"
    ui.click_button(CHECK)
    ui.check()

    # Step 3: the dry run: two new rows, no errors, nothing imported yet.
    text = main.inner_text()
    assert "2" in text
    assert not Resident.objects.exists()

    # Step 4: start the import with the keyboard; the progress bar reaches the result.
    main.get_by_role("button", name=IMPORT).focus()
    ui.press("Enter")
    ui.check()
    progress = main.locator("progress")
    assert progress.first.get_attribute("value") == "100"
    assert Resident.objects.count() == 2
    assert "Fatima" not in ui.page.url
