"""What the API reads of municipalities, districts and neighbourhoods (CBS reference data)."""

from __future__ import annotations

from rest_framework import serializers

from ..models import District, Municipality, Neighbourhood


class MunicipalitySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Municipality
        fields = ["id", "code", "name", "province", "shares_aggregates"]
        read_only_fields = fields


class DistrictSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = District
        fields = ["id", "municipality", "code", "name"]
        read_only_fields = fields


class NeighbourhoodSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    municipality = serializers.IntegerField(source="district.municipality_id", read_only=True)

    class Meta:
        model = Neighbourhood
        fields = ["id", "municipality", "district", "code", "name"]
        read_only_fields = fields
