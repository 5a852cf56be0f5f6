"""Reads of events for the browse pages: each returns a queryset that owns its joins."""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet

from apps.core.choices import ReviewStatus

from .models import Event, EventActor, Evidence


def event_visible() -> QuerySet[Event]:
    """Events a researcher may see: everything except what an editor rejected."""
    return Event.objects.exclude(review_status=ReviewStatus.REJECTED)


def event_with_details(queryset: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """Events with their place, agreement, post, actors (with roles) and cited sentences."""
    queryset = Event.objects.all() if queryset is None else queryset
    queryset = queryset.exclude(review_status=ReviewStatus.REJECTED)
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


def event_list() -> QuerySet[Event]:
    """The events list: newest first, undated last."""
    return event_with_details().order_by(F("date").desc(nulls_last=True), "-id")


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
