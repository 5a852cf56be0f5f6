"""Reads for observation posts and the map.

Events are counted here through the related name the events app declares on a post and a place;
a post's events and the articles that name it come from the events and articles apps
(``apps.core.pages``).
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from apps.core.review import visible, visible_q
from apps.core.search import text_match_q

from .models import ObservationPost, Place, PlaceKind

_VISIBLE_EVENTS = visible_q("events")


def post_visible() -> QuerySet[ObservationPost]:
    return visible(ObservationPost.objects.all())


def post_list() -> QuerySet[ObservationPost]:
    """The posts page: every post with its place, agreement and how many visible events
    concern it, by name. The page's FilterSet decides which posts are shown."""
    return (
        ObservationPost.objects.select_related("place", "agreement")
        .annotate(event_count=Count("events", filter=_VISIBLE_EVENTS, distinct=True))
        .order_by("name")
    )


def post_directory() -> QuerySet[ObservationPost]:
    """Visible posts with their place, agreement and how many events concern them."""
    return visible(post_list())


def post_queryset() -> QuerySet[ObservationPost]:
    """Posts for the API: every post, the list's FilterSet decides which are shown."""
    return ObservationPost.objects.select_related("agreement", "place").prefetch_related("aliases")


def place_queryset() -> QuerySet[Place]:
    """Places for the API, with their aliases; every place (places are not reviewed)."""
    return Place.objects.prefetch_related("aliases").order_by("name", "id")


def post_profile() -> QuerySet[ObservationPost]:
    return post_visible().select_related("place", "agreement").prefetch_related("aliases")


def post_located() -> QuerySet[ObservationPost]:
    """Posts whose place has coordinates, for the map."""
    return post_directory().filter(place__lat__isnull=False, place__lon__isnull=False)


def place_with_events() -> QuerySet[Place]:
    """Places with coordinates where at least one visible event happened, busiest first.

    Countries are left out: an event "in Syria" has no point on a map of the front line.
    """
    return (
        Place.objects.filter(lat__isnull=False, lon__isnull=False)
        .exclude(kind=PlaceKind.COUNTRY)
        .annotate(event_count=Count("events", filter=_VISIBLE_EVENTS, distinct=True))
        .filter(event_count__gt=0)
        .order_by("-event_count", "name")
    )


def post_search(query: str, *, limit: int = 25) -> QuerySet[ObservationPost]:
    match = text_match_q(
        query, fields=("name", "aliases__alias", "place__name"), folded=("normalized_name",)
    )
    ids = post_visible().filter(match).values("pk")
    return post_directory().filter(pk__in=ids)[:limit]


def place_search(query: str, *, limit: int = 25) -> QuerySet[Place]:
    match = text_match_q(
        query, fields=("name", "aliases__alias"), folded=("normalized_name", "aliases__normalized")
    )
    ids = Place.objects.filter(match).values("pk")
    return (
        Place.objects.filter(pk__in=ids)
        .annotate(event_count=Count("events", filter=_VISIBLE_EVENTS, distinct=True))
        .order_by("-event_count", "name")[:limit]
    )
