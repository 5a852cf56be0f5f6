import csv
import io

import orjson
import pytest

from tests.api.helpers import body, token_client
from tests.factories import ObservationPostAliasFactory, ObservationPostFactory

pytestmark = pytest.mark.django_db


def test_post_payload(api, k):
    data = api.get(f"/api/v1/observation-posts/{k.morek.pk}/").json()
    assert data["name"] == "Morek observation post"
    assert data["aliases"] == ["Murak post"]
    assert data["agreement"] == {"id": k.sochi.pk, "name": "Sochi memorandum"}
    assert data["location"] == {"name": "Morek", "lat": 35.38, "lon": 36.67}
    assert data["status"] == "encircled"
    events = api.get(data["events_url"]).json()
    assert [e["id"] for e in events["results"]] == [k.air_strike.pk]


def test_post_without_place_has_an_empty_location(api, k):
    data = api.get(f"/api/v1/observation-posts/{k.tal_tuqan.pk}/").json()
    assert data["location"] == {"name": "", "lat": None, "lon": None}
    assert data["agreement"] is None


def test_list_filters(api, k):
    url = "/api/v1/observation-posts/"
    assert api.get(url, {"agreement": k.sochi.pk}).json()["count"] == 2
    assert api.get(url, {"status": "withdrawn"}).json()["count"] == 1
    assert api.get(url, {"q": "murak"}).json()["results"][0]["id"] == k.morek.pk
    assert api.get(url, {"status": "gone"}).status_code == 400


def test_geojson_feature_collection(api, k):
    response = api.get("/api/v1/observation-posts/", {"format": "geojson"})
    assert response["Content-Type"] == "application/geo+json"
    data = orjson.loads(body(response))
    assert data["type"] == "FeatureCollection"
    features = {f["id"]: f for f in data["features"]}
    assert set(features) == {k.morek.pk, k.sarman.pk}
    assert features[k.morek.pk]["geometry"]["coordinates"] == [36.67, 35.38]
    assert features[k.morek.pk]["properties"]["status"] == "encircled"


def test_geojson_keeps_filters(api, k):
    response = api.get("/api/v1/observation-posts/", {"format": "geojson", "status": "encircled"})
    assert [f["id"] for f in orjson.loads(body(response))["features"]] == [k.morek.pk]


def test_csv_export(api, k):
    response = api.get("/api/v1/observation-posts/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert len(rows) == 3
    morek = next(row for row in rows if row["id"] == str(k.morek.pk))
    assert morek["location_lat"] == "35.38" and morek["agreement_name"] == "Sochi memorandum"


def test_list_queries_do_not_grow_with_the_page(api, django_assert_max_num_queries):
    for _ in range(50):
        ObservationPostAliasFactory(post=ObservationPostFactory())
    with django_assert_max_num_queries(3):
        assert len(api.get("/api/v1/observation-posts/").json()["results"]) == 50


def test_only_editors_may_change_a_status(api, k):
    url = f"/api/v1/observation-posts/{k.sarman.pk}/"
    assert api.patch(url, {"status": "withdrawn"}, format="json").status_code in (401, 403)
    editor, _ = token_client("places.change_observationpost")
    assert editor.patch(url, {"status": "withdrawn"}, format="json").status_code == 200
    k.sarman.refresh_from_db()
    assert k.sarman.status == "withdrawn" and k.sarman.editor_modified
