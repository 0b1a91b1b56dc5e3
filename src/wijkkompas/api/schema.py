"""How the OpenAPI schema describes the API (drf-spectacular).

* writes document the input serializer as the request body and the output serializer as
  the response (``ScopedViewSet.input_serializer_class``);
* reads document the ``ETag`` header, changes of one object (updates and actions on it)
  the required ``If-Match`` header, 412 and 428;
* an operation on one object, and a write (which names other objects by id), may answer
  404: outside the user's scope, as on the pages;
* every error response is problem+json;
* token authentication (``Authorization: Token wk_…``) is a security scheme;
* a read-only text field whose model field may be blank documents ``""`` (DRF drops
  ``allow_blank`` from read-only fields, so a blank URL or choice broke the schema);
* a path parameter with a ``lookup_value_regex`` documents it as its pattern (another value
  matches no route);
* the JSON of an export is an array of rows (the list's rows), not a binary file.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .serializers import ProblemSerializer


class ApiAutoSchema(AutoSchema):
    def _writes(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH")

    def _on_one(self) -> bool:
        """An operation on one object (its id in the path): 404 outside the user's scope."""
        return "{" in self.path

    def _changes_one(self) -> bool:
        """A change of one object (an update or an action on it): needs ``If-Match``."""
        return self._writes() and self._on_one()

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
        if self._changes_one():
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

    def _map_serializer_field(self, field: Any, direction: Any, *args: Any, **kwargs: Any) -> Any:
        if field.read_only and _blank_in_model(field):
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, *args, **kwargs)

    def _get_parameters(self) -> Any:
        parameters = super()._get_parameters()
        regex = getattr(self.view, "lookup_value_regex", None)
        lookup = getattr(self.view, "lookup_url_kwarg", None) or getattr(
            self.view, "lookup_field", None
        )
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if (
                regex
                and parameter.get("in") == "path"
                and parameter.get("name") == lookup
                and schema.get("type") == "string"
                and "pattern" not in schema
            ):
                schema["pattern"] = f"^{regex}$"
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        action = getattr(self.view, "action", None)
        if action == "export":
            content = responses.get("200", {}).get("content", {})
            if "application/json" in content:
                content["application/json"]["schema"] = {
                    "type": "array",
                    "items": {"type": "object", "additionalProperties": {}},
                }
        codes = ["401", "403"]
        if self._writes() or action in ("list", "export"):
            codes.append("400")
        # A write names other objects by id (404 outside the user's scope, as on the pages).
        if self._is_list_view() or self._on_one() or self._writes() or action == "export":
            codes.append("404")
        if self._changes_one():
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


def _blank_in_model(field: Any) -> bool:
    """Whether a serializer's text or choice field reads a model field that may be blank."""
    if not isinstance(field, serializers.CharField | serializers.ChoiceField):
        return False
    if getattr(field, "allow_blank", False):
        return False
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    source = getattr(field, "source", "") or ""
    if model is None or not source or "." in source or source == "*":
        return False
    try:
        model_field = model._meta.get_field(source)
    except Exception:  # noqa: BLE001 - not a model field (a property, an annotation)
        return False
    return isinstance(model_field, models.CharField | models.TextField) and model_field.blank


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
