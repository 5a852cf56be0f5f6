"""What the actors app gives the site search (``apps.core.search``)."""

from apps.core.search import SearchSource, register

from .selectors import actor_search

register(SearchSource("actors", 10, actor_search))
