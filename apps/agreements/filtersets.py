"""Agreement filters: the same parameters on the API, the browse pages and in admin."""

from __future__ import annotations

from django.db.models import Q

from apps.actors.models import Actor
from apps.core.api.filters import (
    ChoicesFilter,
    DateFilter,
    ModelIdsFilter,
    OrderingFilter,
    SearchFilter,
    UndatedFilter,
    name_or_alias_q,
    related_rows,
)
from apps.core.filtersets import KnowledgeFilterSet
from apps.core.search_text import folded_contains

from .models import Agreement, AgreementAlias, AgreementKind, AgreementParty


class AgreementFilterSet(KnowledgeFilterSet):
    party = ModelIdsFilter(
        queryset=Actor.objects.all(),
        method="filter_party",
        label="Party",
        help_text="Actor id; repeat for agreements any of several actors are party to.",
    )
    kind = ChoicesFilter(choices=AgreementKind.choices, label="Kind")
    signed_after = DateFilter(field_name="signed_on", lookup_expr="gte", label="Signed after")
    signed_before = DateFilter(field_name="signed_on", lookup_expr="lte", label="Signed before")
    undated = UndatedFilter(field_name="signed_on")
    article = ModelIdsFilter(
        queryset=related_rows(Agreement, "mentions__article"),
        method="filter_article",
        label="Named in article",
        help_text="Agreements an article names; repeat for any of several articles.",
    )
    q = SearchFilter(method="filter_q", help_text="Words in the name, an alias or the summary.")
    ordering = OrderingFilter(
        fields=(("signed_on", "signed_on"), ("name", "name"), ("id", "id")),
        help_text="signed_on, name or id; prefix with - for descending.",
    )

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_party(self, queryset, name, value):
        links = AgreementParty.objects.filter(actor__in=[actor.pk for actor in value])
        return queryset.filter(id__in=links.values("agreement_id"))

    def filter_article(self, queryset, name, value):
        # Through the relation the articles app declares on an agreement, as a subquery.
        named = Agreement.objects.filter(mentions__article__in=[article.pk for article in value])
        return queryset.filter(id__in=named.values("pk"))

    def filter_q(self, queryset, name, value):
        condition = name_or_alias_q(value, AgreementAlias, "agreement_id")
        if condition is None:
            return queryset
        return queryset.filter(condition | Q(folded_contains("summary", value.strip())))
