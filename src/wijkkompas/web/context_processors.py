"""Values every page needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .navigation import nav_items


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "WIJKKOMPAS_DEMO": settings.WIJKKOMPAS_DEMO,
        "nav_items": SimpleLazyObject(lambda: nav_items(request)),
    }
