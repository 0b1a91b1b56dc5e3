"""The section registry lets higher apps add sections to a lower app's page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from wijkkompas.components import sections
from wijkkompas.components.sections import Section, register_section, render_sections


@pytest.fixture
def clean_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sections, "_REGISTRY", {})


def _shown(*, request: Any, obj: Any) -> Section:
    return Section("components/submit_row.html", {"label": f"label-{obj}"})


def _hidden(*, request: Any, obj: Any) -> None:
    return None


def _first(*, request: Any, obj: Any) -> Section:
    return Section("components/submit_row.html", {"label": "first"})


@pytest.mark.usefixtures("clean_registry")
def test_sections_render_in_order_and_skip_what_the_user_may_not_see() -> None:
    register_section("page", _shown, order=20)
    register_section("page", _hidden, order=10)
    register_section("page", _first, order=5)
    register_section("page", _shown, order=1)  # twice: no effect
    assert [key.rsplit(".", 1)[1] for key in sections.registered_sections("page")] == [
        "_first",
        "_hidden",
        "_shown",
    ]
    request = RequestFactory().get("/")
    rendered = render_sections("page", request=request, obj=7)
    assert [r.key.rsplit(".", 1)[1] for r in rendered] == ["_first", "_shown"]
    assert "label-7" in rendered[1].html
    assert render_sections("other page", request=request, obj=7) == []
