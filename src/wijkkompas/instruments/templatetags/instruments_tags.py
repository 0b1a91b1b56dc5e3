"""Template tags that show self-sufficiency scores: the profile over time and a comparison.

Load with ``{% load instruments_tags %}``. Every chart comes with a table of the same
data; the SVG uses presentation attributes and classes only (no inline styles: CSP).
"""

from __future__ import annotations

from typing import Any

from django import template

from wijkkompas.instruments.charts import layout
from wijkkompas.instruments.selectors import Comparison, Profile

register = template.Library()


@register.inclusion_tag("instruments/tags/profile.html")
def assessment_profile(profile: Profile | None, heading_level: int = 3) -> dict[str, Any]:
    """A resident's scores over time: per instrument version a chart and a table.

    Usage::

        {% load instruments_tags %}
        {% assessment_profile profile %}
        {% assessment_profile profile heading_level=2 %}

    Variables:
        profile -- a :class:`~wijkkompas.instruments.selectors.Profile` from
            ``instruments.selectors.profile`` (which logged the read).
        heading_level -- the level of the heading of each instrument (default 3, under the
            page's "Self-sufficiency" heading at level 2).

    Per series: a heading, an inline SVG (``role="img"`` with a title and a description;
    lines with their own colour, dash pattern and marker shape, named in a legend) and,
    always, a table with the domains as rows and the dates as columns, each value with its
    level name. An instrument with one domain (the participatieladder) is drawn as a line
    over time. An empty profile renders a short sentence.
    """
    level = min(max(int(heading_level), 2), 6)
    series = list(profile.series) if profile else []
    return {
        "profile": profile,
        "items": [
            {
                "series": item,
                "chart": layout(item),
                "id": f"wk-profile-{profile.resident_id}-{item.version_id}" if profile else "",
                "first": item.columns[0].assessed_on,
                "last": item.columns[-1].assessed_on,
            }
            for item in series
        ],
        "heading": f"h{level}",
        "heading_class": f"utrecht-heading-{level}",
    }


@register.inclusion_tag("instruments/tags/compare.html")
def assessment_compare(comparison: Comparison | None) -> dict[str, Any]:
    """Two assessments side by side: per domain the level before, after and the difference.

    Usage::

        {% load instruments_tags %}
        {% assessment_compare comparison %}

    Variables:
        comparison -- a :class:`~wijkkompas.instruments.selectors.Comparison` from
            ``instruments.selectors.compare(before=, after=)``.

    The difference is written as a signed number with a word (higher, lower, the same), so
    it does not rely on colour; a domain scored only once shows "—".
    """
    return {"comparison": comparison}
