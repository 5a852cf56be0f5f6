"""The API over the real seed corpus: ingest the five seed articles, then query like a client."""

import datetime

import pytest
from rest_framework.test import APIClient

from apps.ingestion.services import ingest_path

pytestmark = pytest.mark.django_db


def all_rows(api, url, params=None):
    rows = []
    while url:
        page = api.get(url, params).json()
        rows += page["results"]
        url, params = page["next"], None
    return rows


def test_filters_on_the_seed_corpus(seed_files):
    for path in seed_files:
        ingest_path(path)
    api = APIClient()
    assert api.get("/api/v1/articles/").json()["count"] == len(seed_files)

    putin = api.get("/api/v1/actors/", {"q": "putin", "kind": "person"}).json()["results"][0]
    assert "Putin" in putin["name"]
    events = all_rows(api, "/api/v1/events/", {"actor": putin["id"]})
    assert events and len(events) == putin["event_count"]
    assert all(putin["id"] in {a["id"] for a in event["actors"]} for event in events)
    articles = api.get(putin["articles_url"]).json()
    assert articles["count"] == putin["article_count"] >= 1

    recent = all_rows(api, "/api/v1/events/", {"date_after": "2020-01-01"})
    assert all(datetime.date.fromisoformat(e["date"]) >= datetime.date(2020, 1, 1) for e in recent)
    everything = all_rows(api, "/api/v1/events/", {"page_size": 500})
    dated = [e for e in everything if e["date"]]
    assert len(recent) == sum(e["date"] >= "2020-01-01" for e in dated)

    agreements = api.get("/api/v1/agreements/", {"page_size": 500}).json()["results"]
    busiest = max(agreements, key=lambda a: a["event_count"])
    assert busiest["event_count"] >= 1
    linked = all_rows(api, busiest["events_url"])
    assert len(linked) == busiest["event_count"]
    assert all(e["agreement"]["id"] == busiest["id"] for e in linked)

    for event in everything:
        for item in event["evidence"]:
            body = api.get(f"/api/v1/articles/{item['article']}/").json()["body"]
            assert body[item["start"] : item["end"]] == item["quote"]
