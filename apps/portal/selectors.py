"""Reads that span several apps: the home page dashboard and the site search."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth

from apps.actors.models import Actor
from apps.agreements.models import Agreement
from apps.articles.models import Article
from apps.core import search
from apps.core.choices import DatePrecision
from apps.core.review import visible
from apps.events.models import Event
from apps.places.models import ObservationPost

SEARCH_LIMIT = 25


def dashboard_counts() -> dict[str, int]:
    """How many records of each kind the knowledge base holds (rejected ones left out)."""
    return {
        "articles": Article.objects.count(),
        "events": visible(Event.objects.all()).count(),
        "actors": visible(Actor.objects.all()).count(),
        "agreements": visible(Agreement.objects.all()).count(),
        "posts": visible(ObservationPost.objects.all()).count(),
    }


def event_chart_counts() -> tuple[list[tuple[date, str, int]], list[tuple[int, int]]]:
    """What the home page chart draws, in one query over the visible dated events:

    * ``(first day of month, event_type, count)`` for the events dated to their day, week or
      month;
    * ``(year, count)``, oldest first, for the events known only to their year: stored on
      1 January, they would be drawn in a January they may not belong to, so the chart leaves
      them out and says how many there are.
    """
    rows = (
        visible(Event.objects.exclude(date=None))
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month", "event_type", "date_precision")
        .annotate(n=Count("id"))
        .values_list("month", "event_type", "date_precision", "n")
    )
    monthly: dict[tuple[date, str], int] = defaultdict(int)
    yearly: dict[int, int] = defaultdict(int)
    for month, event_type, precision, n in rows:
        if precision == DatePrecision.YEAR:
            yearly[month.year] += n
        else:
            monthly[(month, event_type)] += n
    return (
        [(month, event_type, n) for (month, event_type), n in monthly.items()],
        sorted(yearly.items()),
    )


def site_search(query: str) -> dict[str, list]:
    """Records matching ``query``, grouped by kind: what every app registered for the site
    search (``apps.core.search``) finds, each at most ``SEARCH_LIMIT``."""
    return search.search(query, limit=SEARCH_LIMIT)
