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

import hashlib
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from wijkkompas.components.mixins import RoleRequiredMixin
from wijkkompas.core.sharedpage import SharedPageMixin
from wijkkompas.initiatives import selectors as initiative_selectors

from . import cache, selectors


class NeighbourhoodIndexView(RoleRequiredMixin, TemplateView):
    """Pick a neighbourhood (neighbourhoods:index)."""

    template_name = "neighbourhoods/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["municipalities"] = selectors.neighbourhood_index(user=self.request.user)
        return context


class NeighbourhoodView(SharedPageMixin, RoleRequiredMixin, TemplateView):
    """One neighbourhood for a signed-in role (neighbourhoods:detail). For the roles that
    see suppressed aggregates only, the whole page is kept per user (``cache.page_key``)."""

    template_name = "neighbourhoods/detail.html"

    def lookup(self) -> tuple[Any, str, str | None]:
        """The neighbourhood (404 outside the user's scope), the period asked for and the
        key of the body (None: not kept), worked out once per request."""
        if not hasattr(self, "neighbourhood"):
            user = self.request.user
            self.neighbourhood = selectors.neighbourhood_get(
                user=user, code=self.kwargs["code"], request=self.request
            )
            # Only a period the role may choose reaches the page and the cache key.
            periods = selectors.signal_periods(user)
            period = str(self.request.GET.get("periode", ""))
            self.period = period if period in periods else periods[0]
            self.body_key = cache.page_key(
                user=user, neighbourhood=self.neighbourhood, period=self.period
            )
        return self.neighbourhood, self.period, self.body_key

    def shared_page_key(self) -> tuple[str, int] | None:
        _neighbourhood, period, key = self.lookup()
        asked = self.request.GET
        if set(asked) - {"periode"} or asked.get("periode", period) != period:
            # Only the addresses of the page itself, not every query string anyone sends.
            return None
        if key is None:
            return None
        # The address goes into the language choice's form; the menu has the administration
        # for staff.
        user: Any = self.request.user
        page = hashlib.sha256(
            f"{self.request.get_full_path()}\n{user.is_staff}".encode()
        ).hexdigest()[:32]
        return f"{key}:page:{page}", cache.seconds()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        neighbourhood, period, key = self.lookup()

        def render() -> str:
            page = selectors.neighbourhood_page(
                user=user, neighbourhood=neighbourhood, period=period
            )
            return render_to_string(
                "neighbourhoods/_detail_body.html",
                {"page": page, "neighbourhood": neighbourhood},
                request=self.request,
            )

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


class PublicNeighbourhoodView(SharedPageMixin, TemplateView):
    """One neighbourhood for everyone (neighbourhoods:public). Kept whole for visitors
    without an account."""

    template_name = "neighbourhoods/public.html"

    def lookup(self) -> tuple[Any, str | None]:
        """The neighbourhood and the key of its body (None: not kept), once per request."""
        if not hasattr(self, "neighbourhood"):
            self.neighbourhood = selectors.public_neighbourhood_get(code=self.kwargs["code"])
            self.body_key = cache.public_key(neighbourhood=self.neighbourhood)
        return self.neighbourhood, self.body_key

    def shared_page_key(self) -> tuple[str, int] | None:
        user: Any = self.request.user
        if self.request.GET or user.is_authenticated:
            return None
        key = self.lookup()[1]
        return None if key is None else (f"{key}:page", cache.seconds())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        neighbourhood, key = self.lookup()

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

        body = cache.body(key, render)
        context.update(neighbourhood=neighbourhood, body=mark_safe(body))  # noqa: S308 (our own render)
        return context
