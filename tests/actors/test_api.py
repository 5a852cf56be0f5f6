import csv
import io

import pytest
from django.db import connection

from tests.api.helpers import body, token_client
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    EventActorFactory,
    EventFactory,
    MentionFactory,
)

pytestmark = pytest.mark.django_db


def test_actor_payload_with_counts_and_links(api, k):
    data = api.get(f"/api/v1/actors/{k.erdogan.pk}/").json()
    assert data["name"] == "Recep Tayyip Erdoğan"
    assert data["kind"] == "person"
    assert data["affiliation"] == "TUR"
    assert data["aliases"] == ["Erdogan"]
    assert data["event_count"] == 2
    assert data["article_count"] == 2
    assert data["events_url"].endswith(f"/api/v1/events/?actor={k.erdogan.pk}")
    assert data["articles_url"].endswith(f"/api/v1/articles/?actor={k.erdogan.pk}")
    assert data["agreements_url"].endswith(f"/api/v1/agreements/?party={k.erdogan.pk}")
    assert data["co_actors_url"].endswith(f"/api/v1/actors/{k.erdogan.pk}/co-actors/")


def test_rejected_events_are_not_counted(api, k):
    assert api.get(f"/api/v1/actors/{k.hts.pk}/").json()["event_count"] == 0


def test_navigation_links_lead_to_the_actors_records(api, k):
    actor = api.get(f"/api/v1/actors/{k.putin.pk}/").json()
    events = api.get(actor["events_url"]).json()
    assert events["count"] == actor["event_count"] == 2
    articles = api.get(actor["articles_url"]).json()
    assert articles["count"] == actor["article_count"] == 2
    agreements = api.get(actor["agreements_url"]).json()
    assert {a["id"] for a in agreements["results"]} == {k.sochi.pk, k.moscow.pk}
    co_actors = api.get(actor["co_actors_url"]).json()
    assert [(a["id"], a["shared_event_count"]) for a in co_actors["results"]] == [(k.erdogan.pk, 2)]


def test_list_filters(api, k):
    assert api.get("/api/v1/actors/", {"kind": "person"}).json()["count"] == 2
    assert api.get("/api/v1/actors/", {"affiliation": "TUR"}).json()["count"] == 2
    assert api.get("/api/v1/actors/", {"q": "hts"}).json()["results"][0]["id"] == k.hts.pk
    assert api.get("/api/v1/actors/", {"agreement": k.sochi.pk}).json()["count"] == 2


def test_bad_filters_answer_400(api, k):
    response = api.get("/api/v1/actors/", {"kind": "wizard", "agreement": "0"})
    assert response.status_code == 400
    assert {"kind", "agreement"} <= set(response.json())


def test_unknown_actor_is_404(api, k):
    assert api.get("/api/v1/actors/999999/").status_code == 404
    assert api.get("/api/v1/actors/999999/co-actors/").status_code == 404


def test_csv_export(api, k):
    response = api.get("/api/v1/actors/", {"format": "csv", "kind": "person"})
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert {row["name"] for row in rows} == {"Vladimir Putin", "Recep Tayyip Erdoğan"}
    assert {row["aliases"] for row in rows} == {"", "Erdogan"}


def test_list_queries_do_not_grow_with_the_page(api, django_assert_max_num_queries):
    for _ in range(60):
        actor = ActorFactory()
        ActorAliasFactory(actor=actor)
        EventActorFactory(actor=actor, event=EventFactory())
        MentionFactory(actor=actor)
    # page, aliases, event counts, rejected events, article counts (+ a count when paged,
    # preceded on PostgreSQL by the planner's estimate)
    with django_assert_max_num_queries(6):
        data = api.get("/api/v1/actors/", {"page_size": 60}).json()
    assert all(row["event_count"] == 1 and row["article_count"] == 1 for row in data["results"])
    with django_assert_max_num_queries(7 if connection.vendor == "postgresql" else 6):
        data = api.get("/api/v1/actors/", {"page_size": 7}).json()
    assert data["count"] == 60 and len(data["results"]) == 7


def test_editor_can_correct_an_actor_and_others_cannot(api, k):
    url = f"/api/v1/actors/{k.hts.pk}/"
    assert api.patch(url, {"affiliation": "SYR"}, format="json").status_code in (401, 403)
    viewer, _ = token_client("actors.view_actor")
    assert viewer.patch(url, {"affiliation": "SYR"}, format="json").status_code == 403
    editor, user = token_client("actors.change_actor")
    response = editor.patch(url, {"affiliation": "SYR"}, format="json")
    assert response.status_code == 200
    assert response.json()["affiliation"] == "SYR"
    k.hts.refresh_from_db()
    assert k.hts.editor_modified
    assert k.hts.history.first().history_user == user


def test_correction_with_an_unknown_kind_is_400(k):
    editor, _ = token_client("actors.change_actor")
    response = editor.patch(f"/api/v1/actors/{k.hts.pk}/", {"kind": "wizard"}, format="json")
    assert response.status_code == 400
    assert "kind" in response.json()
