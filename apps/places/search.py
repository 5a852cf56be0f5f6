"""What the places app gives the site search (``apps.core.search``): posts and places."""

from apps.core.search import SearchSource, register

from .selectors import place_search, post_search

register(SearchSource("posts", 30, post_search))
register(SearchSource("places", 40, place_search))
