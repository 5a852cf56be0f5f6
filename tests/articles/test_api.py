import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.articles.models import Article
from apps.ingestion.api.views import upload_name_problem
from apps.ingestion.models import IngestionRecord
from tests.api.helpers import body, token_client
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ARTICLE_FIELDS = {
    "id",
    "title",
    "published_on",
    "published_on_precision",
    "published_on_source",
    "source",
    "author",
    "url",
    "source_file",
    "related_links",
}


@pytest.fixture
def uploads(settings, tmp_path):
    settings.INGESTION_UPLOAD_DIR = tmp_path / "uploads"
    return settings.INGESTION_UPLOAD_DIR


def test_list_leaves_the_body_out(api, k):
    data = api.get("/api/v1/articles/").json()
    assert data["count"] == 3
    row = data["results"][0]
    assert ARTICLE_FIELDS <= set(row) and "body" not in row
    assert row["published_on_source"] in {"stated", "inferred", "unknown"}


def test_detail_has_body_and_links_to_actors_agreements_events(api, k):
    data = api.get(f"/api/v1/articles/{k.protocol.pk}/").json()
    assert ARTICLE_FIELDS | {"body"} <= set(data)
    assert data["body"] == k.protocol.body
    assert {a["id"] for a in data["actors"]} == {k.putin.pk, k.erdogan.pk}
    assert [a["id"] for a in data["agreements"]] == [k.moscow.pk]
    events = api.get(data["events_url"]).json()
    assert [e["id"] for e in events["results"]] == [k.ceasefire.pk]
    actors = api.get(data["actors_url"]).json()
    assert actors["count"] == 2


def test_filters(api, k):
    url = "/api/v1/articles/"
    assert api.get(url, {"actor": k.turkey.pk}).json()["count"] == 1
    assert api.get(url, {"agreement": k.moscow.pk}).json()["count"] == 1
    assert api.get(url, {"published_after": "2020-01-01"}).json()["count"] == 2
    assert api.get(url, {"published_before": "2020-01-01"}).json()["count"] == 1
    assert api.get(url, {"source": "reuters"}).json()["count"] == 2
    found = api.get(url, {"q": "saraqeb"}).json()["results"]
    assert [a["id"] for a in found] == [k.strike.pk]


def test_bad_filters_answer_400(api, k):
    response = api.get("/api/v1/articles/", {"published_after": "31-12-2019", "actor": "1.5"})
    assert response.status_code == 400
    assert {"published_after", "actor"} <= set(response.json())


def test_csv_export_has_no_body(api, k):
    response = api.get("/api/v1/articles/", {"format": "csv", "source": "AFP"})
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert [row["title"] for row in rows] == [k.summit.title]
    assert "body" not in rows[0]


def test_list_queries_do_not_grow_with_the_page(api, django_assert_max_num_queries):
    ArticleFactory.create_batch(60)
    with django_assert_max_num_queries(2):
        assert len(api.get("/api/v1/articles/", {"page_size": 60}).json()["results"]) == 60


def test_articles_cannot_be_edited_through_the_api(k):
    client, _ = token_client("articles.change_article", "articles.add_article")
    response = client.patch(f"/api/v1/articles/{k.summit.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 405


def test_anonymous_upload_is_refused(api, uploads):
    upload = SimpleUploadedFile("a.txt", b"Title\n\nBody.")
    assert api.post("/api/v1/articles/upload/", {"file": upload}).status_code in (401, 403)


def test_upload_needs_the_add_permission(uploads):
    client, _ = token_client("articles.view_article")
    upload = SimpleUploadedFile("a.txt", b"Title\n\nBody.")
    assert client.post("/api/v1/articles/upload/", {"file": upload}).status_code == 403


def test_upload_is_accepted_and_can_be_polled(uploads, seed_files):
    client, _ = token_client("articles.add_article")
    seed = seed_files[1]
    upload = SimpleUploadedFile(seed.name, seed.read_bytes(), content_type="text/plain")
    response = client.post("/api/v1/articles/upload/", {"file": upload})
    assert response.status_code == 202, response.content
    data = response.json()
    assert data["file_name"] == seed.name
    record = IngestionRecord.objects.get(pk=data["id"])
    assert data["task_id"] == record.task_id
    polled = client.get(data["status_url"])
    assert polled.status_code == 200
    polled = polled.json()
    assert polled["outcome"] in {"pending", "created"}
    if polled["outcome"] == "created":
        article = Article.objects.get(pk=polled["article"])
        assert "Putin" in article.body


def test_polling_needs_an_account(api, uploads):
    record = IngestionRecord.objects.create(path="x.txt")
    assert api.get(f"/api/v1/ingestion/{record.pk}/").status_code in (401, 403)


def test_oversized_upload_is_413(settings, uploads):
    settings.INGESTION_MAX_FILE_BYTES = 100
    client, _ = token_client("articles.add_article")
    upload = SimpleUploadedFile("big.txt", b"x" * 101)
    response = client.post("/api/v1/articles/upload/", {"file": upload})
    assert response.status_code == 413
    assert "file" in response.json()


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "notes.exe", ".hidden.txt", "x" * 250 + ".txt"]
)
def test_odd_upload_names_are_400(uploads, name):
    client, _ = token_client("articles.add_article")
    upload = SimpleUploadedFile(name, b"Title\n\nBody.")
    response = client.post("/api/v1/articles/upload/", {"file": upload})
    assert response.status_code == 400
    assert not uploads.exists() or not any(uploads.rglob("*.*"))


@pytest.mark.parametrize(
    "name", ["../../x.txt", "reports/x.txt", "..\\..\\x.txt", "C:\\data\\x.txt", "..", "a/"]
)
def test_a_name_with_a_path_is_400_by_name(uploads, name):
    client, _ = token_client("articles.add_article")
    # Written by hand: the test client's own encoding would cut the name to its last part.
    body = (
        "--B\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\nTitle\n\nBody.\r\n--B--\r\n"
    )
    response = client.generic(
        "POST", "/api/v1/articles/upload/", body, content_type="multipart/form-data; boundary=B"
    )
    assert response.status_code == 400, response.content
    assert response.json() == {"file": ["the file name must not contain a path."]}
    assert not uploads.exists() or not any(uploads.rglob("*.*"))
    assert not IngestionRecord.objects.exists()


def test_a_duplicate_upload_names_the_article_not_a_server_path(
    uploads, seed_files, django_capture_on_commit_callbacks
):
    client, _ = token_client("articles.add_article")
    seed = seed_files[1]
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            "/api/v1/articles/upload/", {"file": SimpleUploadedFile(seed.name, seed.read_bytes())}
        )
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            "/api/v1/articles/upload/", {"file": SimpleUploadedFile("copy.txt", seed.read_bytes())}
        )
    assert (first.status_code, again.status_code) == (202, 202)
    created = client.get(first.json()["status_url"]).json()
    assert created["outcome"] == "created"
    response = client.get(again.json()["status_url"])
    data = response.json()
    expected = f"duplicate of article {created['article']} ({seed.name})"
    assert (data["outcome"], data["reason"]) == ("duplicate", expected)
    shown = response.content.decode()
    assert str(uploads) not in shown and str(seed.parent) not in shown


def test_a_reason_that_holds_a_server_path_is_shown_with_the_file_name_only(uploads):
    client, user = token_client("articles.add_article")
    record = IngestionRecord.objects.create(
        path=str(uploads / "2026" / "x.txt"),
        outcome="rejected",
        reason=f"could not store: OSError: no such file: '{uploads}/2026/x.txt' (see https://example.org/a/b)",
    )
    data = client.get(f"/api/v1/ingestion/{record.pk}/").json()
    assert data["file_name"] == "x.txt"
    assert (
        data["reason"]
        == "could not store: OSError: no such file: 'x.txt' (see https://example.org/a/b)"
    )


def test_upload_without_a_file_is_400(uploads):
    client, _ = token_client("articles.add_article")
    response = client.post("/api/v1/articles/upload/", {})
    assert response.status_code == 400
    assert "file" in response.json()


@pytest.mark.parametrize(
    "name,ok",
    [("report.txt", True), ("a/b.txt", False), ("..", False), ("x.TXT", True), ("", False)],
)
def test_upload_name_rules(name, ok):
    assert (upload_name_problem(name) is None) is ok


@pytest.mark.django_db
def test_related_links_are_objects_in_json_and_plain_columns_in_csv():
    from rest_framework.test import APIClient

    from tests.factories import ArticleFactory

    article = ArticleFactory(
        related_links=[{"title": "Idlib talks", "url": "https://example.org/a"}, "Only a title"]
    )
    api = APIClient()
    row = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert row["related_links"] == [
        {"title": "Idlib talks", "url": "https://example.org/a"},
        {"title": "Only a title", "url": ""},
    ]
    csv = b"".join(api.get("/api/v1/articles/", {"format": "csv"}).streaming_content).decode()
    assert "{'title'" not in csv and "related_links_title" in csv.splitlines()[0]
    assert "https://example.org/a" in csv


def test_a_list_row_built_directly_matches_the_declared_fields(api, k):
    """The list's rows are built without DRF's field machinery: each must be exactly what
    the declared fields give, in the same key order, whatever the article holds."""
    from rest_framework.test import APIRequestFactory

    from apps.articles.api.serializers import ArticleListSerializer
    from apps.articles.selectors import article_list_queryset

    ArticleFactory(
        related_links=[{"title": "Idlib talks", "url": "https://example.org/a"}, "Only a title"],
        published_on=None,
        author="",
    )
    request = APIRequestFactory().get("/api/v1/articles/")
    context = {"request": request}
    for article in article_list_queryset():
        declared = super(ArticleListSerializer, ArticleListSerializer(context=context))
        expected = dict(declared.to_representation(article))
        built = ArticleListSerializer(article, context=context).data
        assert built == expected
        assert list(built) == list(expected)
    rows = api.get("/api/v1/articles/", {"page_size": 50}).json()["results"]
    assert any(row["published_on"] is None for row in rows)
    assert any(row["related_links"] for row in rows)
