"""What the events app gives the site search (``apps.core.search``)."""

from apps.core.search import SearchSource, register

from .selectors import event_search

register(SearchSource("events", "Events", 50, lambda q, limit: event_search(q, limit=limit)))
