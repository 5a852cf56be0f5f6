"""Reads for the article list and an article's page."""

from __future__ import annotations

from django.db.models import Count, F, QuerySet

from apps.actors.models import Actor
from apps.agreements.models import Agreement
from apps.core.review import visible, visible_q
from apps.events.models import Event, Evidence
from apps.events.selectors import event_timeline

from .models import Article, Mention


def article_directory() -> QuerySet[Article]:
    """Articles, newest first, with how many visible events they report."""
    return (
        Article.objects.defer("body", "search_vector")
        .annotate(
            event_count=Count(
                "evidence__event",
                filter=visible_q("evidence__event"),
                distinct=True,
            )
        )
        .order_by(F("published_on").desc(nulls_last=True), "-id")
    )


def article_mentions(article: Article) -> QuerySet[Mention]:
    """The article's mentions with the record each one names."""
    return article.mentions.select_related(
        "actor", "agreement", "observation_post", "place"
    ).order_by("start", "-end")


def article_evidence(article: Article) -> QuerySet[Evidence]:
    """The sentences of the article that report visible events."""
    return visible(Evidence.objects.filter(article=article), through="event").order_by(
        "start", "id"
    )


def article_events(article: Article) -> QuerySet[Event]:
    """Events the article reports, in time order, with their details."""
    ids = Evidence.objects.filter(article=article).values("event_id")
    return event_timeline(Event.objects.filter(pk__in=ids))


def article_figures(article: Article):
    return article.stated_figures.select_related("agreement").order_by("start")


def article_list_queryset() -> QuerySet[Article]:
    """The articles API list: every column but the text and the search data."""
    return Article.objects.defer("body", "search_vector", "parse_notes")


def article_mentioned_actors(article: Article) -> QuerySet[Actor]:
    return Actor.objects.filter(mentions__article=article).distinct()


def article_mentioned_agreements(article: Article) -> QuerySet[Agreement]:
    return Agreement.objects.filter(mentions__article=article).distinct()
