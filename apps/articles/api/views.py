from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from apps.core.api.cache import CachedReadMixin
from apps.core.api.renderers import CSVRenderer, ORJSONRenderer
from apps.core.api.schema import detail_responses, list_responses
from apps.core.api.views import ExportListMixin, RecordLookupMixin

from ..filtersets import ArticleFilterSet
from ..models import Article
from ..selectors import (
    article_list_queryset,
    article_mentioned_actors,
    article_mentioned_agreements,
)
from .serializers import ArticleListSerializer, ArticleSerializer


class ArticleViewSet(
    RecordLookupMixin,
    CachedReadMixin,
    ExportListMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    renderer_classes = [ORJSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    filterset_class = ArticleFilterSet
    export_name = "articles"

    def get_queryset(self):
        if self.action == "list":
            return article_list_queryset()
        return Article.objects.all()

    def get_serializer_class(self):
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
