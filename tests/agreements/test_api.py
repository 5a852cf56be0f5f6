import csv
import io

import pytest
import yaml
from django.core.management import call_command

from tests.api.helpers import body, token_client
from tests.factories import (
    AgreementAliasFactory,
    AgreementFactory,
    AgreementPartyFactory,
    EventFactory,
    ObservationPostFactory,
)

pytestmark = pytest.mark.django_db


def test_agreement_payload(api, k):
    data = api.get(f"/api/v1/agreements/{k.moscow.pk}/").json()
    assert data["name"] == "Moscow additional protocol"
    assert data["aliases"] == ["Sochi 2.0"]
    assert data["kind"] == "protocol"
    assert data["signed_on"] == "2020-03-05"
    assert {(p["id"], p["name"]) for p in data["parties"]} == {
        (k.putin.pk, "Vladimir Putin"),
        (k.erdogan.pk, "Recep Tayyip Erdoğan"),
    }
    assert data["summary"].startswith("Ceasefire")
    assert data["post_count"] == 0
    assert data["event_count"] == 1


def test_agreement_leads_to_its_posts_and_events(api, k):
    data = api.get(f"/api/v1/agreements/{k.sochi.pk}/").json()
    assert data["post_count"] == 2
    posts = api.get(data["posts_url"]).json()
    assert {p["id"] for p in posts["results"]} == {k.morek.pk, k.sarman.pk}
    events = api.get(data["events_url"]).json()
    assert [e["id"] for e in events["results"]] == [k.meeting.pk]


def test_list_filters(api, k):
    assert api.get("/api/v1/agreements/", {"party": k.putin.pk}).json()["count"] == 2
    assert api.get("/api/v1/agreements/", {"signed_after": "2019-01-01"}).json()["count"] == 1
    assert api.get("/api/v1/agreements/", {"signed_before": "2019-01-01"}).json()["count"] == 2
    assert api.get("/api/v1/agreements/", {"q": "adana"}).json()["count"] == 1
    assert api.get("/api/v1/agreements/", {"kind": "treaty"}).json()["count"] == 1


def test_bad_filters_answer_400(api, k):
    response = api.get("/api/v1/agreements/", {"signed_after": "2018", "party": "x"})
    assert response.status_code == 400
    assert {"signed_after", "party"} <= set(response.json())


def test_csv_export_lists_parties(api, k):
    response = api.get("/api/v1/agreements/", {"format": "csv", "party": k.turkey.pk})
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert [(row["name"], row["parties_name"]) for row in rows] == [("Adana agreement", "Turkey")]


def test_list_queries_do_not_grow_with_the_page(api, k, django_assert_max_num_queries):
    for _ in range(40):
        agreement = AgreementFactory()
        AgreementAliasFactory(agreement=agreement)
        AgreementPartyFactory(agreement=agreement, actor=k.putin)
        ObservationPostFactory(agreement=agreement)
        EventFactory(agreement=agreement)
    with django_assert_max_num_queries(5):
        data = api.get("/api/v1/agreements/", {"page_size": 50}).json()
    assert len(data["results"]) == 43


def test_only_editors_may_correct(api, k):
    url = f"/api/v1/agreements/{k.adana.pk}/"
    assert api.patch(url, {"kind": "deal"}, format="json").status_code in (401, 403)
    editor, _ = token_client("agreements.change_agreement")
    response = editor.patch(
        url, {"summary": "Security cooperation against the PKK."}, format="json"
    )
    assert response.status_code == 200
    k.adana.refresh_from_db()
    assert k.adana.summary.startswith("Security") and k.adana.editor_modified


def test_the_schema_documents_every_field_of_relations_and_timeline(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    schemas = yaml.safe_load(out.read_text())["components"]["schemas"]
    detail = schemas["AgreementDetail"]["properties"]
    assert detail["relations"]["items"]["$ref"].endswith("/Relation")
    assert detail["timeline"]["items"]["$ref"].endswith("/TimelineItem")
    step = schemas["TimelineItem"]["properties"]
    assert set(step) == {"date", "date_precision", "role", "event", "accusers", "accused"}
    for side in ("accusers", "accused"):
        assert step[side]["items"]["$ref"].endswith("/TimelineActor") and step[side]["description"]
    assert set(schemas["TimelineActor"]["properties"]) == {"id", "name"}
    assert {"violated", "annulled", "signed"} <= set(schemas["AgreementTimelineRoleEnum"]["enum"])
    assert {"amends", "amended by"} <= set(schemas["AgreementRelationTypeEnum"]["enum"])
    evidence = schemas["RelationEvidence"]["properties"]
    assert set(evidence) == {"curated", "source", "url", "article", "quote"}
    assert all(field.get("description") for field in evidence.values())
