"""Observation post filters: the same parameters on the API, the browse pages and in admin."""

from __future__ import annotations

from django.db.models import Q

from apps.agreements.models import Agreement
from apps.core.api.filters import (
    ChoicesFilter,
    ModelIdsFilter,
    SearchFilter,
    name_or_alias_q,
    ordering_filter,
)
from apps.core.filtersets import KnowledgeFilterSet
from apps.core.text import normalize_name

from .models import ObservationPost, ObservationPostAlias, PostStatus


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
