"""OpenAPI descriptions of the export formats, so the schema matches every response."""

from __future__ import annotations

from functools import cache

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_serializer
from rest_framework import serializers

JSON, CSV, GEOJSON = "application/json", "text/csv", "application/geo+json"


class PointSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='Always "Point".')
    coordinates = serializers.ListField(
        child=serializers.FloatField(), min_length=2, max_length=2, help_text="[lon, lat]"
    )


def _feature(name: str, properties: type[serializers.Serializer]):
    return type(
        f"{name}Feature",
        (serializers.Serializer,),
        {
            "type": serializers.CharField(help_text='Always "Feature".'),
            "id": serializers.IntegerField(),
            "geometry": PointSerializer(allow_null=True),
            "properties": properties(),
            "__module__": __name__,
        },
    )


@cache
def feature_collection(name: str, properties: type[serializers.Serializer]):
    feature = _feature(name, properties)
    collection = type(
        f"{name}FeatureCollection",
        (serializers.Serializer,),
        {
            "type": serializers.CharField(help_text='Always "FeatureCollection".'),
            "features": feature(many=True),
            "__module__": __name__,
        },
    )
    return extend_schema_serializer(many=False)(collection), feature


CSV_RESPONSE = OpenApiResponse(
    OpenApiTypes.STR, description="CSV: nested fields flattened (actors_name, location_lat...)."
)


def list_responses(name: str, serializer: type[serializers.Serializer], *, geojson=False):
    """200 as paginated JSON, a CSV export and, where rows have coordinates, GeoJSON."""
    responses = {(200, JSON): serializer, (200, CSV): CSV_RESPONSE}
    if geojson:
        collection, _ = feature_collection(name, serializer)
        responses[(200, GEOJSON)] = collection
    responses[(400, JSON)] = OpenApiResponse(
        OpenApiTypes.OBJECT, description="A parameter makes no sense; its name is the key."
    )
    return responses


def detail_responses(name: str, serializer: type[serializers.Serializer], *, geojson=False):
    responses = {(200, JSON): serializer, (200, CSV): CSV_RESPONSE}
    if geojson:
        _, feature = feature_collection(name, serializer)
        responses[(200, GEOJSON)] = feature
    return responses
