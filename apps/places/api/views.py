from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from apps.core.api.renderers import GeoJSONRenderer
from apps.core.api.schema import detail_responses, list_responses
from apps.core.api.views import KnowledgeViewSet

from ..filtersets import ObservationPostFilterSet
from ..selectors import post_queryset
from .serializers import ObservationPostSerializer, ObservationPostUpdateSerializer


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
