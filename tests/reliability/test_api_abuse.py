"""API abuse: hostile strings in every filter and search of every list endpoint, hostile ids,
path-traversal names and oversized uploads. Never a 500, never a leak, never a stray file."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from rest_framework.test import APIClient

from apps.actors.models import Actor
from apps.articles.models import Article
from apps.events.models import Event
from apps.ingestion.models import IngestionRecord
from config.api_router import router

from .kb_data import build_knowledge_base

pytestmark = pytest.mark.django_db

HOSTILE = [
    "' OR '1'='1",
    "1; DROP TABLE articles_article; --",
    '" OR ""="',
    "1) UNION SELECT username, password FROM auth_user --",
    "%",
    "_",
    "\\",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\x00",
    "a\x00b",
    "9" * 40,
    "-1",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "0x7fffffff",
    "[]",
    '{"$gt": ""}',
    "../../etc/passwd",
    "\U0001f600" * 50,
    "x" * 5000,
    "2020-13-45",
    "0000-00-00",
    "1,2,3",
    "-id,;--",
    "",
    " ",
]
# The strings most likely to break a query, for the slower checks.
SHORT_HOSTILE = [
    "' OR '1'='1",
    "1; DROP TABLE articles_article; --",
    "<script>alert(1)</script>",
    "\x00",
    "a\x00b",
    "9" * 40,
    "-99999999999999999999",
    "\U0001f600" * 50,
    "x" * 5000,
    "2020-13-45",
    "%",
    "",
]
PAGING = ["page", "page_size", "limit", "offset", "cursor", "search"]
# Text that must never appear in an answer: traces, SQL, driver names.
LEAK_MARKERS = [
    "Traceback",
    "psycopg",
    "sqlite3",
    "OperationalError",
    "ProgrammingError",
    "SELECT ",
    "auth_user",
    "md5$",
    "pbkdf2_",
]


def list_endpoints():
    for prefix, viewset, _basename in router.registry:
        if not hasattr(viewset, "list"):
            continue
        filterset = getattr(viewset, "filterset_class", None)
        params = list(filterset.base_filters) if filterset else []
        yield prefix, params + PAGING


def assert_clean(response, secrets=(), sent=""):
    """No server error, and no trace, SQL or secret in the answer (an answer may quote back
    what was sent, so markers found in the input itself are not held against it)."""
    where = f"{response.request['PATH_INFO']}?{response.request.get('QUERY_STRING', '')}"
    assert response.status_code < 500, (where, response.status_code)
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode("utf-8", "replace")
    for marker in [*LEAK_MARKERS, *secrets]:
        if marker not in str(sent):
            assert marker not in body, (where, marker)


@pytest.fixture
def kb():
    return build_knowledge_base()


@pytest.mark.parametrize(("prefix", "params"), list(list_endpoints()))
def test_hostile_values_in_every_filter(kb, prefix, params):
    client = APIClient()
    url = f"/api/v1/{prefix}/"
    before = {model: model.objects.count() for model in (Article, Actor, Event, User)}
    baseline = client.get(url)
    assert baseline.status_code in (200, 401, 403), baseline.status_code
    tried = 0
    for param in params:
        for value in HOSTILE:
            response = client.get(url, {param: value})
            assert_clean(response, secrets=[kb["token"]], sent=value)
            tried += 1
            if response.status_code == 200 and baseline.status_code == 200:
                data = response.json()
                if isinstance(data, dict) and "count" in data:
                    # An injection never widens a result beyond the unfiltered list.
                    assert data["count"] <= baseline.json()["count"], (param, value)
    # The CSV export takes the same filters.
    for value in HOSTILE[:10]:
        response = client.get(url, {"format": "csv", "q": value})
        assert_clean(response, secrets=[kb["token"]], sent=value)
    assert tried == len(params) * len(HOSTILE)
    assert {model: model.objects.count() for model in before} == before


@pytest.mark.parametrize("prefix", [prefix for prefix, _, _ in router.registry])
@pytest.mark.parametrize(
    "ident", ["0", "-1", "99999999999999999999999", "1%20OR%201=1", "%00", "abc", "1.5", "..%2f"]
)
def test_hostile_ids_are_not_found(kb, prefix, ident):
    response = APIClient().get(f"/api/v1/{prefix}/{ident}/")
    assert_clean(response)
    assert response.status_code in (400, 401, 403, 404)


@pytest.mark.parametrize("prefix", ["actors", "agreements", "observation-posts", "events"])
def test_hostile_patch_bodies(kb, prefix):
    target = {
        "actors": kb["actor"],
        "agreements": kb["agreement"],
        "observation-posts": kb["post"],
        "events": kb["event"],
    }[prefix]
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("root", "r@example.org", "pw"))
    url = f"/api/v1/{prefix}/{target.pk}/"
    viewset = {p: v for p, v, _ in router.registry}[prefix]
    fields = viewset.update_serializer_class.Meta.fields
    assert fields
    for field in fields:
        for value in [*SHORT_HOSTILE, 10**30, -5, None, [], {"a": 1}, True, 1.5]:
            response = client.patch(url, {field: value}, format="json")
            assert_clean(response, sent=value)
    # Malformed bodies.
    for raw, content_type in [
        (b"{", "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        (b"[]", "application/json"),
        (b"a=b", "application/x-www-form-urlencoded"),
        (b"<x/>", "application/xml"),
    ]:
        assert_clean(client.generic("PATCH", url, raw, content_type=content_type))


TRAVERSAL_NAMES = [
    "../../evil.txt",
    "..\\..\\evil.txt",
    "/tmp/evil-absolute.txt",
    "a/../../evil.txt",
    "....//....//evil.txt",
    "%2e%2e%2fevil.txt",
    "evil.txt\x00.html",
    "evil\n.txt",
    ".htaccess",
    ".txt",
    "evil.exe",
    "evil.txt.exe",
    "evil.php",
    "x" * 300 + ".txt",
    "..",
    "",
]


@pytest.fixture
def upload_dir(tmp_path, settings):
    root = tmp_path / "a" / "b" / "uploads"
    settings.INGESTION_UPLOAD_DIR = root
    settings.INGESTION_MAX_FILE_BYTES = 4000
    return root


def files_under(folder: Path) -> set[Path]:
    return {p.resolve() for p in folder.rglob("*") if p.is_file()}


def upload(client, name, content=b"Turkish troops held Morek on Monday. " * 5):
    """POST a hand-built multipart body, so the file name reaches the server exactly as
    given (the test client would clean it first)."""
    boundary = "kbfuzzboundary"
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{quoted}"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode("utf-8", "surrogateescape")
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.generic(
        "POST",
        "/api/v1/articles/upload/",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_path_traversal_names_never_write_outside_the_upload_dir(upload_dir, tmp_path, settings):
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("root", "r@example.org", "pw"))
    before = files_under(tmp_path)
    statuses = []
    for name in TRAVERSAL_NAMES:
        response = upload(client, name)
        assert_clean(response)
        statuses.append(response.status_code)
        assert response.status_code in (202, 400, 413), (name, response.status_code)
    new = files_under(tmp_path) - before
    root = upload_dir.resolve()
    assert all(root in path.parents for path in new), new
    assert not Path("/tmp/evil-absolute.txt").exists()
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "a" / "evil.txt").exists()
    allowed = {suffix.lower() for suffix in settings.INGESTION_ALLOWED_SUFFIXES}
    assert all(p.suffix.lower() in allowed and not p.name.startswith(".") for p in new), new
    # Dot files, refused types, over-long and empty names are refused outright; names with a
    # path are cut to their last part by the multipart parser and stored in a folder of their own.
    refused = {name: code for name, code in zip(TRAVERSAL_NAMES, statuses, strict=True)}
    for name in [
        ".htaccess",
        ".txt",
        "evil.exe",
        "evil.txt.exe",
        "evil.php",
        "x" * 300 + ".txt",
        "..",
        "",
    ]:
        assert refused[name] == 400, name
    assert len({p.parent for p in new}) == len(new)


def test_oversized_upload_is_refused_and_leaves_nothing(upload_dir):
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("root", "r@example.org", "pw"))
    response = upload(client, "big.txt", b"Idlib " * 1000)
    assert_clean(response)
    assert response.status_code == 413
    assert not upload_dir.exists() or not files_under(upload_dir)
    assert not Article.objects.exists()


def test_upload_needs_permission_and_writes_nothing_otherwise(upload_dir):
    anonymous = upload(APIClient(), "fine.txt")
    assert anonymous.status_code in (401, 403)
    client = APIClient()
    client.force_authenticate(User.objects.create_user("nobody", password="pw"))
    assert upload(client, "fine.txt").status_code == 403
    assert not upload_dir.exists() or not files_under(upload_dir)
    assert not IngestionRecord.objects.exists()


def test_browse_pages_take_hostile_filters(kb, client):
    names = [
        "articles:article_list",
        "actors:actor_list",
        "agreements:agreement_list",
        "places:post_list",
        "events:event_list",
    ]
    params = ["q", "date_after", "page"]
    for name in names:
        url = reverse(name)
        for param in params:
            for value in SHORT_HOSTILE:
                response = client.get(url, {param: value})
                assert_clean(response, secrets=[kb["token"]], sent=value)
