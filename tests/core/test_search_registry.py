"""The site search is a registry every app fills (apps/core/search.py)."""

import pytest

from apps.core import search


def test_every_app_registers_its_groups_in_order():
    assert [s.key for s in search.sources()] == [
        "actors",
        "agreements",
        "posts",
        "places",
        "events",
        "quotations",
        "articles",
    ]


def test_registering_a_key_twice_is_refused_by_name():
    source = search.sources()[0]
    search.register(source)  # the same source again: harmless (an app module re-imported)
    other = search.SearchSource(source.key, 99, lambda q, limit: [])
    with pytest.raises(ValueError, match=source.key):
        search.register(other)


@pytest.mark.django_db
def test_search_asks_every_source_with_the_limit():
    seen = []

    def find(query, limit):
        seen.append((query, limit))
        return ["x"] * 5

    extra = search.SearchSource("zz-test", 1000, find)
    search.register(extra)
    try:
        found = search.search("Morek", limit=3)
    finally:
        search._SOURCES.pop("zz-test")
    assert seen == [("Morek", 3)]
    assert found["zz-test"] == ["x"] * 5
    assert list(found)[:7] == [
        "actors", "agreements", "posts", "places", "events", "quotations", "articles",
    ]  # fmt: skip
