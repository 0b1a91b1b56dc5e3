"""A developer reads the API documentation (/api/docs/) and an administrator connects a
system (/api/koppelingen/): the operations render from the schema, nothing is loaded from
another site, and axe-core finds nothing on any page.

Names match the English text and its Dutch translation (either may be in the catalogue).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import UI
from wijkkompas.accounts.constants import Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

MENU = re.compile(r"^(API clients|API-koppelingen)")
ADD = re.compile(r"^(Add an API client|API-koppeling toevoegen)$")
CREATE = re.compile(r"^(Create the client and show the token|Koppeling aanmaken en token tonen)$")
BACK = re.compile(r"^(I have copied the token|Ik heb het token gekopieerd)")
REVOKE = re.compile(r"^(Revoke|Intrekken)")
CONFIRM = re.compile(r"^(Revoke API client|Koppeling intrekken)$")


def _watch_other_sites(ui: UI) -> list[str]:
    elsewhere: list[str] = []

    def on_request(request: Any) -> None:
        if not request.url.startswith((ui.base_url, "data:")):
            elsewhere.append(request.url)

    ui.page.on("request", on_request)
    return elsewhere


def test_a_developer_reads_the_api_documentation(ui: UI) -> None:
    elsewhere = _watch_other_sites(ui)
    ui.goto("/api/docs/")
    ui.check()
    main = ui.page.locator("main")
    # Every resource has its section; an operation shows its method, path and parameters.
    ui.click_link("conversations", within="main nav")
    heading = main.get_by_role("heading", name="GET /api/v1/conversations/{id}/")
    assert heading.is_visible()
    body = main.locator("caption", has_text=re.compile(r"POST /api/v1/conversations/$"))
    assert body.count() == 1, "no request body fields of POST /api/v1/conversations/"
    assert "If-Match" in main.inner_text()
    ui.click_link("indicators", within="main nav")
    assert main.get_by_role("heading", name="GET /api/v1/indicators/{code}/").is_visible()
    assert elsewhere == []


def test_an_administrator_connects_a_system(ui: UI, person: Any) -> None:
    from wijkkompas.accounts.tests.factories import UserFactory
    from wijkkompas.areas.tests.factories import MunicipalityFactory

    gm = MunicipalityFactory(name="Oldebroek")
    admin, device = person(role=Role.ADMIN, municipality=gm, is_staff=False)
    UserFactory(username="wmo-systeem", role=Role.PROFESSIONAL, municipality=gm)
    elsewhere = _watch_other_sites(ui)
    ui.login(admin.username, device)
    ui.check()

    ui.click_link(MENU, within="header nav")
    ui.check()
    ui.click_link(ADD, within="main")
    ui.check()
    ui.page.locator("[name=name]").fill("Wmo-registratie")
    ui.page.locator("[name=account]").select_option(index=_option_index(ui, "wmo-systeem"))
    ui.page.locator("input[name=scopes][value='learning:read']").check()
    ui.click_button(CREATE)
    ui.check()
    token = ui.page.locator("#api-token").input_value()
    assert token.startswith("wk_")
    answer = ui.page.request.get(
        ui.url("/api/v1/stories/"), headers={"Authorization": f"Token {token}"}
    )
    assert answer.status == 200
    refused = ui.page.request.get(
        ui.url("/api/v1/conversations/"), headers={"Authorization": f"Token {token}"}
    )
    assert refused.status == 403

    ui.click_link(BACK, within="main")
    ui.check()
    assert token not in ui.page.content()
    ui.click_link(REVOKE, within="main table")
    ui.check()
    ui.click_button(CONFIRM)
    ui.check()
    gone = ui.page.request.get(
        ui.url("/api/v1/stories/"), headers={"Authorization": f"Token {token}"}
    )
    assert gone.status == 401
    assert elsewhere == []


def _option_index(ui: UI, text: str) -> int:
    options = ui.page.locator("[name=account] option").all_inner_texts()
    return next(i for i, option in enumerate(options) if option.startswith(text))
