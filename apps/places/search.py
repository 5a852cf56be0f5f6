"""What the places app gives the site search (``apps.core.search``): posts and places."""

from apps.core.search import SearchSource, register

from .selectors import place_search, post_search

register(
    SearchSource("posts", "Observation posts", 30, lambda q, limit: post_search(q, limit=limit))
)
register(SearchSource("places", "Places", 40, lambda q, limit: place_search(q, limit=limit)))
