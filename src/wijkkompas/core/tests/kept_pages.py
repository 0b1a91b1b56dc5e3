"""Helpers for the tests of kept pages (``core.pagecache``, ``audit.kept``)."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkkompas.core import pagecache


def get_counted(client: Any, url: str) -> tuple[Any, int]:
    """The response to a GET of ``url`` and how many queries it ran."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def body(response: Any) -> str:
    """The page without its CSRF tokens (fresh on every request)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def served_kept(client: Any, url: str) -> tuple[Any, bool]:
    """The response, and whether it was the kept body."""
    served = pagecache.counts["served"]
    response = client.get(url)
    return response, pagecache.counts["served"] == served + 1
