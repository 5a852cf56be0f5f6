"""Reads for the actor directory and an actor's page."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from apps.articles.models import Article
from apps.core.choices import ReviewStatus
from apps.core.text import normalize_name
from apps.events.models import Event, EventActor

from .models import Actor

TIMELINE_LIMIT = 500
CO_ACTORS_SHOWN = 10


def actor_visible() -> QuerySet[Actor]:
    return Actor.objects.exclude(review_status=ReviewStatus.REJECTED)


def actor_directory() -> QuerySet[Actor]:
    """Actors with how many events they take part in, for the directory."""
    return actor_visible().annotate(
        event_count=Count(
            "event_links__event",
            filter=~Q(event_links__event__review_status=ReviewStatus.REJECTED),
            distinct=True,
        )
    )


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
