"""Page sections contributed by other apps (dependency inversion between layers).

A page of a lower app (the resident page of ``residents``) shows sections that belong to
higher apps (the conversations, the self-sufficiency profile, the plan). The lower app may
not import the higher ones, so the higher apps register a *section provider* for the page
in their ``AppConfig.ready()`` and the page renders whatever is registered.

Usage::

    # conversations/apps.py
    def ready(self):
        from wijkkompas.components.sections import register_section
        from . import sections
        register_section("resident", sections.resident_conversations, order=20)

    # a provider: reads through the app's own selectors (which log the read) and returns
    # the template and context of the section, or None when the user may see nothing of it
    def resident_conversations(*, request, obj) -> Section | None: ...

    # residents/views.py
    context["sections"] = render_sections("resident", request=request, obj=resident)

    # template: {% for section in sections %}{{ section.html }}{% endfor %}

Providers must keep the number of queries of the page independent of the data size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Section:
    """What a provider returns: a template with its context."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderedSection:
    key: str
    html: SafeString


Provider = Callable[..., Section | None]

_REGISTRY: dict[str, list[tuple[int, str, Provider]]] = {}


def register_section(page: str, provider: Provider, *, order: int = 100) -> None:
    """Add ``provider`` to ``page``; registering the same provider twice has no effect."""
    key = f"{provider.__module__}.{provider.__qualname__}"
    entries = _REGISTRY.setdefault(page, [])
    if any(existing == key for _order, existing, _p in entries):
        return
    entries.append((order, key, provider))
    entries.sort(key=lambda entry: (entry[0], entry[1]))


def registered_sections(page: str) -> list[str]:
    """Keys of the providers of ``page``, in display order (for tests)."""
    return [key for _order, key, _provider in _REGISTRY.get(page, [])]


def render_sections(page: str, *, request: Any, obj: Any) -> list[RenderedSection]:
    """Render every section of ``page`` about ``obj`` that the user may see."""
    rendered = []
    for _order, key, provider in _REGISTRY.get(page, []):
        section = provider(request=request, obj=obj)
        if section is None:
            continue
        html = render_to_string(section.template, section.context, request=request)
        rendered.append(RenderedSection(key=key, html=SafeString(html)))
    return rendered
