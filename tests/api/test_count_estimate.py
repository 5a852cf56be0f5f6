"""A count the planner expects far above the cap is not counted at all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.articles.models import Article
from apps.core.api import pagination
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    return ArticleFactory.create_batch(7)


def counts(queries) -> int:
    return sum("COUNT(" in q["sql"].upper() for q in queries)


def test_an_estimate_far_above_the_cap_skips_the_count(articles, monkeypatch):
    if connection.vendor != "postgresql":
        assert pagination.bounded_count(Article.objects.all(), cap=2) == (7, True)
        return
    monkeypatch.setattr(pagination, "_estimate_sql", lambda db, ids_sql, request=None: 50_000)
    with CaptureQueriesContext(connection) as captured:
        assert pagination.bounded_count(Article.objects.all(), cap=2) == (50_000, False)
    assert counts(captured) == 0


def test_an_estimate_near_the_cap_still_counts(articles, monkeypatch):
    monkeypatch.setattr(pagination, "_estimate_sql", lambda db, ids_sql, request=None: 3)
    with CaptureQueriesContext(connection) as captured:
        assert pagination.bounded_count(Article.objects.all(), cap=100) == (7, True)
    assert counts(captured) == 1
