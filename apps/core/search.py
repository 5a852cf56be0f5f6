"""The site search as a registry: each app declares what it contributes, so the page that
searches everything imports no app.

An app registers its sources in its ``search.py``, imported by its ``AppConfig.ready``:

    register(SearchSource("actors", order=10, find=actor_search))

``find(query, limit=n)`` returns at most ``n`` records of that kind matching ``query``, best
first: the app's own search selector. The search page asks every source in ``order`` and shows
each group under its key.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce

from django.db.models import Q

from .search_text import folded_contains
from .text import normalize_name


@dataclass(frozen=True)
class SearchSource:
    key: str  # the group's key on the page ("actors"); unique
    order: int  # groups are asked and shown in this order
    find: Callable[[str, int], Iterable]


_SOURCES: dict[str, SearchSource] = {}


def register(source: SearchSource) -> None:
    """Add ``source``; registering the same key twice is a wiring mistake and raises."""
    existing = _SOURCES.get(source.key)
    if existing is not None and existing != source:
        raise ValueError(f"search source {source.key!r} is registered twice")
    _SOURCES[source.key] = source


def sources() -> list[SearchSource]:
    """Every registered source, in its order."""
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


def search(query: str, *, limit: int) -> dict[str, list]:
    """The records each source finds for ``query``, by its key, in the sources' order."""
    return {source.key: list(source.find(query, limit=limit)) for source in sources()}


def text_match_q(query: str, *, fields: Iterable[str] = (), folded: Iterable[str] = ()) -> Q:
    """The search selectors' match: ``query`` stands in one of ``fields``, accents and case
    aside on every database (``search_text.Fold``), or its folded form (``normalize_name``) in
    one of the ``folded`` fields, which hold folded text (``normalized_name``, an alias's
    ``normalized``)."""
    needle = normalize_name(query)
    conditions = [Q(folded_contains(field, query)) for field in fields]
    conditions += [Q(**{f"{field}__contains": needle}) for field in folded]
    return reduce(operator.or_, conditions)
