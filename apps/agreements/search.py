"""What the agreements app gives the site search (``apps.core.search``)."""

from apps.core.search import SearchSource, register

from .selectors import agreement_search

register(
    SearchSource("agreements", "Agreements", 20, lambda q, limit: agreement_search(q, limit=limit))
)
