"""Reads of events for the browse pages and the API: each returns a queryset that owns its joins.

Lists that take the events FilterSet (``event_list``, ``event_list_queryset``) return every
event: the FilterSet decides which are shown (rejected ones only when asked for). The other
reads show visible events only.
"""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet

from apps.core.review import visible

from .models import Event, EventActor, Evidence

# The columns an event's API payload shows.
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


def event_visible() -> QuerySet[Event]:
    """Events a researcher may see: everything except what an editor rejected."""
    return visible(Event.objects.all())


def _with_details(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related("place", "agreement", "observation_post").prefetch_related(
        Prefetch(
            "actor_links",
            queryset=EventActor.objects.select_related("actor").order_by("role", "actor__name"),
        ),
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("article")
            .defer("article__body", "article__search_vector")
            .order_by("article__published_on", "start"),
        ),
    )


def event_with_details(queryset: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """Visible events with their place, agreement, post, actors (with roles) and cited
    sentences."""
    return _with_details(visible(Event.objects.all() if queryset is None else queryset))


def event_list() -> QuerySet[Event]:
    """The events list page: newest first, undated last; its FilterSet decides visibility."""
    return _with_details(Event.objects.all()).order_by(F("date").desc(nulls_last=True), "-id")


def event_timeline(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Events in the order they happened, undated ones last."""
    return event_with_details(queryset).order_by(F("date").asc(nulls_last=True), "id")


def event_latest(*, limit: int = 8) -> QuerySet[Event]:
    return event_with_details().exclude(date=None).order_by("-date", "-id")[:limit]


def event_search(query: str, *, limit: int = 25) -> QuerySet[Event]:
    """Events whose summary, place words or quoted evidence contain ``query``."""
    match = (
        Q(summary__icontains=query)
        | Q(location_text__icontains=query)
        | Q(place__name__icontains=query)
        | Q(evidence__quote__icontains=query)
    )
    ids = event_visible().filter(match).values("pk")
    return event_list().filter(pk__in=ids)[:limit]


def event_list_queryset() -> QuerySet[Event]:
    """The events API list: the columns the payload shows; actors and evidence come per page.

    Every event: the FilterSet decides which are shown."""
    return Event.objects.select_related("place", "agreement", "observation_post").only(
        *EVENT_COLUMNS,
        "place__name",
        "place__lat",
        "place__lon",
        "agreement__name",
        "observation_post__name",
    )


def event_queryset() -> QuerySet[Event]:
    """Events with everything their API payload shows, in a fixed number of queries."""
    return event_list_queryset().prefetch_related(
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
