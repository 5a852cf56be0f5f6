"""The OpenAPI schema: every answer an operation can give, in each format it serves."""

from __future__ import annotations

from functools import cache

import django_filters
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, force_instance, is_serializer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import (
    SAFE_METHODS,
    AllowAny,
    DjangoModelPermissionsOrAnonReadOnly,
    IsAuthenticatedOrReadOnly,
)

from .filters import MAX_ID, MAX_IDS, NO_NUL, FilterBackend, ModelIdsFilter

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
    """200 as paginated JSON, a CSV export and, where rows have coordinates, GeoJSON (the
    error answers are ``APISchema``'s)."""
    responses = {(200, JSON): serializer, (200, CSV): CSV_RESPONSE}
    if geojson:
        collection, _ = feature_collection(name, serializer)
        responses[(200, GEOJSON)] = collection
    return responses


def detail_responses(name: str, serializer: type[serializers.Serializer], *, geojson=False):
    responses = {(200, JSON): serializer, (200, CSV): CSV_RESPONSE}
    if geojson:
        _, feature = feature_collection(name, serializer)
        responses[(200, GEOJSON)] = feature
    return responses


# Every operation's other answers, added by ``APISchema`` so that an endpoint declares only its
# successful bodies. A view that declares one of these codes keeps its description.
ERROR_SCHEMA = {
    "type": "object",
    "description": "Each key names the parameter or field at fault and lists why; `detail` "
    "carries a message that concerns no single one.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {
        "description": "The reasons this parameter or field was refused.",
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ],
    },
    "minProperties": 1,
}
ERROR_DESCRIPTIONS = {
    "400": "A parameter or field makes no sense, or the endpoint does not know it: each key "
    "names one and says why.",
    "401": "Credentials were sent but are not valid (a wrong or revoked token), or this "
    "operation needs them and none were sent.",
    "403": "The signed-in user lacks the permission, or a session request lacks its CSRF token.",
    "404": "No record has this id, the page is past the end, or the format is not one this "
    "endpoint serves.",
    "405": "This path does not take this method; the Allow header lists the ones it takes.",
    "409": "The change would give the record a name or key another record already has.",
    "413": "The request body is larger than the server accepts.",
    "415": "The request body is in a media type this operation does not read.",
    "429": "Too many anonymous requests; Retry-After says how many seconds to wait.",
}
ERROR_HEADERS = {
    "401": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "`Token`."}},
    "405": {"Allow": {"schema": {"type": "string"}, "required": True}},
    "429": {
        "Retry-After": {
            "schema": {"type": "integer", "minimum": 0},
            "required": True,
            "description": "Seconds until the next request is accepted.",
        }
    },
}
ANONYMOUS_READS = (AllowAny, IsAuthenticatedOrReadOnly, DjangoModelPermissionsOrAnonReadOnly)
BODY_METHODS = ("POST", "PUT", "PATCH")


def reads_are_public(view) -> bool:
    """Whether the view answers GET and HEAD without credentials."""
    return all(isinstance(p, ANONYMOUS_READS) for p in view.get_permissions())


class APISchema(AutoSchema):
    """drf-spectacular's schema plus what every operation of this API has in common: its error
    answers in each format it serves, the bounds of its ids, empty query values, and whether
    it needs credentials (reads need none; writes a token or a session)."""

    def get_auth(self):
        if self.method in SAFE_METHODS and reads_are_public(self.view):
            return [{}]
        return super().get_auth()

    def one_record_per_format(self):
        """One record's answer in each format the view serves (a GeoJSON Feature, CSV), where
        the view declares just its serializer (a PATCH's answer); None otherwise."""
        declared = self.get_response_serializers()
        if isinstance(declared, dict) or self._is_list_view(declared):
            return None
        serializer = force_instance(declared)
        media_types = self.map_renderers("media_type")
        if not is_serializer(serializer) or not {CSV, GEOJSON} & set(media_types):
            return None
        name = type(serializer).__name__.removesuffix("Serializer")
        found = detail_responses(name, type(serializer), geojson=GEOJSON in media_types)
        return {key: value for key, value in found.items() if key[1] in media_types}

    def _get_response_bodies(self, direction="response"):
        per_format = self.one_record_per_format()
        if per_format is None:
            responses = super()._get_response_bodies(direction)
        else:
            responses = {}
            for (code, media_type), serializer in per_format.items():
                found = self._get_response_for_code(serializer, str(code), [media_type], direction)
                responses.setdefault(str(code), {**found, "content": {}})
                responses[str(code)]["content"].update(found["content"])
        for response in responses.values():
            if CSV in response.get("content", {}):
                response["content"][CSV] = {"schema": {"type": "string"}}
        if direction != "response":
            return responses
        for code in self.error_codes():
            response = responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
            response.setdefault("content", self.error_content())
            if code in ERROR_HEADERS:
                response.setdefault("headers", ERROR_HEADERS[code])
        for code, response in responses.items():
            if code >= "400" and "content" not in response:
                response["content"] = self.error_content()
        return dict(sorted(responses.items()))

    def error_codes(self) -> list[str]:
        codes = ["400", "404", "405"]
        if self.view.get_authenticators():
            codes.append("401")
        if not (self.method in SAFE_METHODS and reads_are_public(self.view)):
            codes += ["401", "403"]
        if self.method in BODY_METHODS:
            codes += ["409", "413", "415"]
        if self.view.get_throttles():
            codes.append("429")
        return sorted(set(codes))

    def error_content(self) -> dict:
        component = ResolvedComponent(
            name="Error", type=ResolvedComponent.SCHEMA, object="Error", schema=ERROR_SCHEMA
        )
        self.registry.register_on_missing(component)
        return {
            media_type: {"schema": component.ref if "json" in media_type else {"type": "string"}}
            for media_type in self.map_renderers("media_type")
        }

    def empty_means_absent(self) -> set[str]:
        names = {"format"}
        filterset = getattr(self.view, "filterset_class", None)
        if filterset is not None and any(
            issubclass(backend, FilterBackend) for backend in self.view.filter_backends
        ):
            names |= set(filterset.base_filters)
        paginator = self._get_paginator()
        if paginator is not None:
            names |= {paginator.page_query_param, getattr(paginator, "page_size_query_param", "")}
        return names

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and self.method == "PATCH":
            # A correction names only fields it may set; any other is refused by name.
            schema["additionalProperties"] = False
        return schema

    def _get_parameters(self):
        parameters = super()._get_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        filters = filterset.base_filters if filterset is not None else {}
        for parameter in parameters:
            schema = parameter.get("schema", {})
            found = filters.get(parameter["name"])
            if isinstance(found, ModelIdsFilter):
                schema["maxItems"] = MAX_IDS
            if isinstance(found, django_filters.CharFilter) and schema.get("type") == "string":
                # A form's text field refuses a NUL character and longer than its max_length.
                schema.setdefault("pattern", NO_NUL)
                if "max_length" in found.extra:
                    schema.setdefault("maxLength", found.extra["max_length"])
            if parameter["in"] == "path" and schema.get("type") == "integer":
                schema.update(minimum=1, maximum=MAX_ID)
            if parameter["in"] == "query":
                # A filter, `page`, `page_size` or `format` given with no value (`?q=`) is one
                # not given; any other parameter needs a value.
                parameter["allowEmptyValue"] = parameter["name"] in self.empty_means_absent()
        return parameters
