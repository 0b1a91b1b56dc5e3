"""The register as CSV and Excel: the filtered risks, formula-safe, in the user's scope only,
and an unknown format refused in Dutch without a download."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wijkkompas.accounts.constants import Role
from wijkkompas.risks.tests.factories import TeamRiskFactory

pytestmark = pytest.mark.django_db


def test_the_register_downloads_as_csv_and_excel(world: Any, login_client: Any) -> None:
    TeamRiskFactory(team=world.team, title="=HYPERLINK(1)")
    client = login_client(world.user(Role.PROFESSIONAL))
    url = reverse("risks:list", args=[world.team.pk])
    page = client.get(url).content.decode()
    assert "formaat=csv" in page and "formaat=xlsx" in page
    csv = client.get(url, {"formaat": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert world.risk.title in text and "'=HYPERLINK(1)" in text
    assert world.sibling_risk.title not in text
    xlsx = client.get(url, {"formaat": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    titles = {row[0] for row in rows[1:]}
    assert world.risk.title in titles and "'=HYPERLINK(1)" in titles


def test_an_unknown_format_is_refused(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    url = reverse("risks:list", args=[world.team.pk])
    response = client.get(url, {"formaat": "pdf"}, follow=True)
    assert response.status_code == 200
    assert "Choose CSV or Excel" in response.content.decode()


def test_another_team_export_answers_404(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    for team in (world.sibling, world.foreign_team):
        url = reverse("risks:list", args=[team.pk])
        assert client.get(url, {"formaat": "csv"}).status_code == 404
