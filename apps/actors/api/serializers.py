from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api.serializers import api_url

from ..models import Actor


class ActorSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name", "kind"]


class ActorSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()
    event_count = serializers.IntegerField(read_only=True)
    article_count = serializers.IntegerField(read_only=True)
    events_url = serializers.SerializerMethodField()
    articles_url = serializers.SerializerMethodField()
    agreements_url = serializers.SerializerMethodField()
    co_actors_url = serializers.SerializerMethodField()

    class Meta:
        model = Actor
        fields = [
            "id",
            "name",
            "kind",
            "affiliation",
            "description",
            "aliases",
            "event_count",
            "article_count",
            "review_status",
            "events_url",
            "articles_url",
            "agreements_url",
            "co_actors_url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, obj) -> list[str]:
        return [alias.alias for alias in obj.aliases.all()]

    def _url(self, path: str) -> str:
        return api_url(self.context.get("request"), path)

    def get_events_url(self, obj) -> str:
        return self._url(f"{reverse('api:event-list')}?actor={obj.pk}")

    def get_articles_url(self, obj) -> str:
        return self._url(f"{reverse('api:article-list')}?actor={obj.pk}")

    def get_agreements_url(self, obj) -> str:
        return self._url(f"{reverse('api:agreement-list')}?party={obj.pk}")

    def get_co_actors_url(self, obj) -> str:
        return self._url(reverse("api:actor-co-actors", args=[obj.pk]))


class ActorUpdateSerializer(serializers.ModelSerializer):
    """The fields an editor may correct through the API."""

    class Meta:
        model = Actor
        fields = ["name", "kind", "affiliation", "description", "review_status"]


class CoActorSerializer(serializers.ModelSerializer):
    shared_event_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Actor
        fields = ["id", "name", "kind", "affiliation", "shared_event_count"]
