from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action

from apps.core.api.schema import detail_responses, list_responses
from apps.core.api.views import KnowledgeViewSet

from ..filtersets import ActorFilterSet
from ..selectors import (
    actor_co_actors,
    actor_counts_attach,
    actor_list_queryset,
    actor_queryset,
)
from .serializers import ActorSerializer, ActorUpdateSerializer, CoActorSerializer


@extend_schema_view(
    list=extend_schema(
        responses=list_responses("Actor", ActorSerializer),
        summary="Actors",
        description="People, states, government bodies, armed forces and groups, with how many "
        "events and articles they appear in. Each links to its events, articles, agreements "
        "and co-actors.",
    ),
    retrieve=extend_schema(
        summary="One actor", responses=detail_responses("Actor", ActorSerializer)
    ),
    partial_update=extend_schema(
        summary="Correct an actor", request=ActorUpdateSerializer, responses=ActorSerializer
    ),
    co_actors=extend_schema(
        summary="Co-actors",
        description="Actors who take part in the same events, most shared events first.",
        filters=False,
        responses=CoActorSerializer(many=True),
    ),
)
class ActorViewSet(KnowledgeViewSet):
    serializer_class = ActorSerializer
    update_serializer_class = ActorUpdateSerializer
    filterset_class = ActorFilterSet
    export_name = "actors"

    def get_queryset(self):
        if self.action == "list":
            return actor_list_queryset()
        return actor_queryset()

    def attach_related(self, objects):
        if self.action == "list":
            actor_counts_attach(objects)

    @action(detail=True, methods=["get"], url_path="co-actors", filterset_class=None)
    def co_actors(self, request, pk=None):
        actor = self.get_object()
        page = self.paginate_queryset(actor_co_actors(actor))
        serializer = CoActorSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)
