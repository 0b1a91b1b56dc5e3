"""No page of a neighbourhood shows a count under the threshold to a role that may not see
cases (policy officer, researcher, initiator, resident, and the public), on a world with
many small cells: signals, themes, ideas' supporters, initiatives' participants.

The counts of a page are its numeric table cells, the figures in its fact lists and the
numbers drawn in its charts; every one must be a hidden marker ("<10", "–") or a number of
at least the threshold that is a multiple of the rounding base.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from wijkkompas.accounts.constants import Role

pytestmark = pytest.mark.django_db

#: The roles of the issue that see aggregates only (and two more that see no cases).
NON_CASE = [
    Role.POLICY_OFFICER,
    Role.RESEARCHER,
    Role.INITIATOR,
    Role.RESIDENT,
    Role.PRIVACY_OFFICER,
    Role.ADMIN,
]


class _Counts(HTMLParser):
    """The text of numeric table cells, of ``<dd>`` and of the value labels in charts."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: list[str] = []
        self._depth = 0
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        counted = (
            (tag == "td" and "utrecht-table__cell--numeric" in (a.get("class") or ""))
            or tag == "dd"
            or (tag == "text" and a.get("font-weight") == "600")
        )
        if self._depth:
            self._depth += 1
        elif counted:
            self._depth = 1
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
            if not self._depth:
                self.counts.append(" ".join("".join(self._buffer).split()))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._buffer.append(data)


def counts_of(html: str) -> list[str]:
    parser = _Counts()
    parser.feed(html)
    return parser.counts


def assert_suppressed(html: str, *, threshold: int = 10, rounding: int = 5) -> None:
    counts = counts_of(html)
    assert counts, "no counts found on the page"
    for text in counts:
        for number in re.findall(r"(?<![<\w])\d+", text.replace(f"<{threshold}", "")):
            value = int(number)
            # CBS codes and years are in <dd> too: they are not counts.
            if value >= 1900 and len(number) == 4 or len(number) >= 8:
                continue
            assert value >= threshold and value % rounding == 0, (text, counts)


def _pages(world: Any) -> list[str]:
    return [
        reverse("neighbourhoods:detail", args=[world.neighbourhood.code]),
        reverse("neighbourhoods:detail", args=[world.shared.code]),
    ]


@pytest.mark.parametrize("role", NON_CASE)
def test_no_count_under_the_threshold_for_roles_without_cases(
    role: str, world: Any, login_client: Any
) -> None:
    client = login_client(world.user(role))
    opened = 0
    for url in _pages(world):
        response = client.get(url)
        if response.status_code == 404:
            continue
        assert response.status_code == 200
        html = response.content.decode()
        assert_suppressed(html)
        assert "&lt;10" in html
        assert "Voorbeeldzin" not in html  # example sentences: team roles only
        assert "schuld" not in html  # a theme of four conversations
        opened += 1
    assert opened == 1


def test_no_count_under_the_threshold_on_the_public_page(world: Any) -> None:
    html = Client().get(reverse("neighbourhoods:public", args=[world.neighbourhood.code]))
    text = html.content.decode()
    assert_suppressed(text)
    assert "&lt;10" in text  # the signals are there, suppressed
    assert html.context["page"].signals is not None
    assert "Voorbeeldzin" not in text  # example sentences: team roles only
    assert "schuld" not in text  # a theme of four conversations


@override_settings(WIJKKOMPAS_SUPPRESSION_THRESHOLD=20, WIJKKOMPAS_SUPPRESSION_ROUNDING=10)
def test_the_threshold_of_the_settings_applies(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    html = client.get(_pages(world)[0]).content.decode()
    assert_suppressed(html, threshold=20, rounding=10)
    assert "&lt;20" in html


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD])
def test_team_roles_see_exact_counts_and_examples(role: str, world: Any, login_client: Any) -> None:
    client = login_client(world.user(role))
    html = client.get(_pages(world)[0]).content.decode()
    assert "Voorbeeldzin over eenzaam" in html
    assert "schuld" in html
    assert "&lt;10" not in html
    assert any(c.isdigit() and int(c) < 10 for c in counts_of(html) if c.isdigit())
