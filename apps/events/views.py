from django.views.generic import DetailView

from apps.core.views import BrowseListView

from .filtersets import EventFilterSet
from .selectors import event_list, event_with_details


class EventListView(BrowseListView):
    """Events filtered with the API's FilterSet, so the same URL parameters mean the same thing."""

    filterset_class = EventFilterSet
    template_name = "events/event_list.html"
    hidden_filters = ("article",)

    def get_queryset(self):
        return event_list()


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return event_with_details()
