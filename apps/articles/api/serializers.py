from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.actors.api.serializers import ActorSummarySerializer
from apps.agreements.api.serializers import AgreementSummarySerializer
from apps.core.api.serializers import FilteredListUrlField

from ..models import Article
from ..selectors import ARTICLE_LIST_COLUMNS

# The list's columns (what its selector reads), then its links to filtered lists.
LIST_FIELDS = [*ARTICLE_LIST_COLUMNS, "actors_url", "agreements_url", "events_url"]


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

    def to_representation(self, obj) -> dict:
        """The same payload as the declared fields give, built directly: a page of 50
        articles (a search's answer) spent most of its time in DRF's field machinery."""
        if type(self) is not ArticleListSerializer:
            return super().to_representation(obj)  # the detail: a few more fields, one row
        # The declared link fields of the class, not ``self.fields``: those DRF would build
        # (every model field too) on each response.
        links, context = ArticleListSerializer._declared_fields, self.context
        return {
            "id": obj.id,
            "title": obj.title,
            "published_on": obj.published_on.isoformat() if obj.published_on else None,
            "published_on_precision": obj.published_on_precision,
            "published_on_source": obj.published_on_source,
            "source": obj.source,
            "author": obj.author,
            "url": obj.url,
            "source_file": obj.source_file,
            "related_links": self.get_related_links(obj),
            "actors_url": links["actors_url"].url(context, obj.pk),
            "agreements_url": links["agreements_url"].url(context, obj.pk),
            "events_url": links["events_url"].url(context, obj.pk),
        }


class ArticleSerializer(ArticleListSerializer):
    actors = ActorSummarySerializer(source="mentioned_actors", many=True, read_only=True)
    agreements = AgreementSummarySerializer(
        source="mentioned_agreements", many=True, read_only=True
    )

    class Meta:
        model = Article
        fields = [*LIST_FIELDS, "body", "actors", "agreements"]
