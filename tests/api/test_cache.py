"""The API read cache: anonymous JSON reads are kept until any write to the data commits."""

import pytest
from django.core.cache import cache
from django.db import transaction

from apps.actors.models import Actor
from apps.core.api import cache as api_cache
from apps.events.models import ActorPairDelta, Event
from tests.api.helpers import token_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.API_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_a_repeated_read_is_served_without_the_database(api, k, django_assert_num_queries):
    first = api.get("/api/v1/events/", {"page_size": 5, "ordering": "date"})
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        # the same question with its parameters in another order
        again = api.get("/api/v1/events/", {"ordering": "date", "page_size": 5})
    assert again["X-Cache"] == "hit"
    assert again.status_code == 200 and again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_detail_pages_are_cached_too(api, k):
    url = f"/api/v1/actors/{k.hts.pk}/"
    assert api.get(url)["X-Cache"] == "miss"
    assert api.get(url)["X-Cache"] == "hit"


def test_an_editor_correction_is_seen_at_once(api, k):
    url = f"/api/v1/actors/{k.hts.pk}/"
    assert api.get(url).json()["affiliation"] != "SYR"
    api.get(url)
    editor, _ = token_client("actors.change_actor")
    assert editor.patch(url, {"affiliation": "SYR"}, format="json").status_code == 200
    fresh = api.get(url)
    assert fresh["X-Cache"] == "miss" and fresh.json()["affiliation"] == "SYR"


def test_bulk_updates_without_signals_also_invalidate(api, k):
    api.get("/api/v1/events/")
    Event.objects.update(summary="rewritten in bulk")
    fresh = api.get("/api/v1/events/")
    assert fresh["X-Cache"] == "miss"
    assert {row["summary"] for row in fresh.json()["results"]} == {"rewritten in bulk"}


def test_a_rolled_back_write_keeps_the_cache(api, k):
    api.get("/api/v1/actors/")
    with pytest.raises(RuntimeError), transaction.atomic():
        Actor.objects.update(description="never committed")
        raise RuntimeError("abandon")
    assert api.get("/api/v1/actors/")["X-Cache"] == "hit"


def test_a_login_does_not_empty_the_cache(api, k):
    api.get("/api/v1/actors/")
    from django.contrib.auth.models import User

    User.objects.create_user("reader", password="pw-1234567")
    # Only knowledge writes count; a new user or session is not one.
    assert api.get("/api/v1/actors/")["X-Cache"] == "hit"


def test_reading_co_actors_keeps_the_cache(api, k):
    # The read folds the changes to the actor's co-actor counts that the sample's links made:
    # a write, but to a table derived from the links, which answers the same before and after.
    api.get("/api/v1/actors/")
    assert ActorPairDelta.objects.filter(actor_id=k.putin.pk).exists()
    response = api.get(f"/api/v1/actors/{k.putin.pk}/co-actors/")
    assert [row["id"] for row in response.json()["results"]] == [k.erdogan.pk]
    assert not ActorPairDelta.objects.filter(actor_id=k.putin.pk).exists()
    assert api.get("/api/v1/actors/")["X-Cache"] == "hit"


def test_ingesting_an_article_empties_the_cache(api, seed_files):
    from apps.ingestion.services import ingest_path

    before = api.get("/api/v1/articles/").json()["count"]
    ingest_path(seed_files[0])
    fresh = api.get("/api/v1/articles/")
    assert fresh["X-Cache"] == "miss" and fresh.json()["count"] == before + 1


def test_clients_with_credentials_and_exports_are_never_cached(api, k):
    reader, _ = token_client()
    for _ in range(2):
        assert "X-Cache" not in reader.get("/api/v1/events/")
        assert "X-Cache" not in api.get("/api/v1/events/", {"format": "csv"})
        assert "X-Cache" not in api.get("/api/v1/events/", HTTP_ACCEPT="text/html")


def test_errors_are_not_cached(api, k):
    for _ in range(2):
        response = api.get("/api/v1/events/", {"date_after": "not-a-date"})
        assert response.status_code == 400 and "X-Cache" not in response


def test_off_when_no_lifetime_is_set(api, k, settings):
    settings.API_CACHE_SECONDS = 0
    api.get("/api/v1/events/")
    assert "X-Cache" not in api.get("/api/v1/events/")


@pytest.mark.parametrize(
    ("sql", "write"),
    [
        ('INSERT INTO "events_event" ("summary") VALUES (%s)', True),
        ('  update "actors_actor" SET "name" = %s', True),
        ('DELETE FROM "articles_mention" WHERE "id" = %s', True),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('UPDATE "auth_user" SET "last_login" = %s', False),
        ("DELETE FROM events_actorpairdelta WHERE actor_id = %s", False),
        ('SELECT "id" FROM "events_event"', False),
        ("SAVEPOINT s1", False),
    ],
)
def test_what_counts_as_a_write(sql, write):
    assert api_cache.is_write(sql) is write


def test_answers_for_another_host_are_kept_apart(api, k, settings):
    settings.ALLOWED_HOSTS = ["testserver", "kb.example.org"]
    params = {"page_size": 1}
    here = api.get("/api/v1/events/", params)
    there = api.get("/api/v1/events/", params, HTTP_HOST="kb.example.org")
    assert there["X-Cache"] == "miss"
    assert "kb.example.org" in there.json()["next"] and "testserver" in here.json()["next"]
