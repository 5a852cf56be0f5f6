"""/api/v1/places/: the gazetteer, read-only, with its FilterSet, CSV and GeoJSON."""

import csv
import io

import orjson
import pytest
from django.core.cache import cache

from apps.places.models import PlaceAlias
from tests.api.helpers import body, token_client
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(k):
    """The sample knowledge's places (Morek, Saraqeb, Sarman) and two more."""
    cache.clear()
    k.aleppo = PlaceFactory(name="Aleppo", kind="city", lat=36.2, lon=37.16)
    k.hatay = PlaceFactory(name="Hatay", kind="region", country="TUR", lat=None, lon=None)
    PlaceAlias.objects.create(place=k.saraqeb, alias="Sarāqib")
    return k


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_place_payload_links_to_its_events(api, places):
    k = places
    data = api.get(f"/api/v1/places/{k.saraqeb.pk}/").json()
    assert data == {
        "id": k.saraqeb.pk,
        "name": "Saraqeb",
        "aliases": ["Sarāqib"],
        "kind": "town",
        "country": "SYR",
        "location": {"name": "Saraqeb", "lat": 35.86, "lon": 36.8},
        "events_url": data["events_url"],
    }
    events = api.get(data["events_url"]).json()
    assert [e["id"] for e in events["results"]] == [k.air_strike.pk]


def test_list_filters(api, places):
    k, url = places, "/api/v1/places/"
    assert len(ids(api.get(url))) == 5
    assert ids(api.get(url, {"kind": "city"})) == {k.aleppo.pk}
    assert ids(api.get(url, {"kind": ["city", "region"]})) == {k.aleppo.pk, k.hatay.pk}
    assert ids(api.get(url, {"country": "tur"})) == {k.hatay.pk}
    assert ids(api.get(url, {"located": "false"})) == {k.hatay.pk}
    assert k.hatay.pk not in ids(api.get(url, {"located": "true"}))
    for q in ("saraqib", "SARAQIB", "Sarāqib", "saraq"):
        assert ids(api.get(url, {"q": q})) == {k.saraqeb.pk}, q
    names = [row["name"] for row in api.get(url, {"ordering": "-name"}).json()["results"]]
    assert names == sorted(names, reverse=True)


@pytest.mark.parametrize(
    "params,key",
    [
        ({"kind": "planet"}, "kind"),
        ({"located": "maybe"}, "located"),
        ({"country": "SYRIA"}, "country"),
        ({"ordering": "lat"}, "ordering"),
        ({"places": "1"}, "places"),
    ],
)
def test_bad_parameters_are_400_by_name(api, places, params, key):
    response = api.get("/api/v1/places/", params)
    assert response.status_code == 400
    assert key in response.json()


def test_geojson_has_the_places_with_coordinates(api, places):
    k = places
    response = api.get("/api/v1/places/", {"format": "geojson"})
    assert response["Content-Type"] == "application/geo+json"
    data = orjson.loads(body(response))
    features = {f["id"]: f for f in data["features"]}
    assert k.hatay.pk not in features and k.aleppo.pk in features
    assert features[k.morek_place.pk]["geometry"]["coordinates"] == [36.67, 35.38]
    assert features[k.morek_place.pk]["properties"]["name"] == "Morek"
    one = orjson.loads(body(api.get(f"/api/v1/places/{k.aleppo.pk}/", {"format": "geojson"})))
    assert one["geometry"]["coordinates"] == [37.16, 36.2]
    kept = orjson.loads(body(api.get("/api/v1/places/", {"format": "geojson", "kind": "city"})))
    assert [f["id"] for f in kept["features"]] == [k.aleppo.pk]


def test_csv_export(api, places):
    response = api.get("/api/v1/places/", {"format": "csv", "ordering": "name"})
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert [row["name"] for row in rows] == ["Aleppo", "Hatay", "Morek", "Saraqeb", "Sarman"]
    assert rows[1]["location_lat"] == "" and rows[0]["location_lat"] == "36.2"


def test_places_are_read_only(places):
    client, _ = token_client("places.change_place", "places.add_place", "places.delete_place")
    url = f"/api/v1/places/{places.aleppo.pk}/"
    assert client.patch(url, {"name": "x"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405
    assert client.post("/api/v1/places/", {"name": "x"}, format="json").status_code == 405


def test_the_list_runs_a_fixed_number_of_queries(api, places, django_assert_max_num_queries):
    for n in range(30):
        PlaceAlias.objects.create(place=PlaceFactory(), alias=f"alias {n}")
    with django_assert_max_num_queries(3):
        response = api.get("/api/v1/places/", {"page_size": 100})
    assert response.json()["count"] == 35


def test_events_filter_by_place(api, places):
    k = places
    url = "/api/v1/events/"
    assert ids(api.get(url, {"place": k.saraqeb.pk})) == {k.air_strike.pk}
    unknown = api.get(url, {"place": 999999})
    assert unknown.status_code == 200 and unknown.json()["results"] == []
    assert api.get(url, {"place": "x"}).status_code == 400


def test_the_schema_documents_places(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/places/" in schema["paths"] and "/api/v1/places/{id}/" in schema["paths"]
    listed = schema["paths"]["/api/v1/places/"]["get"]
    assert {p["name"] for p in listed["parameters"]} >= {"kind", "country", "located", "q"}
    assert "application/geo+json" in listed["responses"]["200"]["content"]
    assert set(schema["paths"]["/api/v1/places/{id}/"]) == {"get"}
