"""The article upload and the ingestion record a client polls after it."""

from __future__ import annotations

import re
from pathlib import PurePath

from django.urls import reverse
from rest_framework import serializers

from apps.core.api.serializers import api_url

from ..models import IngestionRecord

# An absolute path in a message ("/srv/app/var/uploads/x.txt", "C:\\data\\x.txt"): not one
# after a word character, a colon or a slash, so a URL's path is left alone.
_SERVER_PATH = re.compile(r"(?<![\w:/\\])(?:[A-Za-z]:)?[/\\](?:[^\s/\\'\"]+[/\\])+([^\s/\\'\"]+)")


def public_reason(reason: str) -> str:
    """``reason`` with every server path cut to its file name."""
    return _SERVER_PATH.sub(r"\1", reason or "")


class ArticleUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="One article file (.txt, .md or .html).")


class IngestionRecordSerializer(serializers.ModelSerializer):
    file_name = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
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

    def get_reason(self, obj) -> str:
        return public_reason(obj.reason)

    def get_status_url(self, obj) -> str:
        return api_url(self.context.get("request"), reverse("api:ingestion-detail", args=[obj.pk]))

    def get_article_url(self, obj) -> str | None:
        if obj.article_id is None:
            return None
        path = reverse("api:article-detail", args=[obj.article_id])
        return api_url(self.context.get("request"), path)
