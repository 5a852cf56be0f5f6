"""Article filters: the same parameters on the API, the browse pages and in admin.

``q`` is full-text search. On PostgreSQL it matches the stored, trigger-maintained
``search_vector`` (title weighted above body) with web-search syntax ("quoted phrases",
-exclusions, or) and ranks the results; when the query matches more than RANKED_MATCHES
articles (a word found in most of them), the newest come first instead, because ranking would
read every match. Elsewhere the same syntax matches the folded title and body
(``apps.core.search_text``): every word or phrase must appear, none of the excluded ones.
"""

from __future__ import annotations

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F

from apps.actors.models import Actor
from apps.agreements.models import Agreement
from apps.core.api.filters import (
    DateFilter,
    LinkedIdsFilter,
    ModifiedAfterFilter,
    SearchFilter,
    UndatedFilter,
    ordering_filter,
)
from apps.core.api.pagination import planner_estimate
from apps.core.filtersets import ListFilterSet
from apps.core.search_text import folded_search, websearch_parse
from apps.core.text import strip_accents

from .models import Article, Mention

RANKED_MATCHES = 5_000  # above this many matches, newest first instead of by relevance


def mentioning(field: str, model, label: str) -> LinkedIdsFilter:
    """Articles that mention any of the given records of ``model`` (``Mention.<field>``)."""
    return LinkedIdsFilter(
        Mention,
        field,
        key="article_id",
        queryset=model.objects.all(),
        label=label,
        help_text=f"Articles that mention this {label.lower()}; repeat for any of several.",
    )


class ArticleFilterSet(ListFilterSet):
    actor = mentioning("actor", Actor, "Actor")
    agreement = mentioning("agreement", Agreement, "Agreement")
    published_after = DateFilter(
        field_name="published_on", lookup_expr="gte", label="Published on or after"
    )
    published_before = DateFilter(
        field_name="published_on", lookup_expr="lte", label="Published on or before"
    )
    undated = UndatedFilter(field_name="published_on")
    source = django_filters.CharFilter(
        field_name="source", lookup_expr="iexact", max_length=200, label="Publisher"
    )
    modified_after = ModifiedAfterFilter()
    q = SearchFilter(
        method="filter_q",
        help_text="Full-text search over title and body; results ranked by relevance.",
    )
    ordering = ordering_filter("published_on", "title", "id")

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        if not websearch_parse(value):
            return queryset  # nothing to search for ('"" ,'), the same on every database
        if connection.vendor == "postgresql":
            # the vector is built from unaccented text (migration 0005): fold the query alike
            query = SearchQuery(strip_accents(value), search_type="websearch", config="english")
            # An alias, not a column: the rank orders a few matches and is never shown.
            queryset = queryset.filter(search_vector=query).alias(
                rank=SearchRank(F("search_vector"), query)
            )
            if not self.data.get("ordering"):
                # Ranking reads every match; for a word found in most articles that is the
                # whole table. Past RANKED_MATCHES (the planner's estimate, one EXPLAIN), the
                # newest matches come first, walked from the date index.
                estimate = planner_estimate(queryset, request=self.request)
                if estimate is not None and estimate > RANKED_MATCHES:
                    return queryset.order_by("-published_on", "-id")
                queryset = queryset.order_by("-rank", "-published_on", "-id")
            return queryset
        return folded_search(queryset, value, ("title", "body"))
