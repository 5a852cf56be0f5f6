"""Reads for the agreement list and an agreement's page."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.articles.models import Article
from apps.core.review import visible
from apps.core.text import normalize_name
from apps.events.models import Event, StatedFigure
from apps.events.selectors import event_timeline
from apps.places.models import ObservationPost

from .models import Agreement, AgreementParty


def agreement_visible() -> QuerySet[Agreement]:
    return visible(Agreement.objects.all())


def _count_of(model, field: str):
    """How many visible rows of ``model`` point at the agreement through ``field``."""
    rows = (
        visible(model.objects.filter(**{field: OuterRef("pk")}))
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def agreement_list() -> QuerySet[Agreement]:
    """The agreements page: every agreement, oldest first, with its parties and counts of
    visible posts and events. The page's FilterSet decides which agreements are shown."""
    return (
        Agreement.objects.annotate(
            post_count=_count_of(ObservationPost, "agreement"),
            event_count=_count_of(Event, "agreement"),
        )
        .prefetch_related(
            "aliases",
            _parties_prefetch(),
        )
        .order_by(F("signed_on").asc(nulls_last=True), "name")
    )


def agreement_directory() -> QuerySet[Agreement]:
    """Visible agreements, oldest first, with their parties and counts of posts and events."""
    return visible(agreement_list())


def agreement_queryset() -> QuerySet[Agreement]:
    """Agreements for the API, with counts of visible posts and events; every agreement, the
    list's FilterSet decides which are shown."""
    return Agreement.objects.annotate(
        post_count=_count_of(ObservationPost, "agreement"),
        event_count=_count_of(Event, "agreement"),
    ).prefetch_related(
        "aliases",
        Prefetch("party_links", queryset=AgreementParty.objects.select_related("actor")),
    )


def _parties_prefetch():
    return Prefetch(
        "party_links",
        queryset=AgreementParty.objects.select_related("actor").order_by("actor__name"),
    )


def agreement_profile() -> QuerySet[Agreement]:
    return agreement_visible().prefetch_related("aliases", _parties_prefetch())


def agreement_posts(agreement: Agreement) -> QuerySet[ObservationPost]:
    return visible(agreement.observation_posts.all()).select_related("place").order_by("name")


def agreement_events(agreement: Agreement) -> QuerySet[Event]:
    """Events that refer to the agreement (talks, violations, annulments) in time order."""
    return event_timeline(Event.objects.filter(agreement=agreement))


def agreement_figures(agreement: Agreement) -> QuerySet[StatedFigure]:
    """Counts articles state about the agreement ("one of 12 posts"), each with its quote."""
    return agreement.stated_figures.select_related("article").defer(
        "article__body", "article__search_vector"
    )


def agreement_articles(agreement: Agreement, *, limit: int = 50) -> QuerySet[Article]:
    return (
        Article.objects.filter(mentions__agreement=agreement)
        .annotate(mention_count=Count("mentions", filter=Q(mentions__agreement=agreement)))
        .defer("body", "search_vector")
        .order_by(F("published_on").desc(nulls_last=True), "-id")[:limit]
    )


def agreement_search(query: str, *, limit: int = 25) -> QuerySet[Agreement]:
    folded = normalize_name(query)
    match = (
        Q(name__icontains=query)
        | Q(normalized_name__contains=folded)
        | Q(aliases__alias__icontains=query)
        | Q(aliases__normalized__contains=folded)
        | Q(summary__icontains=query)
    )
    ids = agreement_visible().filter(match).values("pk")
    return agreement_directory().filter(pk__in=ids)[:limit]
