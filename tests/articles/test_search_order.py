"""Full-text search order on PostgreSQL: by relevance, or newest first for a huge match set."""

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict

from apps.articles import filtersets
from apps.articles.filtersets import ArticleFilterSet
from apps.articles.models import Article
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="ranking needs PostgreSQL full-text search"
    ),
]


def listed(query: str) -> list[str]:
    filterset = ArticleFilterSet(QueryDict(query), queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return [article.title for article in filterset.qs]


@pytest.fixture
def articles():
    ArticleFactory(
        title="Shelling near Saraqeb",
        body="Shelling, shelling and more shelling around Saraqeb.",
        published_on=dt.date(2019, 1, 1),
    )
    ArticleFactory(
        title="Talks in Sochi",
        body="One report of shelling, then talks.",
        published_on=dt.date(2020, 3, 5),
    )
    ArticleFactory(title="Unrelated", body="Nothing here.", published_on=dt.date(2021, 1, 1))


def test_a_few_matches_are_ranked_by_relevance(articles):
    assert listed("q=shelling") == ["Shelling near Saraqeb", "Talks in Sochi"]


def test_more_matches_than_can_be_ranked_come_newest_first(articles, monkeypatch):
    monkeypatch.setattr(filtersets, "RANKED_MATCHES", 0)
    assert listed("q=shelling") == ["Talks in Sochi", "Shelling near Saraqeb"]


def test_an_explicit_ordering_wins(articles):
    assert listed("q=shelling&ordering=published_on") == [
        "Shelling near Saraqeb",
        "Talks in Sochi",
    ]


def test_a_search_plans_its_estimate_once_per_request(articles, monkeypatch, client):
    """The search's order and the page's count ask for the same estimate: one EXPLAIN per
    request, and a second request plans its own."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(filtersets, "RANKED_MATCHES", 0)
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/articles/", {"q": "shelling", "page_size": 1})
        assert response.status_code == 200
        assert [row["title"] for row in response.json()["results"]] == ["Talks in Sochi"]
        assert response.json()["count"] == 2
        explains = [q for q in captured.captured_queries if q["sql"].startswith("EXPLAIN")]
        assert len(explains) == 1
