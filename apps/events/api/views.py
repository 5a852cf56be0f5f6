from __future__ import annotations

import importlib

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from apps.core.api.renderers import GeoJSONRenderer
from apps.core.api.schema import detail_responses, list_responses
from apps.core.api.views import KnowledgeViewSet

from ..filtersets import EventFilterSet
from ..models import Event, EventActor, Evidence
from .serializers import EventSerializer, EventUpdateSerializer, events_attach_related

EVENT_COLUMNS = [
    "id",
    "event_type",
    "cameo_code",
    "acled_event_type",
    "acled_sub_event_type",
    "date",
    "date_precision",
    "end_date",
    "summary",
    "place",
    "location_text",
    "fatalities",
    "wounded",
    "agreement",
    "observation_post",
    "source_count",
    "review_status",
]


def event_list_queryset():
    """Events with the columns their payload shows; actors and evidence come per page."""
    return Event.objects.select_related("place", "agreement", "observation_post").only(
        *EVENT_COLUMNS,
        "place__name",
        "place__lat",
        "place__lon",
        "agreement__name",
        "observation_post__name",
    )


def event_queryset():
    """Events with everything their payload shows, in a fixed number of queries."""
    return (
        Event.objects.select_related("place", "agreement", "observation_post")
        .only(
            *EVENT_COLUMNS,
            "place__name",
            "place__lat",
            "place__lon",
            "agreement__name",
            "observation_post__name",
        )
        .prefetch_related(
            Prefetch(
                "actor_links",
                queryset=EventActor.objects.select_related("actor")
                .only("id", "event_id", "actor_id", "role", "actor__name", "actor__kind")
                .order_by("role", "id"),
            ),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("article")
                .only("id", "event_id", "article_id", "article__title", "quote", "start", "end")
                .order_by("article_id", "start", "id"),
            ),
        )
    )


@extend_schema_view(
    list=extend_schema(
        responses=list_responses("Event", EventSerializer, geojson=True),
        summary="Events",
        description="Who did what to whom, when and where, each with the sentences that "
        "report it. Rejected events are left out unless `review_status` is given. "
        "`?format=csv` exports every matching event; `?format=geojson` those with coordinates.",
    ),
    retrieve=extend_schema(
        summary="One event", responses=detail_responses("Event", EventSerializer, geojson=True)
    ),
    partial_update=extend_schema(
        summary="Correct an event",
        description="An editor's correction (needs the events.change_event permission). "
        "Corrected events are never overwritten by re-extraction.",
        request=EventUpdateSerializer,
        responses=EventSerializer,
    ),
)
class EventViewSet(KnowledgeViewSet):
    serializer_class = EventSerializer
    update_serializer_class = EventUpdateSerializer
    filterset_class = EventFilterSet
    renderer_classes = [*KnowledgeViewSet.renderer_classes, GeoJSONRenderer]
    export_name = "events"

    def get_queryset(self):
        if self.action == "partial_update":
            return Event.objects.all()  # an editor's save needs every column
        if self.action == "list":
            return event_list_queryset()
        return event_queryset()

    def attach_related(self, objects):
        events_attach_related(objects)

    def export_queryset(self, fmt):
        queryset = super().export_queryset(fmt)
        if fmt == "geojson":
            queryset = queryset.filter(place__lat__isnull=False, place__lon__isnull=False)
        return queryset

    def perform_editor_update(self, instance, changes):
        """Through the events service when there is one (it also keeps dependants in step)."""
        try:
            services = importlib.import_module("apps.events.services")
        except ModuleNotFoundError:
            services = None
        event_update = getattr(services, "event_update", None)
        if event_update is None or set(changes) == {"review_status"}:
            return super().perform_editor_update(instance, changes)
        event_update(instance, changes=changes, user=self.request.user)
