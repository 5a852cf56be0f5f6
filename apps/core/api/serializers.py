"""Small nested shapes every app's serializers share."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
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


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class AliasesField(serializers.Field):
    """A record's other spellings, from its ``aliases`` (prefetched by the viewset)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> list[str]:
        return [alias.alias for alias in value.aliases.all()]


@extend_schema_field(OpenApiTypes.STR)
class FilteredListUrlField(serializers.Field):
    """The URL of the API list ``list_name`` filtered to this record (``?parameter=<id>``)."""

    def __init__(self, list_name: str, parameter: str, **kwargs):
        self.list_name, self.parameter = list_name, parameter
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return self.url(self.context, value.pk)

    def url(self, context: dict, pk) -> str:
        """The filtered list's URL for the record ``pk``, in the response ``context``: the
        list's address is resolved once per response, since the rows of a list share it. A
        serializer that builds its rows directly calls this on its declared field."""
        key = ("filtered_list_url", self.list_name)
        base = context.get(key)
        if base is None:
            base = api_url(context.get("request"), reverse(self.list_name))
            context[key] = base
        return f"{base}?{self.parameter}={pk}"


# What JSON type a writable field takes. DRF coerces (``"5"`` for a number, ``5`` for a text,
# ``"true"`` for a boolean); the API refuses a value of the wrong type instead, so that a body
# the schema calls invalid is never half-read.
JSON_TYPES: list[tuple[type[serializers.Field], tuple[type, ...], str]] = [
    (serializers.BooleanField, (bool,), "true or false"),
    (serializers.IntegerField, (int,), "a whole number"),
    (serializers.FloatField, (int, float), "a number"),
    (serializers.PrimaryKeyRelatedField, (int,), "an id (a whole number)"),
    (serializers.CharField, (str,), "a string"),
    (serializers.DateField, (str,), "a date as YYYY-MM-DD"),
]


def json_type_errors(serializer: serializers.Serializer, data) -> dict[str, list[str]]:
    """The fields of a JSON body whose value is not of the type the field takes."""
    if not isinstance(data, dict):
        return {}
    errors = {}
    for name, field in serializer.fields.items():
        if field.read_only or name not in data:
            continue
        value = data[name]
        if value is None:
            continue  # DRF says whether the field takes null
        for kind, types, expected in JSON_TYPES:
            if isinstance(field, kind):
                wrong_bool = isinstance(value, bool) and bool not in types
                if wrong_bool or not isinstance(value, types):
                    errors[name] = [f"expected {expected}."]
                break
    return errors
