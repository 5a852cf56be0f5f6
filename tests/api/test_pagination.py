import pytest
from django.db import connection
from rest_framework.test import APIClient

from apps.articles.models import Article
from apps.core.api.pagination import bounded_count, planner_estimate
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    return ArticleFactory.create_batch(7)


def test_pages_link_to_each_other_and_count_every_row(articles):
    api = APIClient()
    first = api.get("/api/v1/articles/", {"page_size": 3}).json()
    assert first["count"] == 7 and first["previous"] is None and len(first["results"]) == 3
    second = api.get(first["next"]).json()
    assert second["count"] == 7 and second["previous"] and "page=" not in second["previous"]
    third = api.get(second["next"]).json()
    assert third["next"] is None and len(third["results"]) == 1
    seen = {row["id"] for page in (first, second, third) for row in page["results"]}
    assert seen == {a.pk for a in articles}


def test_last_page_and_past_the_end(articles):
    api = APIClient()
    last = api.get("/api/v1/articles/", {"page_size": 3, "page": "last"}).json()
    assert len(last["results"]) == 1 and last["count"] == 7
    response = api.get("/api/v1/articles/", {"page_size": 3, "page": 4})
    assert response.status_code == 404 and "page" in response.json()


def test_empty_first_page_is_not_an_error():
    data = APIClient().get("/api/v1/articles/").json()
    assert data == {"count": 0, "next": None, "previous": None, "results": []}


def test_count_above_the_cap(settings, articles):
    settings.API_COUNT_CAP = 2
    response = APIClient().get("/api/v1/articles/", {"page_size": 3})
    if connection.vendor == "postgresql":
        assert response.json()["count"] >= 3
        assert response["X-Count-Estimated"] == "true"
    else:  # no estimate to be had: the exact count
        assert response.json()["count"] == 7
        assert "X-Count-Estimated" not in response


def test_count_under_the_cap_is_exact(articles):
    response = APIClient().get("/api/v1/articles/", {"page_size": 3})
    assert response.json()["count"] == 7
    assert "X-Count-Estimated" not in response


def test_bounded_count(articles):
    assert bounded_count(Article.objects.all(), cap=100) == (7, True)
    count, exact = bounded_count(Article.objects.all(), cap=3)
    if connection.vendor == "postgresql":
        assert count >= 4 and not exact
        assert planner_estimate(Article.objects.all()) >= 1
    else:
        assert (count, exact) == (7, True)
        assert planner_estimate(Article.objects.all()) is None
