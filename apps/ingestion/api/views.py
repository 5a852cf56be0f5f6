"""The ingestion API: the article upload, which runs the pipeline, and the record a client
polls after it."""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from apps.articles.api.views import ArticleViewSet
from apps.core.api.renderers import ORJSONRenderer
from apps.core.api.views import RecordLookupMixin

from ..documents import IngestionError
from ..models import IngestionRecord
from ..services import BrokerUnavailable, ingest_upload
from .parsers import NameKeepingMultiPartParser
from .serializers import ArticleUploadSerializer, IngestionRecordSerializer

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


# The articles API as the router serves it at /api/v1/articles/: the articles app's viewset plus
# the upload, which runs the pipeline (no docstring: the schema would show it as a description).
class ArticleUploadViewSet(ArticleViewSet):
    def get_serializer_class(self):
        if self.action == "upload":
            return ArticleUploadSerializer
        return super().get_serializer_class()

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
        parser_classes=[NameKeepingMultiPartParser, FormParser],
        filterset_class=None,
        pagination_class=None,
    )
    def upload(self, request):
        serializer = ArticleUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        uploaded = serializer.validated_data["file"]
        limit = settings.INGESTION_MAX_FILE_BYTES
        if uploaded.size > limit:
            return Response(
                {"file": [f"the file has {uploaded.size} bytes; the limit is {limit}."]},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        # The name as the client sent it: Django would have cut "../../x.txt" to "x.txt".
        problem = upload_name_problem(getattr(uploaded, "submitted_name", uploaded.name) or "")
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
class IngestionRecordViewSet(RecordLookupMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = IngestionRecord.objects.all()
    serializer_class = IngestionRecordSerializer
    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = [ORJSONRenderer, BrowsableAPIRenderer]
    filterset_class = None
