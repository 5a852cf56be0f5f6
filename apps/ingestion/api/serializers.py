"""The article upload and the ingestion record a client polls after it."""

from __future__ import annotations

from pathlib import PurePath

from django.urls import reverse
from rest_framework import serializers

from apps.core.api.serializers import api_url

from ..models import IngestionRecord


class ArticleUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="One article file (.txt, .md or .html).")


class IngestionRecordSerializer(serializers.ModelSerializer):
    file_name = serializers.SerializerMethodField()
    status_url = serializers.SerializerMethodField()
    article_url = serializers.SerializerMethodField()

    class Meta:
        model = IngestionRecord
        fields = [
            "id",
            "file_name",
            "outcome",
            "reason",
            "article",
            "task_id",
            "created_at",
            "finished_at",
            "status_url",
            "article_url",
        ]

    def get_file_name(self, obj) -> str:
        return PurePath(obj.path).name

    def get_status_url(self, obj) -> str:
        return api_url(self.context.get("request"), reverse("api:ingestion-detail", args=[obj.pk]))

    def get_article_url(self, obj) -> str | None:
        if obj.article_id is None:
            return None
        path = reverse("api:article-detail", args=[obj.article_id])
        return api_url(self.context.get("request"), path)
