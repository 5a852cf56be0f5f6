from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from apps.core.api.renderers import GeoJSONRenderer
from apps.core.api.schema import detail_responses, list_responses
from apps.core.api.views import KnowledgeViewSet

from ..filtersets import EventFilterSet, QuotationFilterSet
from ..models import Event, Quotation
from ..selectors import (
    EVENT_LIST_STATEMENTS,
    event_detail_queryset,
    event_list_queryset,
    event_list_rows,
    event_queryset,
    quotation_queryset,
)
from ..services import event_update
from .serializers import (
    EventDetailSerializer,
    EventSerializer,
    EventUpdateSerializer,
    QuotationSerializer,
    QuotationUpdateSerializer,
    event_list_payloads,
    events_attach_related,
)


@extend_schema_view(
    list=extend_schema(
        responses=list_responses("Event", EventSerializer, geojson=True),
        summary="Events",
        description="Who did what to whom, when and where, each with the sentences that "
        "report it. Rejected events are left out unless `review_status` asks for them "
        "(`all`, or `rejected` for only those). "
        "`?format=csv` exports every matching event; `?format=geojson` those with coordinates.",
    ),
    retrieve=extend_schema(
        summary="One event",
        description="An event with the figures each source states about it (`figures`) and "
        "whether they disagree (`disputed`).",
        responses=detail_responses("EventDetail", EventDetailSerializer, geojson=True),
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
        if self.action == "retrieve":
            return event_detail_queryset()
        return event_queryset()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return EventDetailSerializer
        return super().get_serializer_class()

    def list(self, request, *args, **kwargs):
        """A page is built from the selected values (``event_list_rows``), not from model
        instances: the same payload, at a fraction of the cost. Exports go the usual way."""
        if getattr(request.accepted_renderer, "format", "") in ("csv", "geojson"):
            return super().list(request, *args, **kwargs)
        source = self.list_rows(event_list_rows, EVENT_LIST_STATEMENTS)
        page = self.paginator.paginate_rows(source, request)
        return self.get_paginated_response(event_list_payloads(page))

    def attach_related(self, objects):
        events_attach_related(objects)

    def export_queryset(self, fmt):
        queryset = super().export_queryset(fmt)
        if fmt == "geojson":
            queryset = queryset.filter(place__lat__isnull=False, place__lon__isnull=False)
        return queryset

    def perform_editor_update(self, instance, changes):
        """Through the events service, which also re-dates the event's actor links and
        replaces them when ``actors`` is given."""
        actors = changes.pop("actors", None)
        if actors is None and set(changes) <= {"review_status"}:
            return super().perform_editor_update(instance, changes)
        event_update(instance, changes=changes, actors=actors, user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        responses=list_responses("Quotation", QuotationSerializer),
        summary="Quotations",
        description="Words in quotation marks an article attributes to someone: the speaker "
        "(`null` when the text names no known actor; `speaker_text` keeps the words that name "
        "them), the day they were said, the sentence citing them and the statement event they "
        "belong to. Rejected quotations are left out unless `review_status` asks for them. "
        "`?format=csv` exports every matching quotation.",
    ),
    retrieve=extend_schema(
        summary="One quotation", responses=detail_responses("Quotation", QuotationSerializer)
    ),
    partial_update=extend_schema(
        summary="Correct a quotation",
        description="An editor's correction (needs the events.change_quotation permission). "
        "Corrected quotations are never overwritten by re-extraction.",
        request=QuotationUpdateSerializer,
        responses=QuotationSerializer,
    ),
)
class QuotationViewSet(KnowledgeViewSet):
    serializer_class = QuotationSerializer
    update_serializer_class = QuotationUpdateSerializer
    filterset_class = QuotationFilterSet
    export_name = "quotations"

    def get_queryset(self):
        if self.action == "partial_update":
            return Quotation.objects.all()
        return quotation_queryset()
