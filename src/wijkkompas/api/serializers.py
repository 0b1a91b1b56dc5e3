"""Serializers shared by every endpoint: the problem details of an error, and the API
client pages' forms of data."""

from __future__ import annotations

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
