"""Event filters: the same parameters on the API, the browse pages and in admin."""

from __future__ import annotations

from django.db.models import Exists, FilteredRelation, OuterRef, Q
from django.db.models.lookups import Contains

from apps.actors.models import Actor, ActorKind
from apps.agreements.models import Agreement
from apps.articles.models import Article
from apps.core.api.filters import (
    CameoFilter,
    ChoicesFilter,
    DateFilter,
    LinkedIdsFilter,
    ModelIdsFilter,
    StrictBooleanFilter,
    UndatedFilter,
    WordsFilter,
    ordering_filter,
)
from apps.core.filtersets import KnowledgeFilterSet
from apps.core.search_text import Fold
from apps.places.models import ObservationPost, Place

from .models import Event, EventActor, Evidence, Quotation
from .vocabulary import event_type_choices


def evidence_contains(term: str) -> Q:
    """The event has a sentence of evidence that contains the folded ``term``."""
    sentences = Evidence.objects.filter(event_id=OuterRef("pk"))
    return Q(Exists(sentences.filter(Contains(Fold("quote"), term))))


class EventFilterSet(KnowledgeFilterSet):
    actor = ModelIdsFilter(
        queryset=Actor.objects.all(),
        method="filter_actor",
        label="Actor",
        help_text="Actor id; repeat for events involving any of several actors.",
    )
    actor_kind = ChoicesFilter(
        choices=ActorKind.choices,
        method="filter_actor_kind",
        label="Actor kind",
        help_text="Events with at least one actor of this kind.",
    )
    agreement = ModelIdsFilter(
        queryset=Agreement.objects.all(), field_name="agreement", label="Agreement"
    )
    observation_post = ModelIdsFilter(
        queryset=ObservationPost.objects.all(),
        field_name="observation_post",
        label="Observation post",
    )
    place = ModelIdsFilter(
        queryset=Place.objects.all(),
        field_name="place",
        label="Place",
        help_text="Place id (/api/v1/places/); repeat for events at any of several places.",
    )
    event_type = ChoicesFilter(choices=event_type_choices(), label="Event type")
    cameo_code = CameoFilter(
        label="CAMEO code", help_text="A CAMEO code or root: 19 matches every code under 19."
    )
    date_after = DateFilter(field_name="date", lookup_expr="gte", label="On or after")
    date_before = DateFilter(field_name="date", lookup_expr="lte", label="On or before")
    undated = UndatedFilter(field_name="date")
    disputed = StrictBooleanFilter(
        field_name="disputed",
        label="Disputed",
        help_text="true: only events whose sources state incompatible figures; false: the others.",
    )
    article = LinkedIdsFilter(
        Evidence,
        "article",
        key="event_id",
        queryset=Article.objects.all(),
        label="Article",
        help_text="Events reported by this article (by its evidence).",
    )
    q = WordsFilter(
        fields=("summary", "location_text", "place__name"),
        also=evidence_contains,
        help_text='Words or "phrases" in the summary, the location or a sentence that '
        "reports the event; -word excludes, or gives alternatives.",
    )
    ordering = ordering_filter("date", "source_count", "id")

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_queryset(self, queryset):
        """One actor's events go through a join on the actor's links, in the links' order.

        The (actor, event_date, event) index then yields a page of the actor's events already
        sorted by date, so the database reads about one page of rows instead of every event
        in the window (or the whole table walked by date for an actor's timeline). Another
        link of the same actor to the same event (a second role) is left out, so each event
        appears once. Several actors keep the subquery of ``filter_actor``.
        """
        data = self.form.cleaned_data
        actors = data.get("actor") or []
        if len(actors) != 1:
            return super().filter_queryset(queryset)
        # Every other filter as usual; the actor and its date window become the join below.
        joined = ("actor", "date_after", "date_before")
        window = {key: data.get(key) for key in joined[1:]}
        others = {key: value for key, value in data.items() if key not in joined}
        queryset = self.filter_with(queryset, others)
        actor_id = actors[0].pk
        conditions = Q(link__actor=actor_id)
        if window["date_after"]:
            conditions &= Q(link__event_date__gte=window["date_after"])
        if window["date_before"]:
            conditions &= Q(link__event_date__lte=window["date_before"])
        earlier_link = EventActor.objects.filter(
            event_id=OuterRef("id"), actor_id=actor_id, pk__lt=OuterRef("link__id")
        )
        # One alias and one filter() call: one join, and fewer clones of the query.
        queryset = queryset.alias(
            link=FilteredRelation("actor_links", condition=Q(actor_links__actor=actor_id))
        ).filter(conditions, ~Exists(earlier_link))
        order = list(queryset.query.order_by or queryset.model._meta.ordering)
        swapped = {"date": "link__event_date", "-date": "-link__event_date"}
        return queryset.order_by(*(swapped.get(key, key) for key in order))

    def filter_actor(self, queryset, name, value):
        links = EventActor.objects.filter(actor__in=[actor.pk for actor in value])
        # The date window also bounds the (actor, event_date) index scan, so an actor's events
        # in a period are found without reading the actor's whole history.
        after = self.form.cleaned_data.get("date_after")
        before = self.form.cleaned_data.get("date_before")
        if after:
            links = links.filter(event_date__gte=after)
        if before:
            links = links.filter(event_date__lte=before)
        return queryset.filter(id__in=links.values("event_id"))

    def filter_actor_kind(self, queryset, name, value):
        links = EventActor.objects.filter(actor__kind__in=value)
        return queryset.filter(id__in=links.values("event_id"))


class QuotationFilterSet(KnowledgeFilterSet):
    speaker = ModelIdsFilter(
        queryset=Actor.objects.all(),
        field_name="speaker",
        label="Speaker",
        help_text="Actor id of the speaker; repeat for several.",
    )
    article = ModelIdsFilter(queryset=Article.objects.all(), field_name="article", label="Article")
    event = ModelIdsFilter(
        queryset=Event.objects.all(), field_name="event", label="Statement event"
    )
    date_after = DateFilter(field_name="said_on", lookup_expr="gte", label="Said on or after")
    date_before = DateFilter(field_name="said_on", lookup_expr="lte", label="Said on or before")
    undated = UndatedFilter(field_name="said_on")
    q = WordsFilter(
        fields=("text", "speaker_text", "speaker__name"),
        help_text='Words or "phrases" in the quotation, its speaker\'s name or the words '
        "naming the speaker; -word excludes, or gives alternatives.",
    )
    ordering = ordering_filter("said_on", "id")

    class Meta:
        model = Quotation
        fields: list[str] = []
