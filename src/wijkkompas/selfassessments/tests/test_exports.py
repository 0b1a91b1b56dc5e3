"""The comparison and the trend as CSV and Excel: the page's figures, and a bad format
refused without a download."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wijkkompas.accounts.constants import Role
from wijkkompas.selfassessments.models import Question

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["selfassessments:comparison", "selfassessments:trend"])
def test_the_tables_download(name: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.RESEARCHER))
    url = reverse(name)
    page = client.get(url).content.decode()
    assert "formaat=csv" in page and "formaat=xlsx" in page
    csv = client.get(url, {"formaat": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    question = Question.objects.order_by("order").first()
    assert question is not None
    text = csv.content.decode("utf-8-sig")
    assert question.text in text
    xlsx = client.get(url, {"formaat": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert any(question.text in row for row in rows[1:])


def test_a_bad_format_is_refused(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.RESEARCHER))
    response = client.get(reverse("selfassessments:comparison"), {"formaat": "x"}, follow=True)
    assert response.status_code == 200
    assert "Choose CSV or Excel" in response.content.decode()
