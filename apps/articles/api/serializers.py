from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
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


class RelatedLinkSerializer(serializers.Serializer):
    """A link the article's page lists as related: its title and address ("" when the page
    gave only a title)."""

    title = serializers.CharField()
    url = serializers.CharField()


def related_link(item) -> dict:
    """One stored related link as an object; an older plain-text entry is its title."""
    if isinstance(item, dict):
        return {"title": str(item.get("title") or ""), "url": str(item.get("url") or "")}
    return {"title": str(item), "url": ""}


class ArticleListSerializer(serializers.ModelSerializer):
    related_links = serializers.SerializerMethodField()
    actors_url = FilteredListUrlField("api:actor-list", "article")
    agreements_url = FilteredListUrlField("api:agreement-list", "article")
    events_url = FilteredListUrlField("api:event-list", "article")

    class Meta:
        model = Article
        fields = LIST_FIELDS

    @extend_schema_field(RelatedLinkSerializer(many=True))
    def get_related_links(self, obj) -> list[dict]:
        return [related_link(item) for item in obj.related_links or []]


class ArticleSerializer(ArticleListSerializer):
    actors = ActorSummarySerializer(source="mentioned_actors", many=True, read_only=True)
    agreements = AgreementSummarySerializer(
        source="mentioned_agreements", many=True, read_only=True
    )

    class Meta:
        model = Article
        fields = [*LIST_FIELDS, "body", "actors", "agreements"]
