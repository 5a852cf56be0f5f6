"""Reads for the agreement list and an agreement's page.

The posts, events, figures and articles of an agreement belong to apps above this one: they are
counted and read here only through the related names those apps declare on an agreement. Its
events and the articles that name it come from the events and articles apps
(``apps.core.pages``).
"""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet

from apps.core.counts import related_count
from apps.core.review import visible, visible_q
from apps.core.text import normalize_name

from .models import Agreement, AgreementParty


def agreement_visible() -> QuerySet[Agreement]:
    return visible(Agreement.objects.all())


def _count_of(relation: str):
    """How many visible rows of ``relation`` (a related name) point at the agreement."""
    return related_count(Agreement, relation, visible_q(relation))


def agreement_list() -> QuerySet[Agreement]:
    """The agreements page: every agreement, oldest first, with its parties and counts of
    visible posts and events. The page's FilterSet decides which agreements are shown."""
    return (
        Agreement.objects.annotate(
            post_count=_count_of("observation_posts"),
            event_count=_count_of("events"),
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
        post_count=_count_of("observation_posts"),
        event_count=_count_of("events"),
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


def agreement_posts(agreement: Agreement) -> QuerySet:
    return visible(agreement.observation_posts.all()).select_related("place").order_by("name")


def agreement_figures(agreement: Agreement) -> QuerySet:
    """Counts articles state about the agreement ("one of 12 posts"), each with its quote."""
    return agreement.stated_figures.select_related("article").defer(
        "article__body", "article__search_vector"
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
