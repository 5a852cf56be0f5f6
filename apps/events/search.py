"""What the events app gives the site search (``apps.core.search``)."""

from apps.core.search import SearchSource, register

from .selectors import event_search

register(SearchSource("events", 50, event_search))
