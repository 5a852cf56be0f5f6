"""/api/v1/quotations/ over the seed corpus: the quotations the issue names, their filters,
their shape, editors' corrections, and the actor page's "In their own words"."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from apps.actors.models import Actor
from apps.events.models import Quotation
from apps.ingestion.services import ingest_path
from tests.api.helpers import token_client

pytestmark = pytest.mark.django_db

NAMED = {
    "Sergei Lavrov": "the endless existence of this terrorist nest",
    "Vladimir Putin": "terrorists' nests in Idlib",
    "Recep Tayyip Erdogan": "(I hope) there will be a ceasefire swiftly established in Idlib",
    "Mevlut Cavusoglu": "not to play with fire",
}


@pytest.fixture
def seeded(seed_files):
    for path in seed_files:
        ingest_path(path)
    cache.clear()


def test_the_seed_quotations_are_on_their_speakers(seeded):
    api = APIClient()
    for name, words in NAMED.items():
        actor = Actor.objects.get(name=name)
        rows = api.get("/api/v1/quotations/", {"speaker": actor.pk, "page_size": 100}).json()
        texts = [row["text"] for row in rows["results"]]
        assert any(words in text for text in texts), (name, texts)
        assert all(row["speaker"] == {"id": actor.pk, "name": name} for row in rows["results"])


def test_a_quotation_has_its_documented_shape_and_cites_its_sentence(seeded):
    api = APIClient()
    row = api.get("/api/v1/quotations/", {"q": "play with fire"}).json()["results"][0]
    assert set(row) == {
        "id", "text", "speaker", "speaker_text", "said_on", "said_on_precision", "partial",
        "article", "evidence", "event", "review_status",
    }  # fmt: skip
    body = api.get(f"/api/v1/articles/{row['article']}/").json()["body"]
    evidence = row["evidence"]
    assert body[evidence["start"] : evidence["end"]] == evidence["quote"]
    assert row["text"] in evidence["quote"]
    one = api.get(f"/api/v1/quotations/{row['id']}/").json()
    assert one == row


def test_filters_by_article_date_and_words(seeded):
    api = APIClient()
    everything = api.get("/api/v1/quotations/", {"page_size": 500}).json()
    assert everything["count"] == Quotation.objects.count() > 10
    article = everything["results"][0]["article"]
    mine = api.get("/api/v1/quotations/", {"article": article, "page_size": 500}).json()
    assert mine["count"] == Quotation.objects.filter(article_id=article).count()
    recent = api.get("/api/v1/quotations/", {"date_after": "2020-03-01", "page_size": 500})
    dates = [row["said_on"] for row in recent.json()["results"]]
    assert dates and all(d >= "2020-03-01" for d in dates)
    assert api.get("/api/v1/quotations/", {"q": "terrorist nest"}).json()["count"] >= 1
    assert api.get("/api/v1/quotations/", {"date_after": "not-a-date"}).status_code == 400


def test_an_editor_corrects_and_rejects_through_the_api(seeded):
    quotation = Quotation.objects.filter(speaker__isnull=True).first()
    anonymous = APIClient()
    assert anonymous.patch(f"/api/v1/quotations/{quotation.pk}/", {}).status_code in (401, 403)
    editor, _ = token_client("events.change_quotation")
    lavrov = Actor.objects.get(name="Sergei Lavrov")
    response = editor.patch(
        f"/api/v1/quotations/{quotation.pk}/", {"speaker": lavrov.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["speaker"]["id"] == lavrov.pk
    quotation.refresh_from_db()
    assert quotation.editor_modified
    editor.patch(
        f"/api/v1/quotations/{quotation.pk}/", {"review_status": "rejected"}, format="json"
    )
    cache.clear()
    listed = APIClient().get("/api/v1/quotations/", {"page_size": 500}).json()["results"]
    assert quotation.pk not in {row["id"] for row in listed}


def test_an_actors_page_shows_their_words_and_the_site_search_finds_them(seeded, client):
    lavrov = Actor.objects.get(name="Sergei Lavrov")
    page = client.get(lavrov.get_absolute_url()).content.decode()
    assert "In their own words" in page
    assert "the endless existence of this terrorist nest" in page
    found = client.get("/search/", {"q": "terrorist nest"}).content.decode()
    assert 'id="results-quotations"' in found and "Sergei Lavrov" in found
    # a rejected quotation leaves the page
    Quotation.objects.filter(speaker=lavrov).update(review_status="rejected")
    page = client.get(lavrov.get_absolute_url()).content.decode()
    assert "the endless existence of this terrorist nest" not in page
