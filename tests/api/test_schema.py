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


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    return yaml.safe_load(out.read_text())


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_reads_need_no_credentials_and_writes_a_token_or_a_session(published):
    for path, method, operation in operations(published):
        if path == "/api/v1/ingestion/{id}/" or method != "get":
            assert operation["security"] == [{"tokenAuth": []}, {"cookieAuth": []}], path
            assert {"401", "403"} <= set(operation["responses"]), path
        else:
            assert operation["security"] == [{}], path
            assert "403" not in operation["responses"], path


def test_every_operation_describes_its_errors_in_each_format_it_serves(published):
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in operations(published):
        responses = operation["responses"]
        assert {"400", "401", "404", "405", "429"} <= set(responses), (method, path)
        success = next(code for code in responses if code.startswith("2"))
        for code, response in responses.items():
            assert set(response["content"]) == set(responses[success]["content"]), (path, code)
            if code >= "400":
                assert response["content"]["application/json"]["schema"] == error
                if "text/csv" in response["content"]:
                    assert response["content"]["text/csv"]["schema"] == {"type": "string"}
        assert responses["429"]["headers"]["Retry-After"]["required"] is True
        if method in ("post", "patch"):
            assert {"409", "413", "415"} <= set(responses), path
    assert "detail" in published["components"]["schemas"]["Error"]["properties"]


def test_a_correction_answers_in_each_format(published):
    patch = published["paths"]["/api/v1/events/{id}/"]["patch"]
    content = patch["responses"]["200"]["content"]
    assert content["application/geo+json"]["schema"]["$ref"].endswith("/EventFeature")
    assert content["text/csv"]["schema"] == {"type": "string"}
    assert set(patch["requestBody"]["content"]) == {"application/json"}
    body = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    assert published["components"]["schemas"][body]["additionalProperties"] is False


def test_parameters_carry_their_real_bounds(published):
    events = published["paths"]["/api/v1/events/"]["get"]["parameters"]
    by_name = {p["name"]: p for p in events}
    actor = by_name["actor"]["schema"]
    assert actor["maxItems"] == 100
    assert actor["items"] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert by_name["q"]["schema"]["maxLength"] == 200
    assert by_name["cameo_code"]["schema"]["pattern"] == "^([0-9]{2,4}|[A-Z]{3})$"
    assert by_name["page_size"]["schema"]["maximum"] == 10**7
    assert all(p["allowEmptyValue"] for p in events if p["in"] == "query")
    detail = published["paths"]["/api/v1/events/{id}/"]["get"]["parameters"]
    path_id = next(p for p in detail if p["in"] == "path")
    assert path_id["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
