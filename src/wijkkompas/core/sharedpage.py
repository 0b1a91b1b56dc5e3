"""Whole pages kept in the shared cache, for pages that hold no personal data.

A page of aggregates or public information (the neighbourhood page of a policy officer, the
public pages of a neighbourhood and its ideas) is the same between two changes of its data,
apart from what each request must get of its own: the CSRF token of its forms (the logout
button in the header, the language choice), the signed-in user's name in the header, and
for a public form its spam token. Such a
page is rendered once with a *marker* in the place of each, kept in Django's cache (Redis in
production, shared by every process) under a key the page makes (its data version, the
language, the user's scope where it names the user), and every request gets the kept page
with fresh values for the markers (:func:`fill`).

The markers are derived from ``SECRET_KEY``: the same in every process that shares the cache,
unknown to anyone who could put text on a page. Pages with personal data are never kept
here (``core.pagecache`` keeps those in the memory of a process, checked against their rows
on every request).

Use :class:`SharedPageMixin` first in the bases of a ``TemplateView`` and give it
:meth:`~SharedPageMixin.shared_page_key`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.html import escape


def marker(name: str) -> str:
    """What stands for ``name`` (``"csrf"``, or a page's own value) in a kept page."""
    return f"wk-{name}-" + salted_hmac("wijkkompas.core.sharedpage", name).hexdigest()[:32]


def may_keep(request: HttpRequest) -> bool:
    """Whether a page for this request may be served from (or kept in) the cache: a GET
    with no message waiting to be shown (messages are the request's own)."""
    return request.method == "GET" and not len(get_messages(request))


def page(key: str, render: Callable[[], tuple[str, int] | None]) -> str | None:
    """The page kept under ``key``, or the page ``render()`` gives with how many seconds to
    keep it (not kept when they are 0; None: no page to keep)."""
    found = cache.get(key)
    if isinstance(found, str):
        return found
    rendered = render()
    if rendered is None:
        return None
    body, seconds = rendered
    if seconds > 0:
        cache.set(key, body, seconds)
    return body


def fill(body: str, request: HttpRequest, **values: Callable[[], str]) -> str:
    """``body`` with this request's CSRF token and user's name, and ``values()`` for the
    other markers."""
    body = body.replace(marker("csrf"), get_token(request))
    user: Any = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        body = body.replace(marker("name"), escape(user.get_full_name() or user.username))
    for name, value in values.items():
        body = body.replace(marker(name), value())
    return body


class SharedPageMixin:
    """Serve a ``TemplateView``'s page from the shared cache (see the module)."""

    request: HttpRequest
    #: Whether the page is being rendered to be kept (the markers go in).
    keeping = False

    def shared_page_key(self) -> tuple[str, int] | None:
        """The key and lifetime (seconds) of the page for this request, or None when it is
        not kept."""
        raise NotImplementedError

    def shared_page_values(self) -> dict[str, Callable[[], str]]:
        """Fresh values for the page's own markers (besides the CSRF token)."""
        return {}

    def shared_page_seconds(self, seconds: int) -> int:
        """How long the page just rendered may be kept, at most ``seconds`` (from the key);
        0 keeps it not at all."""
        return seconds

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = self.shared_page_key() if may_keep(request) else None
        if found is None:
            return super().get(request, *args, **kwargs)  # type: ignore[misc, no-any-return]
        key, seconds = found

        def render() -> tuple[str, int] | None:
            self.keeping = True
            response: Any = super(SharedPageMixin, self).get(  # type: ignore[misc]
                request, *args, **kwargs
            )
            response.render()
            body: str = response.content.decode(response.charset)
            if response.status_code != 200:
                return None
            return body, self.shared_page_seconds(seconds)

        body = page(key, render)
        if body is None:  # pragma: no cover - these pages render 200 or raise
            return super().get(request, *args, **kwargs)  # type: ignore[misc, no-any-return]
        return HttpResponse(fill(body, request, **self.shared_page_values()))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        if self.keeping:
            # Every request gets its own token, and the header its user's name (fill): the
            # kept page names nobody.
            context["csrf_token"] = marker("csrf")
            context["header_name"] = marker("name")
        return context
