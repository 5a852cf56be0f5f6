"""Every answer other than a success is one the schema describes, in the format asked for."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from apps.core.api.filters import MAX_ID
from tests.api.helpers import token_client

pytestmark = pytest.mark.django_db


def test_a_method_the_path_does_not_take_is_a_405_even_for_anonymous_clients(k):
    api = APIClient()
    for method in ("put", "delete", "post"):
        response = getattr(api, method)(f"/api/v1/actors/{k.putin.pk}/")
        assert response.status_code == 405, method
        assert "PATCH" in response["Allow"] and method.upper() not in response["Allow"]
    # A method it does take still needs credentials.
    assert api.patch(f"/api/v1/actors/{k.putin.pk}/", {}, format="json").status_code == 401


@pytest.mark.parametrize("raw", ["0", "-3", str(MAX_ID + 1), "99999999999999999999999"])
def test_an_id_out_of_range_in_a_url_is_a_404_on_every_database(k, raw):
    for prefix in ("events", "actors", "articles"):
        response = APIClient().get(f"/api/v1/{prefix}/{raw}/")
        assert response.status_code == 404, (prefix, raw)
        assert raw[:20] in response.json()["detail"]


def test_a_path_the_api_does_not_have_is_a_json_404():
    response = APIClient().get("/api/v1/events/1.5e-3/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
    page = APIClient().get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_errors_come_in_the_format_asked_for(k):
    response = APIClient().get("/api/v1/events/", {"format": "csv", "date_after": "soon"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == "date_after"


def test_an_empty_csv_page_still_says_it_is_csv(k):
    response = APIClient().get(
        f"/api/v1/actors/{k.saa.pk}/co-actors/", {"format": "csv", "page_size": 1, "page": 1}
    )
    lonely = APIClient().get(f"/api/v1/actors/{k.erdogan.pk}/co-actors/", {"format": "csv"})
    for answer in (response, lonely):
        assert answer.status_code == 200
        assert answer["Content-Type"].startswith("text/csv") and answer.content


def test_throttled_answers_say_when_to_come_back(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    cache.clear()
    api = APIClient()
    api.get("/api/v1/events/")
    response = api.get("/api/v1/events/", {"format": "csv"})
    cache.clear()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("text/csv")


def test_a_correction_of_the_wrong_json_type_is_refused_by_field(k):
    editor, _ = token_client("actors.change_actor")
    url = f"/api/v1/actors/{k.putin.pk}/"
    response = editor.patch(url, {"name": 42, "description": True}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"name", "description"}
    k.putin.refresh_from_db()
    assert k.putin.name == "Vladimir Putin"


def test_a_correction_must_be_json(k):
    editor, _ = token_client("actors.change_actor")
    url = f"/api/v1/actors/{k.putin.pk}/"
    response = editor.patch(url, {"description": "x"}, format="multipart")
    assert response.status_code == 415


def test_a_correction_that_takes_another_records_name_is_a_409(k):
    editor, _ = token_client("actors.change_actor")
    other = type(k.putin).objects.create(name="Vladimir Putin II", kind=k.putin.kind)
    response = editor.patch(f"/api/v1/actors/{other.pk}/", {"name": k.putin.name}, format="json")
    assert response.status_code == 409
    other.refresh_from_db()
    assert other.name == "Vladimir Putin II"


def test_an_export_ignores_the_page_but_refuses_a_malformed_one(k):
    api = APIClient()
    every = api.get("/api/v1/events/", {"format": "csv", "page_size": 1, "page": 2})
    assert every.status_code == 200
    assert len(b"".join(every.streaming_content).decode().splitlines()) > 2
    for params in ({"page": "true"}, {"page_size": "lots"}):
        response = api.get("/api/v1/events/", {"format": "csv", **params})
        assert response.status_code == 400 and set(
            response.content.decode().split()[0].split(",")
        ) == set(params)


@pytest.mark.parametrize(
    "moment,everything",
    [
        ("2000-01-01T00:00:00+21:06", True),  # an offset PostgreSQL does not take as such
        ("0001-01-01T00:00:00+05:00", True),  # before year 1 in UTC
        ("9999-12-31T23:00:00-05:00", False),  # after 9999 in UTC
    ],
)
def test_any_iso_timestamp_is_a_modified_after(k, moment, everything):
    api = APIClient()
    response = api.get("/api/v1/events/", {"modified_after": moment})
    assert response.status_code == 200, response.content
    total = api.get("/api/v1/events/").json()["count"]
    assert response.json()["count"] == (total if everything else 0)


def test_a_body_over_the_size_limit_is_a_json_413(k, settings):
    import json

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"name": "x" * 20_000})
    editor, _ = token_client("actors.change_actor")
    response = editor.generic(
        "PATCH", f"/api/v1/actors/{k.putin.pk}/", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "10000 bytes" in response.json()["detail"]
    # outside the API the site's own page answers
    page = APIClient().generic(
        "POST",
        "/admin/login/",
        "a=" + "x" * 20_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert page.status_code == 400 and not page["Content-Type"].startswith("application/json")
