"""Reads for the article list and an article's page, and the articles that name a record.

An article's evidence and events belong to the events app above this one: evidence is read here
through the related name it declares on an article, the events come from the events app
(``apps.core.pages``). ``article_naming`` lists the articles on the pages of the records they
name, which ``pages.py`` adds to those pages.
"""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet

from apps.actors.models import Actor
from apps.agreements.models import Agreement
from apps.core.review import visible, visible_q

from .models import Article, Mention

ARTICLES_SHOWN = 50


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


def article_evidence(article: Article) -> QuerySet:
    """The sentences of the article that report visible events."""
    return visible(article.evidence.all(), through="event").order_by("start", "id")


def article_figures(article: Article):
    return article.stated_figures.select_related("agreement").order_by("start")


# The columns the articles API list shows.
ARTICLE_LIST_COLUMNS = [
    "id",
    "title",
    "published_on",
    "published_on_precision",
    "published_on_source",
    "source",
    "author",
    "url",
    "source_file",
    "related_links",
]


def article_list_queryset() -> QuerySet[Article]:
    """The articles API list: the columns it shows, not the text nor the search data."""
    return Article.objects.only(*ARTICLE_LIST_COLUMNS)


def article_mentioned_actors(article: Article) -> QuerySet[Actor]:
    return Actor.objects.filter(mentions__article=article).distinct()


def article_mentioned_agreements(article: Article) -> QuerySet[Agreement]:
    return Agreement.objects.filter(mentions__article=article).distinct()


def article_naming(field: str, record, *, limit: int = ARTICLES_SHOWN) -> QuerySet[Article]:
    """Articles that name ``record`` (the mention's ``field``: ``actor``, ``agreement`` or
    ``observation_post``), newest first, with how often they do."""
    named = Q(**{f"mentions__{field}": record})
    return (
        Article.objects.filter(named)
        .annotate(mention_count=Count("mentions", filter=named))
        .only("id", "title", "published_on", "published_on_precision")  # what a page shows
        .order_by(F("published_on").desc(nulls_last=True), "-id")[:limit]
    )
