"""Actor filters: the same parameters on the API, the browse pages and in admin."""

from __future__ import annotations

import django_filters

from apps.core.api.filters import (
    ChoicesFilter,
    ModelIdsFilter,
    OrderingFilter,
    SearchFilter,
    name_or_alias_q,
    related_rows,
)
from apps.core.filtersets import KnowledgeFilterSet

from .models import Actor, ActorAlias, ActorKind


class ActorFilterSet(KnowledgeFilterSet):
    kind = ChoicesFilter(choices=ActorKind.choices, label="Kind")
    affiliation = django_filters.CharFilter(
        method="filter_affiliation",
        max_length=3,
        label="Affiliation",
        help_text="ISO 3166-1 alpha-3 country code (TUR, RUS, SYR...).",
    )
    agreement = ModelIdsFilter(
        queryset=related_rows(Actor, "agreements"),
        method="filter_agreement",
        label="Party to agreement",
    )
    article = ModelIdsFilter(
        queryset=related_rows(Actor, "mentions__article"),
        method="filter_article",
        label="Named in article",
        help_text="Actors an article names; repeat for any of several articles.",
    )
    q = SearchFilter(method="filter_q", help_text="Words in the name or any alias.")
    ordering = OrderingFilter(
        fields=(("name", "name"), ("id", "id")),
        help_text="name or id; prefix with - for descending.",
    )

    class Meta:
        model = Actor
        fields: list[str] = []

    def filter_affiliation(self, queryset, name, value):
        return queryset.filter(affiliation__iexact=value.strip())

    # Through the relations the agreements and articles apps declare on an actor, as a
    # subquery, so an actor a filter reaches twice is listed once.
    def filter_agreement(self, queryset, name, value):
        parties = Actor.objects.filter(agreement_links__agreement__in=[a.pk for a in value])
        return queryset.filter(id__in=parties.values("pk"))

    def filter_article(self, queryset, name, value):
        named = Actor.objects.filter(mentions__article__in=[article.pk for article in value])
        return queryset.filter(id__in=named.values("pk"))

    def filter_q(self, queryset, name, value):
        condition = name_or_alias_q(value, ActorAlias, "actor_id")
        return queryset if condition is None else queryset.filter(condition)
