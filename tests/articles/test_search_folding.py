"""Article search folds accents and case alike on SQLite and PostgreSQL."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_erdogan_with_or_without_its_accent_finds_both_spellings():
    plain = ArticleFactory(title="Talks in Sochi", body="Erdogan met Putin in Sochi on Monday.")
    accented = ArticleFactory(title="Talks in Ankara", body="Erdoğan met Putin in Ankara.")
    other = ArticleFactory(title="Other news", body="Nothing about the presidents here.")
    cache.clear()
    api = APIClient()
    for query in ("Erdoğan", "erdogan", "ERDOGAN"):
        ids = {row["id"] for row in api.get("/api/v1/articles/", {"q": query}).json()["results"]}
        assert ids == {plain.pk, accented.pk}, query
    assert other.pk not in ids
    # every word must be there
    ids = {
        row["id"] for row in api.get("/api/v1/articles/", {"q": "erdoğan ankara"}).json()["results"]
    }
    assert ids == {accented.pk}
