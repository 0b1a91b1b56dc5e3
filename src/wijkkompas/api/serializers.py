"""Serializers shared by every endpoint: the problem details of an error, and the API
client pages' forms of data."""

from __future__ import annotations

import copy
from typing import Any

from drf_spectacular.drainage import set_override
from rest_framework import serializers


class InvalidParamSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField()
    code = serializers.CharField()
    reason = serializers.CharField()


class ProblemSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """RFC 9457 problem details, as every error of the API is answered."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    invalidParams = InvalidParamSerializer(many=True, required=False)  # noqa: N815


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose enum is its own schema component, named by ``component``
    (e.g. ``PlaceKind``): for names that several apps use for different choice sets
    (``kind``, ``status``) or choice sets that resources name differently (``craft`` and
    ``default_craft``), which would otherwise collide in the enum names of the schema."""

    def __init__(self, choices: Any, *, component: str, **kwargs: Any) -> None:
        super().__init__(choices, **kwargs)
        values = [str(v) for v in self.choices]
        if self.allow_blank and "" not in values:
            values.insert(0, "")  # e.g. the stage a new initiative came from: none
        set_override(self, "field", {"type": "string", "enum": values})
        set_override(self, "field_component_name", component)


class KeptFieldsMixin:
    """A read-only model serializer whose fields are built once per class, not on every
    request: building them from the model (DRF's ``ModelSerializer.get_fields``) costs more
    than serializing a page of rows. Each instance gets its own shallow copy of every field
    (DRF's deep copy builds each field anew, which costs as much again), so binding a field
    to one serializer never touches another. Only for serializers whose fields do not
    depend on the request or the instance and hold no nested serializer (a nested one
    would be shared between copies and find the wrong root)."""

    def get_fields(self) -> dict[str, Any]:
        cls = type(self)
        kept = cls.__dict__.get("_wk_kept_fields")
        if kept is None:
            kept = super().get_fields()  # type: ignore[misc]
            if any(isinstance(f, serializers.BaseSerializer) for f in kept.values()):
                raise TypeError(f"{cls.__name__}: KeptFieldsMixin cannot keep nested serializers")
            cls._wk_kept_fields = kept  # type: ignore[attr-defined]
        return {name: copy.copy(field) for name, field in kept.items()}
