from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api.serializers import api_url

from ..models import Agreement, AgreementParty


class AgreementSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "name"]


class AgreementPartySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="actor_id")
    name = serializers.CharField(source="actor.name")

    class Meta:
        model = AgreementParty
        fields = ["id", "name", "role"]


class AgreementSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()
    parties = AgreementPartySerializer(source="party_links", many=True, read_only=True)
    post_count = serializers.IntegerField(read_only=True)
    event_count = serializers.IntegerField(read_only=True)
    posts_url = serializers.SerializerMethodField()
    events_url = serializers.SerializerMethodField()
    articles_url = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "name",
            "aliases",
            "kind",
            "signed_on",
            "signed_on_precision",
            "parties",
            "summary",
            "post_count",
            "event_count",
            "review_status",
            "posts_url",
            "events_url",
            "articles_url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, obj) -> list[str]:
        return [alias.alias for alias in obj.aliases.all()]

    def _url(self, path: str) -> str:
        return api_url(self.context.get("request"), path)

    def get_posts_url(self, obj) -> str:
        return self._url(f"{reverse('api:observation-post-list')}?agreement={obj.pk}")

    def get_events_url(self, obj) -> str:
        return self._url(f"{reverse('api:event-list')}?agreement={obj.pk}")

    def get_articles_url(self, obj) -> str:
        return self._url(f"{reverse('api:article-list')}?agreement={obj.pk}")


class AgreementUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["name", "kind", "signed_on", "signed_on_precision", "summary", "review_status"]
