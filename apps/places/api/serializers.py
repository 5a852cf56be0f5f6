from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.agreements.api.serializers import AgreementSummarySerializer
from apps.core.api.serializers import LocationSerializer, api_url, place_location

from ..models import ObservationPost


class ObservationPostSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = ObservationPost
        fields = ["id", "name"]


class ObservationPostSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()
    agreement = AgreementSummarySerializer(read_only=True, allow_null=True)
    location = serializers.SerializerMethodField()
    events_url = serializers.SerializerMethodField()

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

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, obj) -> list[str]:
        return [alias.alias for alias in obj.aliases.all()]

    @extend_schema_field(LocationSerializer)
    def get_location(self, obj) -> dict:
        return place_location(obj.place)

    def get_events_url(self, obj) -> str:
        path = f"{reverse('api:event-list')}?observation_post={obj.pk}"
        return api_url(self.context.get("request"), path)


class ObservationPostUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ObservationPost
        fields = ["name", "agreement", "place", "status", "established_on", "review_status"]
