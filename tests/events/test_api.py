import csv
import datetime
import io

import orjson
import pytest

from apps.events.models import EventActor
from apps.ingestion.persist.extraction import article_extract
from tests.api.helpers import body, token_client
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    EventActorFactory,
    EventFactory,
    EvidenceFactory,
    ObservationPostFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db

EVENT_FIELDS = {
    "id",
    "event_type",
    "cameo_code",
    "date",
    "date_precision",
    "end_date",
    "summary",
    "location",
    "fatalities",
    "wounded",
    "actors",
    "agreement",
    "observation_post",
    "evidence",
    "source_count",
    "review_status",
}


def test_root_lists_every_endpoint(api):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    assert {"articles", "actors", "agreements", "observation-posts", "events"} <= set(
        response.json()
    )


def test_list_is_paginated_and_leaves_rejected_events_out(api, k):
    response = api.get("/api/v1/events/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 3
    assert k.rejected.pk not in {row["id"] for row in data["results"]}
    rejected = api.get("/api/v1/events/", {"review_status": "rejected"}).json()
    assert [row["id"] for row in rejected["results"]] == [k.rejected.pk]


def test_event_payload_follows_the_contract(api, k):
    data = api.get(f"/api/v1/events/{k.air_strike.pk}/").json()
    assert EVENT_FIELDS <= set(data)
    assert data["date"] == "2020-02-27"
    assert data["location"] == {"name": "Saraqeb", "lat": 35.86, "lon": 36.8}
    assert data["fatalities"] == 33
    roles = {(a["id"], a["name"], a["kind"], a["role"]) for a in data["actors"]}
    assert roles == {
        (k.saa.pk, "Syrian Arab Army", "armed_forces", "initiator"),
        (k.turkey.pk, "Turkey", "state", "target"),
    }
    assert data["observation_post"] == {"id": k.morek.pk, "name": "Morek observation post"}
    assert data["evidence"] == [
        {
            "article": k.strike.pk,
            "article_title": k.strike.title,
            "quote": "An air strike near Saraqeb",
            "start": 0,
            "end": len("An air strike near Saraqeb"),
        }
    ]
    assert data["source_count"] == 2
    assert data["review_status"] == "extracted"


def test_fast_representation_matches_the_declared_fields(k):
    from apps.events.api.serializers import EventSerializer, events_attach_related
    from apps.events.api.views import event_queryset

    events = list(event_queryset())
    declared = [super(EventSerializer, EventSerializer()).to_representation(e) for e in events]
    assert [EventSerializer(e).data for e in events] == declared
    events_attach_related(events)
    assert [EventSerializer(e).data for e in events] == declared


def test_a_list_page_built_from_values_matches_the_declared_fields(api, k):
    """The list's pages are built from selected values (``event_list_payloads``): every row
    must be what the declared fields give for that event, related names and all."""
    from apps.events.api.serializers import EventSerializer
    from apps.events.api.views import event_queryset

    rows = api.get("/api/v1/events/", {"review_status": "all", "page_size": 500}).json()
    declared = {
        e.pk: dict(super(EventSerializer, EventSerializer()).to_representation(e))
        for e in event_queryset()
    }
    assert len(rows["results"]) == len(declared) > 3
    assert any(row["location"]["lat"] is not None for row in rows["results"])
    assert any(row["agreement"] for row in rows["results"])
    assert any(row["observation_post"] for row in rows["results"])
    for row in rows["results"]:
        assert row == declared[row["id"]]
        assert list(row) == list(declared[row["id"]])  # the same keys in the same order


def test_filters_round_trip(api, k):
    rows = api.get("/api/v1/events/", {"actor": k.putin.pk}).json()["results"]
    assert rows and all(k.putin.pk in {a["id"] for a in row["actors"]} for row in rows)
    rows = api.get("/api/v1/events/", {"date_after": "2020-01-01"}).json()["results"]
    assert rows and all(row["date"].startswith("2020") for row in rows)
    rows = api.get("/api/v1/events/", {"agreement": k.sochi.pk}).json()["results"]
    assert [row["agreement"]["id"] for row in rows] == [k.sochi.pk]


def test_an_id_that_matches_no_record_gives_an_empty_list(api, k):
    response = api.get("/api/v1/events/", {"actor": "424242"})
    assert response.status_code == 200
    assert response.json()["results"] == []
    both = api.get("/api/v1/events/", {"actor": ["424242", k.putin.pk]}).json()
    assert both["count"] == api.get("/api/v1/events/", {"actor": k.putin.pk}).json()["count"] > 0


def test_an_empty_value_is_a_parameter_not_given(api, k):
    everything = api.get("/api/v1/events/").json()["count"]
    for params in ({"q": ""}, {"actor": ""}, {"format": ""}, {"page": ""}, {"ordering": ""}):
        response = api.get("/api/v1/events/", params)
        assert response.status_code == 200, params
        assert response.json()["count"] == everything
    assert api.get("/api/v1/events/", {"actor": ["", k.putin.pk]}).json()["count"] < everything


def test_ordering_and_page_size(api, k):
    data = api.get("/api/v1/events/", {"ordering": "date", "page_size": 2}).json()
    assert [row["date"] for row in data["results"]] == ["2019-02-14", "2020-02-27"]
    assert data["next"] and "page=2" in data["next"]


@pytest.mark.parametrize(
    "params,param",
    [
        ({"actor": "abc"}, "actor"),
        ({"actor": "9223372036854775808"}, "actor"),
        ({"disputed": "yes"}, "disputed"),
        ({"date_after": "2020-2-5"}, "date_after"),
        ({"page_size": "10000001"}, "page_size"),
        ({"date_after": "2020-02-30"}, "date_after"),
        ({"event_type": "picnic"}, "event_type"),
        ({"page": "abc"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page_size": "lots"}, "page_size"),
        ({"q": "x\x00y"}, "q"),
        ({"q": "x" * 500}, "q"),
        ({"cameo_code": "1' OR '1'='1"}, "cameo_code"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(api, k, params, param):
    response = api.get("/api/v1/events/", params)
    assert response.status_code == 400
    assert param in response.json()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "'; DROP TABLE events_event; --"},
        {"q": "<script>alert(1)</script>"},
        {"page_size": "1000000"},
        {"ordering": "-date,date"},
    ],
)
def test_hostile_but_valid_input_is_answered_normally(api, k, params):
    response = api.get("/api/v1/events/", params)
    assert response.status_code == 200


def test_huge_page_size_is_capped(api, k):
    assert api.get("/api/v1/events/", {"page_size": "100000"}).status_code == 200


def test_page_past_the_end_is_404(api, k):
    assert api.get("/api/v1/events/", {"page": "99"}).status_code == 404


def test_csv_export_flattens_nested_fields(api, k):
    response = api.get("/api/v1/events/", {"format": "csv", "actor": k.turkey.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert len(rows) == 1
    assert rows[0]["id"] == str(k.air_strike.pk)
    assert rows[0]["actors_name"] == "Syrian Arab Army | Turkey"
    assert rows[0]["actors_role"] == "initiator | target"
    assert rows[0]["location_lat"] == "35.86"
    assert rows[0]["evidence_article"] == str(k.strike.pk)


def test_csv_export_of_nothing_still_has_a_header(api, k):
    response = api.get("/api/v1/events/", {"format": "csv", "q": "no such words"})
    lines = body(response).decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("id,event_type")


def test_geojson_has_only_events_with_coordinates(api, k):
    response = api.get("/api/v1/events/", {"format": "geojson"})
    assert response.status_code == 200
    data = orjson.loads(body(response))
    assert data["type"] == "FeatureCollection"
    assert [f["id"] for f in data["features"]] == [k.air_strike.pk]
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [36.8, 35.86]}


def test_a_page_of_100_events_costs_a_constant_number_of_queries(
    api, django_assert_max_num_queries
):
    articles = ArticleFactory.create_batch(3)
    for i in range(100):
        event = EventFactory(date=datetime.date(2019, 1, 1) + datetime.timedelta(days=i))
        EventActorFactory(event=event, actor=ActorFactory(), role="initiator")
        EventActorFactory(event=event, actor=ActorFactory(), role="target")
        EvidenceFactory(event=event, article=articles[i % 3])
        EvidenceFactory(event=event, article=articles[(i + 1) % 3])
    with django_assert_max_num_queries(6):
        data = api.get("/api/v1/events/", {"page_size": 100}).json()
    assert len(data["results"]) == 100
    assert all(len(row["actors"]) == 2 and len(row["evidence"]) == 2 for row in data["results"])
    with django_assert_max_num_queries(6):
        api.get("/api/v1/events/", {"page_size": 10})


def test_a_page_is_written_by_the_database_on_postgresql(api, django_assert_num_queries):
    """On PostgreSQL a page's rows are the events' payloads as the database writes them (the
    ``payload`` column of ``event_list_rows``): a page that fits its rows is one query, and
    the payloads are what the other databases' four queries give, for events with and without
    a place, an agreement and an observation post, with text that JSON must escape and
    publishers that differ only in case and spacing."""
    from django.db import connection

    from apps.events.api.serializers import event_list_payloads
    from apps.events.selectors import EVENT_ROW_COLUMNS, event_list_queryset, event_list_rows

    if connection.vendor != "postgresql":
        pytest.skip("the payload column is written by PostgreSQL")
    post = ObservationPostFactory(place=PlaceFactory(name="Morek", lat=35.3712, lon=36.6971))
    for i in range(3):
        event = EventFactory(
            date=datetime.date(2019, 1, 1) + datetime.timedelta(days=i),
            place=post.place if i else None,
            agreement=post.agreement if i == 2 else None,
            observation_post=post if i == 2 else None,
            summary=f'Talks\x1f{i}\t\u2028 "quoted"',
        )
        EventActorFactory(event=event, actor=ActorFactory(name=f'Brigade "{i}" \\ ünit'))
        EvidenceFactory(event=event, quote='He said: "Idlib\n"\x1f')
        for source in ("Associated Press", " associated  PRESS")[:i]:
            EvidenceFactory(event=event, article=ArticleFactory(source=source))
    with django_assert_num_queries(1):
        data = api.get("/api/v1/events/", {"page_size": 10}).json()
    assert len(data["results"]) == 3
    assert data["results"][0]["location"] == {"name": "Morek", "lat": 35.3712, "lon": 36.6971}
    assert data["results"][0]["observation_post"] == {"id": post.pk, "name": post.name}
    assert data["results"][0]["summary"] == 'Talks\x1f2\t\u2028 "quoted"'
    assert data["results"][0]["evidence"][0]["quote"] == 'He said: "Idlib\n"\x1f'
    # Reuters, and the Associated Press twice: two originators.
    assert [row["independent_sources"] for row in data["results"]] == [2, 2, 1]
    assert data["results"][2]["location"]["lat"] is None
    assert data["results"][2]["agreement"] is None
    queryset = event_list_queryset().order_by("-date", "-id")
    written = event_list_payloads(list(event_list_rows(queryset)))
    assert all(isinstance(payload, orjson.Fragment) for payload in written)
    built = event_list_payloads(list(queryset.values_list(*EVENT_ROW_COLUMNS)))
    assert orjson.loads(orjson.dumps(written)) == built == data["results"]


def test_anonymous_clients_cannot_write(api, k):
    url = f"/api/v1/events/{k.meeting.pk}/"
    assert api.patch(url, {"date": "2019-02-15"}, format="json").status_code in (401, 403)
    assert api.put(url, {"date": "2019-02-15"}, format="json").status_code in (401, 403, 405)
    assert api.delete(url).status_code in (401, 403, 405)
    assert api.post("/api/v1/events/", {}, format="json").status_code in (401, 403, 405)


def test_users_without_the_change_permission_get_403(k):
    for permissions in [(), ("events.view_event",)]:
        client, _ = token_client(*permissions)
        response = client.patch(
            f"/api/v1/events/{k.meeting.pk}/", {"date": "2019-02-15"}, format="json"
        )
        assert response.status_code == 403


def test_editor_token_corrects_a_date_and_reextraction_keeps_it(k):
    client, editor = token_client("events.change_event", "events.view_event")
    url = f"/api/v1/events/{k.meeting.pk}/"
    response = client.patch(url, {"date": "2019-02-15"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["date"] == "2019-02-15"
    k.meeting.refresh_from_db()
    assert k.meeting.date == datetime.date(2019, 2, 15)
    assert k.meeting.editor_modified and k.meeting.provenance == "editor"
    assert set(EventActor.objects.filter(event=k.meeting).values_list("event_date", flat=True)) == {
        datetime.date(2019, 2, 15)
    }
    assert k.meeting.history.first().history_user == editor

    article_extract(k.summit, force=True)
    k.meeting.refresh_from_db()
    assert k.meeting.date == datetime.date(2019, 2, 15)
    assert k.meeting.editor_modified


def test_editor_review_status_change_alone_is_recorded(k):
    client, editor = token_client("events.change_event")
    response = client.patch(
        f"/api/v1/events/{k.air_strike.pk}/", {"review_status": "verified"}, format="json"
    )
    assert response.status_code == 200
    k.air_strike.refresh_from_db()
    assert k.air_strike.review_status == "verified"
    assert k.air_strike.history.first().history_user == editor


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"date": "not a date"}, "date"),
        ({"end_date": "2019-01-01"}, "end_date"),
        ({"event_type": "picnic"}, "event_type"),
        ({"fatalities": -3}, "fatalities"),
        ({"agreement": 999999}, "agreement"),
    ],
)
def test_bad_corrections_answer_400(k, payload, field):
    client, _ = token_client("events.change_event")
    response = client.patch(f"/api/v1/events/{k.meeting.pk}/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    k.meeting.refresh_from_db()
    assert not k.meeting.editor_modified
