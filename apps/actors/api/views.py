from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action

from apps.articles.models import Mention
from apps.core.api.schema import detail_responses, list_responses
from apps.core.api.views import KnowledgeViewSet
from apps.core.choices import ReviewStatus
from apps.events.models import EventActor

from ..filtersets import ActorFilterSet
from ..models import Actor
from ..selectors import actor_co_actors
from .serializers import ActorSerializer, ActorUpdateSerializer, CoActorSerializer


def _distinct_count(queryset, field: str):
    counted = (
        queryset.filter(actor=OuterRef("pk"))
        .order_by()
        .values("actor")
        .annotate(n=Count(field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def actor_queryset():
    """Actors with how many (non-rejected) events and how many articles they appear in."""
    links = EventActor.objects.exclude(event__review_status=ReviewStatus.REJECTED)
    return Actor.objects.annotate(
        event_count=_distinct_count(links, "event"),
        article_count=_distinct_count(Mention.objects.all(), "article"),
    ).prefetch_related("aliases")


def actor_counts_attach(actors: list[Actor]) -> None:
    """``event_count`` and ``article_count`` for a page of actors, in two grouped queries.

    The same numbers ``actor_queryset()`` annotates; on a list, counting per page is far cheaper
    than a correlated count per actor, which the database evaluates before sorting and limiting.
    """
    ids = [actor.pk for actor in actors]
    links = EventActor.objects.filter(actor_id__in=ids).order_by().values("actor_id")
    per_actor = Count("event_id", distinct=True)
    # All events minus the rejected ones: two index scans instead of a join over every link.
    events = dict(links.annotate(n=per_actor).values_list("actor_id", "n"))
    rejected = links.filter(event__review_status=ReviewStatus.REJECTED)
    for actor_id, n in rejected.annotate(n=per_actor).values_list("actor_id", "n"):
        events[actor_id] -= n
    articles = dict(
        Mention.objects.filter(actor_id__in=ids)
        .order_by()
        .values("actor_id")
        .annotate(n=Count("article_id", distinct=True))
        .values_list("actor_id", "n")
    )
    for actor in actors:
        actor.event_count = events.get(actor.pk, 0)
        actor.article_count = articles.get(actor.pk, 0)


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
            return Actor.objects.prefetch_related("aliases")  # counts: attach_related()
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
