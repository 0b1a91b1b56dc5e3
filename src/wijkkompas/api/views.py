"""Pages of the API: the documentation (Swagger UI from the package, no CDN)."""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView


@method_decorator(csp_update({"style-src": ["'unsafe-inline'"]}), name="dispatch")
class ApiDocsView(SpectacularSwaggerSplitView):
    """/api/docs/: Swagger UI over /api/schema/. Its styles are inline (style attributes),
    so this page alone allows them; scripts stay same-origin."""

    url_name = "api:schema"
    title: Any = "Wijkkompas API"
