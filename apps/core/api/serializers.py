"""Small nested shapes every app's serializers share."""

from __future__ import annotations

from rest_framework import serializers


class LocationSerializer(serializers.Serializer):
    name = serializers.CharField()
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)


def place_location(place, fallback_name: str = "") -> dict:
    """``{name, lat, lon}`` of a Place, or just a name when the place is unknown."""
    if place is None:
        return {"name": fallback_name, "lat": None, "lon": None}
    return {"name": place.name, "lat": place.lat, "lon": place.lon}


class RecordRefSerializer(serializers.Serializer):
    """A related record by id and name."""

    id = serializers.IntegerField()
    name = serializers.CharField()


def api_url(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path
