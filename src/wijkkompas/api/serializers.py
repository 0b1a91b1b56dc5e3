"""Serializers shared by every endpoint: the problem details of an error, and the API
client pages' forms of data."""

from __future__ import annotations

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
