"""Neighbourhood pages.

* ``/wijken/``: the neighbourhoods the user may see, by municipality and district;
* ``/wijken/<CBS code>/``: one neighbourhood for signed-in roles: its signals,
  opportunities, initiatives, ideas and places, each as far as the role may see them, and
  every count suppressed for roles that may not see cases;
* ``/wijken/openbaar/`` and ``/wijken/<CBS code>/openbaar/``: the public variant for
  residents (no account): published ideas, public places, the public initiatives a
  resident can join (``initiatives.selectors.public_initiatives``), suppressed aggregates
  and theme terms, never an example sentence.

A neighbourhood outside the user's scope answers 404, like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from wijkkompas.components.mixins import RoleRequiredMixin
from wijkkompas.initiatives import selectors as initiative_selectors

from . import cache, selectors


class NeighbourhoodIndexView(RoleRequiredMixin, TemplateView):
    """Pick a neighbourhood (neighbourhoods:index)."""

    template_name = "neighbourhoods/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["municipalities"] = selectors.neighbourhood_index(user=self.request.user)
        return context


class NeighbourhoodView(RoleRequiredMixin, TemplateView):
    """One neighbourhood for a signed-in role (neighbourhoods:detail)."""

    template_name = "neighbourhoods/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        neighbourhood = selectors.neighbourhood_get(
            user=user, code=self.kwargs["code"], request=self.request
        )
        # Only a period the role may choose reaches the page and the cache key.
        periods = selectors.signal_periods(user)
        period = str(self.request.GET.get("periode", ""))
        if period not in periods:
            period = periods[0]

        def render() -> str:
            page = selectors.neighbourhood_page(
                user=user, neighbourhood=neighbourhood, period=period
            )
            return render_to_string(
                "neighbourhoods/_detail_body.html",
                {"page": page, "neighbourhood": neighbourhood},
                request=self.request,
            )

        key = cache.page_key(user=user, neighbourhood=neighbourhood, period=period)
        context["neighbourhood"] = neighbourhood
        context["body"] = mark_safe(cache.body(key, render))  # noqa: S308 (our own render)
        return context


class PublicIndexView(TemplateView):
    """Pick a neighbourhood, for everyone (neighbourhoods:public_index): first the
    municipality (``?gemeente=<CBS code>``), then its neighbourhoods by district."""

    template_name = "neighbourhoods/public_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        code = str(self.request.GET.get("gemeente", ""))[:6].upper()
        groups = selectors.public_index(municipality_code=code) if code else []
        context.update(
            chosen=groups[0] if groups else None,
            municipalities=[] if groups else selectors.public_municipalities(),
            unknown=bool(code) and not groups,
        )
        return context


class PublicNeighbourhoodView(TemplateView):
    """One neighbourhood for everyone (neighbourhoods:public)."""

    template_name = "neighbourhoods/public.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        neighbourhood = selectors.public_neighbourhood_get(code=self.kwargs["code"])

        def render() -> str:
            return render_to_string(
                "neighbourhoods/_public_body.html",
                {
                    "neighbourhood": neighbourhood,
                    "page": selectors.public_page(neighbourhood=neighbourhood),
                    "initiatives": initiative_selectors.public_initiatives(
                        neighbourhood=neighbourhood
                    ),
                },
            )

        body = cache.body(cache.public_key(neighbourhood=neighbourhood), render)
        context.update(neighbourhood=neighbourhood, body=mark_safe(body))  # noqa: S308 (our own render)
        return context
