"""Pages of the indicators (/indicatoren/): the catalogue of definitions, and the
dashboards of a municipality and a team with counts and stories side by side."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .catalogue import definitions
from .constants import Lens


class CatalogueView(LoginRequiredMixin, TemplateView):
    """Every indicator with its definition, formula, source fields and unit, by lens
    (indicators:catalogue)."""

    template_name = "indicators/catalogue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["lenses"] = [(lens, definitions(lens.value)) for lens in Lens]
        return context
