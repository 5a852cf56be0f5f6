"""What the agreements app gives the site search (``apps.core.search``)."""

from apps.core.search import SearchSource, register

from .selectors import agreement_search

register(SearchSource("agreements", 20, agreement_search))
