from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.renderers import BrowsableAPIRenderer

from apps.core.api.cache import CachedReadMixin
from apps.core.api.renderers import CSVRenderer, GeoJSONRenderer, ORJSONRenderer
from apps.core.api.schema import detail_responses, list_responses
from apps.core.api.views import ExportListMixin, KnowledgeViewSet

from ..filtersets import ObservationPostFilterSet, PlaceFilterSet
from ..selectors import place_queryset, post_queryset
from .serializers import ObservationPostSerializer, ObservationPostUpdateSerializer, PlaceSerializer


@extend_schema_view(
    list=extend_schema(
        responses=list_responses("ObservationPost", ObservationPostSerializer, geojson=True),
        summary="Observation posts",
        description="Turkish military observation posts around Idlib. `?format=geojson` gives "
        "a FeatureCollection of the posts with coordinates; `?format=csv` a table.",
    ),
    retrieve=extend_schema(
        summary="One observation post",
        responses=detail_responses("ObservationPost", ObservationPostSerializer, geojson=True),
    ),
    partial_update=extend_schema(
        summary="Correct an observation post",
        request=ObservationPostUpdateSerializer,
        responses=ObservationPostSerializer,
    ),
)
class ObservationPostViewSet(KnowledgeViewSet):
    serializer_class = ObservationPostSerializer
    update_serializer_class = ObservationPostUpdateSerializer
    filterset_class = ObservationPostFilterSet
    renderer_classes = [*KnowledgeViewSet.renderer_classes, GeoJSONRenderer]
    export_name = "observation-posts"

    def get_queryset(self):
        return post_queryset()


@extend_schema_view(
    list=extend_schema(
        responses=list_responses("Place", PlaceSerializer, geojson=True),
        summary="Places",
        description="The gazetteer: towns, regions, roads and sites where events happen, with "
        "their coordinates when known. Read-only; an event's `place` is one of these ids. "
        "`?format=geojson` gives a FeatureCollection of the places with coordinates; "
        "`?format=csv` a table.",
    ),
    retrieve=extend_schema(
        summary="One place",
        responses=detail_responses("Place", PlaceSerializer, geojson=True),
    ),
)
class PlaceViewSet(
    CachedReadMixin, ExportListMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilterSet
    renderer_classes = [ORJSONRenderer, BrowsableAPIRenderer, CSVRenderer, GeoJSONRenderer]
    export_name = "places"

    def get_queryset(self):
        return place_queryset()

    def export_queryset(self, fmt):
        queryset = super().export_queryset(fmt)
        if fmt == "geojson":
            queryset = queryset.filter(lat__isnull=False, lon__isnull=False)
        return queryset
