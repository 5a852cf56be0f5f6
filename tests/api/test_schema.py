import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient


def test_schema_validates_as_openapi_3_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for resource in ["articles", "actors", "agreements", "observation-posts", "events"]:
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{id}}/" in paths
    assert "/api/v1/actors/{id}/co-actors/" in paths
    assert "/api/v1/articles/upload/" in paths


def test_schema_documents_filters_and_exports(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    events = schema["paths"]["/api/v1/events/"]["get"]
    names = {p["name"] for p in events["parameters"]}
    assert {
        "actor",
        "actor_kind",
        "agreement",
        "observation_post",
        "event_type",
        "cameo_code",
        "date_after",
        "date_before",
        "review_status",
        "article",
        "q",
        "ordering",
        "page",
        "page_size",
    } <= names
    content = events["responses"]["200"]["content"]
    assert {"application/json", "text/csv", "application/geo+json"} <= set(content)
    event_type = next(p for p in events["parameters"] if p["name"] == "event_type")
    assert {"air_strike", "meeting"} <= set(event_type["schema"]["items"]["enum"])
    kinds = schema["components"]["schemas"]["ActorKindEnum"]["enum"]
    assert "armed_group" in kinds


@pytest.mark.django_db
def test_interactive_docs_are_served_without_a_cdn():
    client = APIClient()
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg.com" not in html and "jsdelivr" not in html
    assert client.get("/api/schema/").status_code == 200
