"""Actor filters: the same parameters on the API, the browse pages and in admin."""

from __future__ import annotations

import django_filters

from apps.core.api.filters import (
    ChoicesFilter,
    LinkedIdsFilter,
    SearchFilter,
    name_or_alias_q,
    ordering_filter,
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
    # Through the relations the agreements and articles apps declare on an actor.
    agreement = LinkedIdsFilter(
        Actor,
        "agreement_links__agreement",
        queryset=related_rows(Actor, "agreements"),
        label="Party to agreement",
    )
    article = LinkedIdsFilter(
        Actor,
        "mentions__article",
        queryset=related_rows(Actor, "mentions__article"),
        label="Named in article",
        help_text="Actors an article names; repeat for any of several articles.",
    )
    q = SearchFilter(method="filter_q", help_text="Words in the name or any alias.")
    ordering = ordering_filter("name", "id")

    class Meta:
        model = Actor
        fields: list[str] = []

    def filter_affiliation(self, queryset, name, value):
        return queryset.filter(affiliation__iexact=value.strip())

    def filter_q(self, queryset, name, value):
        condition = name_or_alias_q(value, ActorAlias, "actor_id")
        return queryset if condition is None else queryset.filter(condition)
