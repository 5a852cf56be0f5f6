from django.views.generic import DetailView

from apps.core.review import visible
from apps.core.views import BrowseListView, CiteThisMixin, cited_row

from .filtersets import EventFilterSet
from .selectors import (
    event_accounts,
    event_dispute_kinds,
    event_figures,
    event_list,
    event_with_details,
    quotation_page,
)


class EventListView(BrowseListView):
    """Events filtered with the API's FilterSet, so the same URL parameters mean the same thing."""

    filterset_class = EventFilterSet
    template_name = "events/event_list.html"
    hidden_filters = ("article", "place")  # by URL only: a select of every place is too long
    api_list = "api:event-list"
    export_formats = ("csv", "geojson")
    export_note = "GeoJSON holds the events whose place has coordinates"

    def get_queryset(self):
        return event_list()


class EventDetailView(CiteThisMixin, DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"
    csl_name = "event"

    def get_queryset(self):
        return event_with_details()

    def get_context_data(self, **kwargs):
        figures, accounts = event_figures(self.object), event_accounts(self.object)
        disputes = event_dispute_kinds(figures, accounts)
        return super().get_context_data(
            figures=figures,
            figures_disputed=bool(set(disputes) & {f.kind for f in figures}),
            # side by side when several articles tell it
            accounts=accounts if len({ev.article_id for ev in accounts}) > 1 else [],
            disputes=disputes,
            **kwargs,
        )

    def cited_sentences(self, event) -> list[dict]:
        """Every sentence the event was read from (one citation per article)."""
        return [
            cited_row(self.request, ev, anchor=f"evidence-{ev.pk}") for ev in event.evidence.all()
        ]


class QuotationDetailView(CiteThisMixin, DetailView):
    """One quotation: the words, who said them, when, and the sentence they stand in."""

    template_name = "events/quotation_detail.html"
    context_object_name = "quotation"
    csl_name = "quotation"

    def get_queryset(self):
        return visible(quotation_page())  # a rejected quotation is a 404, as a rejected event

    def cited_sentences(self, quotation) -> list[dict]:
        return [cited_row(self.request, quotation)]
