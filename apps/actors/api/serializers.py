from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from apps.core.api.serializers import AliasesField, FilteredListUrlField, api_url

from ..models import Actor


class ActorSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name", "kind"]


class ActorSerializer(serializers.ModelSerializer):
    aliases = AliasesField()
    event_count = serializers.IntegerField(read_only=True)
    article_count = serializers.IntegerField(read_only=True)
    events_url = FilteredListUrlField("api:event-list", "actor")
    articles_url = FilteredListUrlField("api:article-list", "actor")
    agreements_url = FilteredListUrlField("api:agreement-list", "party")
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

    def get_co_actors_url(self, obj) -> str:
        return api_url(self.context.get("request"), reverse("api:actor-co-actors", args=[obj.pk]))


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
