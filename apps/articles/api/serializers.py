from __future__ import annotations

from rest_framework import serializers

from apps.actors.api.serializers import ActorSummarySerializer
from apps.agreements.api.serializers import AgreementSummarySerializer
from apps.core.api.serializers import FilteredListUrlField

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
    actors_url = FilteredListUrlField("api:actor-list", "article")
    agreements_url = FilteredListUrlField("api:agreement-list", "article")
    events_url = FilteredListUrlField("api:event-list", "article")

    class Meta:
        model = Article
        fields = LIST_FIELDS


class ArticleSerializer(ArticleListSerializer):
    actors = ActorSummarySerializer(source="mentioned_actors", many=True, read_only=True)
    agreements = AgreementSummarySerializer(
        source="mentioned_agreements", many=True, read_only=True
    )

    class Meta:
        model = Article
        fields = [*LIST_FIELDS, "body", "actors", "agreements"]
