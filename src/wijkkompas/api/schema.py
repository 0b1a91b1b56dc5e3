"""How the OpenAPI schema describes the API (drf-spectacular).

* writes document the input serializer as the request body and the output serializer as
  the response (``ScopedViewSet.input_serializer_class``);
* reads document the ``ETag`` header, changes the required ``If-Match`` header;
* every error response is problem+json;
* token authentication (``Authorization: Token wk_…``) is a security scheme.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .serializers import ProblemSerializer


class ApiAutoSchema(AutoSchema):
    def _writes(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH")

    def get_request_serializer(self) -> Any:
        input_class = getattr(self.view, "input_serializer_class", None)
        if self._writes() and input_class is not None:
            return input_class()
        return super().get_request_serializer()

    def get_response_serializers(self) -> Any:
        if self._writes() and getattr(self.view, "input_serializer_class", None) is not None:
            view: Any = self.view
            view._output = True
            try:
                return view.get_serializer()
            finally:
                view._output = False
        return super().get_response_serializers()

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        action = getattr(self.view, "action", None)
        if self.method in ("PUT", "PATCH") and action in ("update", "partial_update"):
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=True,
                    description="ETag of the version that is changed (from a GET).",
                )
            )
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        action = getattr(self.view, "action", None)
        codes = ["401", "403"]
        if self.method in ("POST", "PUT", "PATCH") or action in ("list", "export"):
            codes.append("400")
        if self._is_list_view() or action in ("retrieve", "update", "partial_update"):
            codes.append("404")
        if action in ("update", "partial_update"):
            codes += ["412", "428"]
        for code in codes:
            responses.setdefault(
                code,
                self._get_response_for_code(
                    ProblemSerializer, code, ["application/problem+json"], direction
                ),
            )
        return responses

    def _get_response_for_code(self, *args: Any, **kwargs: Any) -> Any:
        response = super()._get_response_for_code(*args, **kwargs)
        action = getattr(self.view, "action", None)
        status_code = str(args[1]) if len(args) > 1 else ""
        if status_code.startswith("2") and action in (
            "retrieve",
            "create",
            "update",
            "partial_update",
        ):
            response.setdefault("headers", {})["ETag"] = {
                "schema": {"type": "string"},
                "description": "Version of the object; send it back in If-Match to change it.",
            }
        return response


class ApiClientAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "wijkkompas.api.authentication.ApiClientAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A system\'s token, as "Token wk_…" (from Beheer → API-koppelingen).',
        }
