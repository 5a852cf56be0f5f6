from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from apps.actors.api.serializers import ActorSummarySerializer
from apps.agreements.api.serializers import AgreementSummarySerializer
from apps.core.api.serializers import api_url

from ..models import Article

LIST_FIELDS = [
    "id",
    "title",
    "published_on",
    "published_on_precision",
    "published_on_source",
    "source",
    "author",
    "url",
    "source_file",
    "related_links",
    "actors_url",
    "agreements_url",
    "events_url",
]


class ArticleListSerializer(serializers.ModelSerializer):
    related_links = serializers.ListField(child=serializers.CharField(), read_only=True)
    actors_url = serializers.SerializerMethodField()
    agreements_url = serializers.SerializerMethodField()
    events_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = LIST_FIELDS

    def _url(self, name: str, obj) -> str:
        return api_url(self.context.get("request"), f"{reverse(name)}?article={obj.pk}")

    def get_actors_url(self, obj) -> str:
        return self._url("api:actor-list", obj)

    def get_agreements_url(self, obj) -> str:
        return self._url("api:agreement-list", obj)

    def get_events_url(self, obj) -> str:
        return self._url("api:event-list", obj)


class ArticleSerializer(ArticleListSerializer):
    actors = ActorSummarySerializer(source="mentioned_actors", many=True, read_only=True)
    agreements = AgreementSummarySerializer(
        source="mentioned_agreements", many=True, read_only=True
    )

    class Meta:
        model = Article
        fields = [*LIST_FIELDS, "body", "actors", "agreements"]
