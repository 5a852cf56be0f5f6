"""Place and observation post filters: the same parameters on the API, the browse pages and in
admin."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from apps.agreements.models import Agreement
from apps.core.api.filters import (
    ChoicesFilter,
    ModelIdsFilter,
    ModifiedAfterFilter,
    SearchFilter,
    StrictBooleanFilter,
    name_or_alias_q,
    ordering_filter,
)
from apps.core.filtersets import KnowledgeFilterSet, ListFilterSet
from apps.core.text import normalize_name

from .models import ObservationPost, ObservationPostAlias, Place, PlaceAlias, PlaceKind, PostStatus


class ObservationPostFilterSet(KnowledgeFilterSet):
    agreement = ModelIdsFilter(
        queryset=Agreement.objects.all(), field_name="agreement", label="Agreement"
    )
    status = ChoicesFilter(choices=PostStatus.choices, label="Status")
    q = SearchFilter(method="filter_q", help_text="Words in the name, an alias or the place.")
    ordering = ordering_filter("name", "established_on", "id")

    class Meta:
        model = ObservationPost
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        condition = name_or_alias_q(value, ObservationPostAlias, "post_id")
        if condition is None:
            return queryset
        return queryset.filter(
            condition | Q(place__normalized_name__contains=normalize_name(value))
        )


class PlaceFilterSet(ListFilterSet):
    """Places (the gazetteer): not reviewed records, so every place is listed."""

    kind = ChoicesFilter(choices=PlaceKind.choices, label="Kind")
    country = django_filters.CharFilter(
        field_name="country",
        lookup_expr="iexact",
        max_length=3,
        label="Country",
        help_text="ISO 3166-1 alpha-3 country code (SYR, TUR...).",
    )
    located = StrictBooleanFilter(
        method="filter_located",
        label="Located",
        help_text="true: only places with coordinates (those a map can show); false: the others.",
    )
    q = SearchFilter(method="filter_q", help_text="Words in the name or an alias.")
    modified_after = ModifiedAfterFilter()
    ordering = ordering_filter("name", "id")

    class Meta:
        model = Place
        fields: list[str] = []

    def filter_located(self, queryset, name, value):
        if value is None:
            return queryset
        located = Q(lat__isnull=False, lon__isnull=False)
        return queryset.filter(located if value else ~located)

    def filter_q(self, queryset, name, value):
        condition = name_or_alias_q(value, PlaceAlias, "place_id")
        return queryset if condition is None else queryset.filter(condition)
