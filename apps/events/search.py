"""What the events app gives the site search (``apps.core.search``)."""

from apps.core.search import SearchSource, register

from .selectors import event_search, quotation_search

register(SearchSource("events", 50, event_search))
register(SearchSource("quotations", 55, quotation_search))
