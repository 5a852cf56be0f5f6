"""Unknown input is refused by name, not ignored: a misspelt filter and an unknown format."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/api/v1/events/", "/api/v1/actors/", "/api/v1/quotations/", "/api/v1/articles/"]
)
def test_an_unknown_parameter_is_a_400_that_names_it_and_lists_the_accepted(url):
    response = APIClient().get(url, {"actors": 4, "page_size": 5})
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["actors"]
    assert "page_size" in body["actors"][0] and "format" in body["actors"][0]


def test_the_events_filters_and_the_pagination_are_accepted():
    ok = APIClient().get(
        "/api/v1/events/", {"actor": [], "date_after": "2020-01-01", "page": 1, "page_size": 5}
    )
    assert ok.status_code == 200
    assert APIClient().get("/api/v1/events/", {"date_from": "2020-01-01"}).status_code == 400


def test_an_unknown_format_names_the_ones_that_exist():
    response = APIClient().get("/api/v1/events/", {"format": "xml"})
    assert response.status_code == 404
    assert "xml" in response.json()["detail"] and "csv" in response.json()["detail"]


def test_one_record_takes_no_filters():
    response = APIClient().get("/api/v1/events/1/", {"actor": 3})
    assert response.status_code == 400 and "actor" in response.json()
