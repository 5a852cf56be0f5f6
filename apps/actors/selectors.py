"""Reads for the actor directory and an actor's page."""

from __future__ import annotations

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.articles.models import Article, Mention
from apps.core.choices import ReviewStatus
from apps.core.review import visible, visible_q
from apps.core.text import normalize_name
from apps.events.models import Event, EventActor

from .models import Actor

TIMELINE_LIMIT = 500
CO_ACTORS_SHOWN = 10


def actor_visible() -> QuerySet[Actor]:
    return visible(Actor.objects.all())


def actor_list() -> QuerySet[Actor]:
    """The actor directory page: every actor with how many visible events it takes part in,
    by name. The page's FilterSet decides which actors are shown."""
    return Actor.objects.annotate(
        event_count=Count(
            "event_links__event", filter=visible_q("event_links__event"), distinct=True
        )
    ).order_by("name")


def actor_directory() -> QuerySet[Actor]:
    """Visible actors with how many visible events they take part in."""
    return visible(actor_list())


def actor_profile() -> QuerySet[Actor]:
    return actor_visible().prefetch_related("aliases", "positions")


def actor_timeline(actor: Actor, *, limit: int = TIMELINE_LIMIT) -> QuerySet[EventActor]:
    """The actor's part in each event, in the order the events happened, undated last."""
    return (
        EventActor.objects.filter(actor=actor)
        .exclude(event__review_status=ReviewStatus.REJECTED)
        .select_related("event", "event__place", "event__agreement")
        .order_by(F("event_date").asc(nulls_last=True), "event_id", "role")[:limit]
    )


def actor_articles(actor: Actor, *, limit: int = 50) -> QuerySet[Article]:
    """Articles that name the actor, newest first, with how often they do."""
    return (
        Article.objects.filter(mentions__actor=actor)
        .annotate(mention_count=Count("mentions", filter=Q(mentions__actor=actor)))
        .defer("body", "search_vector")
        .order_by(F("published_on").desc(nulls_last=True), "-id")[:limit]
    )


def actor_shared_events(actor: Actor) -> QuerySet[EventActor]:
    """Ids of the events ``actor`` takes part in that no editor rejected.

    Written as NOT EXISTS over the rejected events, which the partial index
    ``event_rejected_idx`` holds: a popular actor's 8,000 events are checked against the few
    rejected ones rather than against a scan of every event.
    """
    rejected = Event.objects.filter(pk=OuterRef("event_id"), review_status=ReviewStatus.REJECTED)
    return EventActor.objects.filter(actor=actor).filter(~Exists(rejected)).values("event_id")


def actor_co_actors(actor: Actor) -> QuerySet[Actor]:
    """The actors that share the most events with ``actor`` (``shared_event_count``)."""
    return (
        actor_visible()
        .exclude(pk=actor.pk)
        .filter(event_links__event_id__in=actor_shared_events(actor))
        .annotate(shared_event_count=Count("event_links__event_id", distinct=True))
        .order_by("-shared_event_count", "name", "id")
    )


def actor_agreement_links(actor: Actor):
    """The agreements the actor is a party to, oldest first."""
    return (
        actor.agreement_links.exclude(agreement__review_status=ReviewStatus.REJECTED)
        .select_related("agreement")
        .order_by(F("agreement__signed_on").asc(nulls_last=True), "agreement__name")
    )


def actor_search(query: str, *, limit: int = 25) -> QuerySet[Actor]:
    """Actors whose name, alias or description contains ``query``."""
    folded = normalize_name(query)
    match = (
        Q(name__icontains=query)
        | Q(normalized_name__contains=folded)
        | Q(aliases__alias__icontains=query)
        | Q(aliases__normalized__contains=folded)
        | Q(description__icontains=query)
    )
    ids = actor_visible().filter(match).values("pk")
    return actor_directory().filter(pk__in=ids).order_by("-event_count", "name")[:limit]


def actor_list_queryset() -> QuerySet[Actor]:
    """The actors API list: every actor (its FilterSet decides visibility); the counts of a
    page come from ``actor_counts_attach``."""
    return Actor.objects.prefetch_related("aliases")


def _distinct_count(queryset, field: str):
    counted = (
        queryset.filter(actor=OuterRef("pk"))
        .order_by()
        .values("actor")
        .annotate(n=Count(field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def actor_queryset() -> QuerySet[Actor]:
    """Actors for the API, with how many visible events and how many articles they appear in."""
    links = visible(EventActor.objects.all(), through="event")
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
