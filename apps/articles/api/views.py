from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from apps.core.api.cache import CachedReadMixin
from apps.core.api.renderers import CSVRenderer, ORJSONRenderer
from apps.core.api.schema import detail_responses, list_responses
from apps.core.api.views import ExportListMixin
from apps.ingestion.models import IngestionRecord

from ..filtersets import ArticleFilterSet
from ..models import Article
from ..selectors import (
    article_list_queryset,
    article_mentioned_actors,
    article_mentioned_agreements,
)
from .serializers import (
    ArticleListSerializer,
    ArticleSerializer,
    ArticleUploadSerializer,
    IngestionRecordSerializer,
)

MAX_NAME_LENGTH = 200


def upload_name_problem(name: str) -> str | None:
    """Why an uploaded file's name is refused, or None when it is acceptable."""
    if not name or len(name) > MAX_NAME_LENGTH:
        return f"the file name must have 1 to {MAX_NAME_LENGTH} characters."
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return "the file name contains control characters."
    if "/" in name or "\\" in name or name in (".", "..") or PurePosixPath(name).name != name:
        return "the file name must not contain a path."
    if name.startswith("."):
        return "the file name must not start with a dot."
    suffix = PurePosixPath(name).suffix.lower()
    allowed = [s.lower() for s in settings.INGESTION_ALLOWED_SUFFIXES]
    if suffix not in allowed:
        return (
            f"the file type {suffix or '(none)'} is not accepted; use one of {', '.join(allowed)}."
        )
    return None


class ArticleViewSet(
    CachedReadMixin, ExportListMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    renderer_classes = [ORJSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    filterset_class = ArticleFilterSet
    export_name = "articles"

    def get_queryset(self):
        if self.action == "list":
            return article_list_queryset()
        return Article.objects.all()

    def get_serializer_class(self):
        if self.action == "upload":
            return ArticleUploadSerializer
        return ArticleSerializer if self.action == "retrieve" else ArticleListSerializer

    @extend_schema(
        responses=list_responses("Article", ArticleListSerializer),
        summary="Articles",
        description="Articles, newest first. `q` is full-text search over title and body "
        "(ranked by relevance on PostgreSQL). `?format=csv` exports every matching article "
        "without its body.",
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One article, with its text and the actors and agreements it names",
        responses=detail_responses("Article", ArticleSerializer),
    )
    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        article.mentioned_actors = article_mentioned_actors(article)
        article.mentioned_agreements = article_mentioned_agreements(article)
        return Response(self.get_serializer(article).data)

    @extend_schema(
        summary="Upload an article file for ingestion",
        description="Multipart field `file`. Needs the articles.add_article permission. "
        "Answers 202 with the ingestion record to poll at `status_url`.",
        request={"multipart/form-data": ArticleUploadSerializer},
        responses={
            202: IngestionRecordSerializer,
            400: OpenApiResponse(description="Missing file, or a refused name or type."),
            413: OpenApiResponse(description="The file is larger than the upload limit."),
            503: OpenApiResponse(description="The ingestion queue is unavailable."),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="upload",
        parser_classes=[MultiPartParser, FormParser],
        filterset_class=None,
        pagination_class=None,
    )
    def upload(self, request):
        from apps.ingestion.documents import IngestionError
        from apps.ingestion.services import BrokerUnavailable, ingest_upload

        serializer = ArticleUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        uploaded = serializer.validated_data["file"]
        limit = settings.INGESTION_MAX_FILE_BYTES
        if uploaded.size > limit:
            return Response(
                {"file": [f"the file has {uploaded.size} bytes; the limit is {limit}."]},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        problem = upload_name_problem(uploaded.name or "")
        if problem:
            return Response({"file": [problem]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            record = ingest_upload(uploaded, origin="api", user=request.user)
        except IngestionError as exc:
            return Response({"file": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        except BrokerUnavailable:
            return Response(
                {"detail": "ingestion is unavailable right now; try again later."},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        data = IngestionRecordSerializer(record, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    retrieve=extend_schema(
        summary="Poll an ingestion",
        description="What happened to an uploaded file: pending until its task has run, "
        "then created, updated, unchanged, duplicate or rejected (with the reason).",
    )
)
class IngestionRecordViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = IngestionRecord.objects.all()
    serializer_class = IngestionRecordSerializer
    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = [ORJSONRenderer, BrowsableAPIRenderer]
    filterset_class = None
