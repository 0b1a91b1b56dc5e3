"""The profile chart and the comparison table: accessible, escaped, no inline styles."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils import translation

from wijkkompas.accounts.constants import Role
from wijkkompas.instruments import selectors
from wijkkompas.instruments.charts import MAX_LINES, marker_path
from wijkkompas.instruments.tests.factories import make_assessment

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 3)


class Collector(HTMLParser):
    """Tags with their attributes, and the ids on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def render(text: str, **context) -> str:
    return Template("{% load instruments_tags %}" + text).render(Context(context))


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


def build_profile(world, count: int = 3):
    for n in range(count):
        make_assessment(
            resident=world.resident,
            version=world.zrm,
            assessed_on=DAY + dt.timedelta(days=30 * n),
            scores={"financien": 1 + n % 5, "huisvesting": 5 - n % 5, "justitie": 3},
        )
    make_assessment(
        resident=world.resident, version=world.ladder, assessed_on=DAY, scores={"participatie": 2}
    )
    make_assessment(
        resident=world.resident,
        version=world.ladder,
        assessed_on=DAY + dt.timedelta(days=90),
        scores={"participatie": 4},
    )
    return selectors.profile(user=world.user(Role.PROFESSIONAL), resident=world.resident)


def test_profile_renders_a_labelled_chart_and_a_table_per_instrument(world):
    html = render("{% assessment_profile profile %}", profile=build_profile(world))
    page = parse(html)
    svgs = [attrs for tag, attrs in page.tags if tag == "svg" and attrs.get("role") == "img"]
    assert len(svgs) == 2
    ids = {attrs["id"] for _tag, attrs in page.tags if "id" in attrs}
    for svg in svgs:
        assert all(ref in ids for ref in svg["aria-labelledby"].split())
    assert [tag for tag, _ in page.tags].count("table") == 2
    assert "Profile of Zelfredzaamheid-Matrix 2017" in html
    assert "Participatieladder 1 over time" in html
    assert "3 assessments, from 3 March 2025 to 2 May 2025." in html
    assert '<h3 class="utrecht-heading-3"' in html
    # Every value with its level name in the table; unscored cells say so.
    assert "1 – Acute problematiek" in html and "not scored" in html
    # A line per assessment with a legend entry (marker shape and dash, not colour only).
    assert html.count('class="wk-chart__key"') == 3
    assert 'stroke-dasharray="9 4"' in html


def test_no_inline_styles_and_coordinates_with_a_decimal_point(world):
    profile = build_profile(world)
    with translation.override("nl"):
        html = render("{% assessment_profile profile %}", profile=profile)
    assert not any("style" in attrs for _tag, attrs in parse(html).tags)
    assert "<style" not in html and "<script" not in html
    for points in re.findall(r'points="([^"]+)"', html):
        assert "," in points and not re.search(r"\d,\d+,", points)
    assert re.search(r'viewBox="0 0 760 \d+"', html)


def test_only_the_latest_lines_are_drawn_and_the_table_has_all(world):
    html = render("{% assessment_profile profile %}", profile=build_profile(world, count=8))
    assert html.count('class="wk-chart__key"') == MAX_LINES
    assert f"The chart shows the latest {MAX_LINES} of 8 assessments" in html
    assert html.count('<th class="utrecht-table__header-cell" scope="col">') >= 9


def test_names_are_escaped(world):
    domain = world.zrm.domains.get(code="financien")
    domain.name = "<script>alert(1)</script>"
    domain.save()
    html = render("{% assessment_profile profile %}", profile=build_profile(world))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_an_empty_profile_says_so(world):
    profile = selectors.profile(user=world.user(Role.PROFESSIONAL), resident=world.resident)
    html = render("{% assessment_profile profile %}", profile=profile)
    assert "No self-sufficiency scores have been recorded yet." in html and "<svg" not in html


def test_heading_level_can_be_chosen(world):
    html = render("{% assessment_profile profile heading_level=2 %}", profile=build_profile(world))
    assert '<h2 class="utrecht-heading-2"' in html


def test_compare_renders_before_after_and_difference_in_words(world):
    build_profile(world)
    assessments = [
        a
        for a in selectors.assessment_list(
            user=world.user(Role.PROFESSIONAL), resident=world.resident
        )
        if a.version_id == world.zrm.pk
    ]
    comparison = selectors.compare(before=assessments[0], after=assessments[-1])
    html = render("{% assessment_compare comparison %}", comparison=comparison)
    assert "Zelfredzaamheid-Matrix 2017: before (3 March 2025) and after (2 May 2025)" in html
    assert "+2 (higher)" in html and "\u22122 (lower)" in html and "0 (the same)" in html
    assert "1 – Acute problematiek" in html and "3 – Beperkt zelfredzaam" in html
    assert render("{% assessment_compare comparison %}", comparison=None).strip() == ""


@pytest.mark.parametrize(
    "shape", ["circle", "square", "triangle", "triangle-down", "diamond", "plus"]
)
def test_marker_paths_are_closed_paths(shape):
    path = marker_path(shape, 100, 50)
    assert path.startswith("M") and path.endswith("Z")
