"""Reads for the actor directory and an actor's page.

The events and articles an actor appears in belong to apps above this one: they are read here
only through the related names those apps declare on an actor (``event_links``, ``mentions``,
``paired_with``). The articles that name an actor come from the articles app
(``apps.core.pages``); the events app, which keeps the counts of events two actors share,
registers how to bring an actor's up to date before they are read
(``actor_co_actors_settle_register``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, F, QuerySet

from apps.core.choices import ReviewStatus
from apps.core.counts import related_count
from apps.core.review import visible, visible_q
from apps.core.search import text_match_q

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


def actor_timeline(actor: Actor, *, limit: int = TIMELINE_LIMIT) -> list[dict]:
    """The actor's part in each event, in the order the events happened, undated last.

    One row per link, as values (a page of 500 links builds no model instance): the event's
    ``event_id``, ``date``, ``date_precision``, ``event_type``, ``summary``, ``place`` (its
    name) and ``agreement_id``/``agreement`` (its name), and the link's ``role``,
    ``role_label`` and ``mention_text``."""
    links = actor.event_links
    role_labels = dict(links.model._meta.get_field("role").flatchoices)
    rows = list(
        links.exclude(event__review_status=ReviewStatus.REJECTED)
        .order_by(F("event_date").asc(nulls_last=True), "event_id", "role")
        .values(
            "event_id",
            "role",
            "mention_text",
            date=F("event__date"),
            date_precision=F("event__date_precision"),
            event_type=F("event__event_type"),
            summary=F("event__summary"),
            place=F("event__place__name"),
            agreement_id=F("event__agreement_id"),
            agreement=F("event__agreement__name"),
        )[:limit]
    )
    for row in rows:
        row["role_label"] = str(role_labels.get(row["role"], row["role"])).lower()
    return rows


def actor_undated_count(actor: Actor) -> int:
    """How many of the actor's events (not rejected) have no date: a timeline lists them last,
    a date window never shows them."""
    return (
        actor.event_links.filter(event_date__isnull=True)
        .exclude(event__review_status=ReviewStatus.REJECTED)
        .values("event_id")
        .distinct()
        .count()
    )


_co_actors_settle: list[Callable[[int], object]] = []


def actor_co_actors_settle_register(settle: Callable[[int], object]) -> None:
    """``settle(actor_id)`` runs before an actor's co-actors are read: it brings the stored
    counts of that actor up to date. One function; registering another raises."""
    if _co_actors_settle and _co_actors_settle[0] is not settle:
        raise ValueError("the co-actor counts already have a settle function")
    _co_actors_settle[:] = [settle]


def actor_co_actors(actor: Actor) -> QuerySet[Actor]:
    """The actors that share the most events with ``actor`` (``shared_event_count``): events
    no editor rejected, each counted once; rejected actors are left out.

    The counts are stored per pair of actors by the events app (its ``ActorPair``, which
    declares ``paired_with``), so this reads the actor's rows rather than joining each of its
    events to their links."""
    for settle in _co_actors_settle:
        settle(actor.pk)
    return (
        actor_visible()
        .filter(paired_with__actor=actor, paired_with__shared__gt=0)
        .annotate(shared_event_count=F("paired_with__shared"))
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
    match = text_match_q(
        query,
        fields=("name", "aliases__alias", "description"),
        folded=("normalized_name", "aliases__normalized"),
    )
    ids = actor_visible().filter(match).values("pk")
    return actor_directory().filter(pk__in=ids).order_by("-event_count", "name")[:limit]


def actor_list_queryset() -> QuerySet[Actor]:
    """The actors API list: every actor (its FilterSet decides visibility); the counts of a
    page come from ``actor_counts_attach``."""
    return Actor.objects.prefetch_related("aliases")


def actor_queryset() -> QuerySet[Actor]:
    """Actors for the API, with how many visible events and how many articles they appear in."""
    return Actor.objects.annotate(
        event_count=related_count(Actor, "event_links__event", visible_q("event_links__event")),
        article_count=related_count(Actor, "mentions__article"),
    ).prefetch_related("aliases")


def actor_counts_attach(actors: list[Actor]) -> None:
    """``event_count`` and ``article_count`` for a page of actors, in two grouped queries.

    The same numbers ``actor_queryset()`` annotates; on a list, counting per page is far cheaper
    than a correlated count per actor, which the database evaluates before sorting and limiting.
    """
    page = Actor.objects.filter(pk__in=[actor.pk for actor in actors]).order_by().values("pk")
    per_actor = Count("event_links__event_id", distinct=True)
    # All events minus the rejected ones: the first count reads the links alone, without
    # joining each to its event.
    events = dict(page.annotate(n=per_actor).values_list("pk", "n"))
    rejected = page.filter(event_links__event__review_status=ReviewStatus.REJECTED)
    for actor_id, n in rejected.annotate(n=per_actor).values_list("pk", "n"):
        events[actor_id] -= n
    articles = dict(
        page.annotate(n=Count("mentions__article_id", distinct=True)).values_list("pk", "n")
    )
    for actor in actors:
        actor.event_count = events.get(actor.pk, 0)
        actor.article_count = articles.get(actor.pk, 0)
