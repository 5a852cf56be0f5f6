from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.agreements.api.serializers import AgreementSummarySerializer
from apps.core.api.serializers import (
    AliasesField,
    FilteredListUrlField,
    LocationSerializer,
    place_location,
)

from ..models import ObservationPost, Place


class ObservationPostSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = ObservationPost
        fields = ["id", "name"]


class ObservationPostSerializer(serializers.ModelSerializer):
    aliases = AliasesField()
    agreement = AgreementSummarySerializer(read_only=True, allow_null=True)
    location = serializers.SerializerMethodField()
    events_url = FilteredListUrlField("api:event-list", "observation_post")

    class Meta:
        model = ObservationPost
        fields = [
            "id",
            "name",
            "aliases",
            "agreement",
            "location",
            "status",
            "established_on",
            "review_status",
            "events_url",
        ]

    @extend_schema_field(LocationSerializer)
    def get_location(self, obj) -> dict:
        return place_location(obj.place)


class ObservationPostUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ObservationPost
        fields = ["name", "agreement", "place", "status", "established_on", "review_status"]


class PlaceSerializer(serializers.ModelSerializer):
    """A place of the gazetteer: where events happen and posts stand."""

    aliases = AliasesField()
    location = serializers.SerializerMethodField()
    events_url = FilteredListUrlField("api:event-list", "place")

    class Meta:
        model = Place
        fields = ["id", "name", "aliases", "kind", "country", "location", "events_url"]

    @extend_schema_field(LocationSerializer)
    def get_location(self, obj) -> dict:
        return place_location(obj)
