import pytest
from rest_framework.test import APIClient

from tests.api.helpers import token_client
from tests.factories import UserFactory, sample_knowledge

pytestmark = pytest.mark.django_db

PAGES = [
    "/api/v1/",
    "/api/v1/articles/",
    "/api/v1/actors/",
    "/api/v1/agreements/",
    "/api/v1/observation-posts/",
    "/api/v1/events/",
]


def test_browsable_pages_render_for_anonymous_readers():
    k = sample_knowledge()
    client = APIClient()
    for url in [*PAGES, f"/api/v1/events/{k.air_strike.pk}/", f"/api/v1/actors/{k.putin.pk}/"]:
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        assert b"<html" in response.content


def test_browsable_pages_render_for_an_editor_with_a_session():
    k = sample_knowledge()
    editor = UserFactory(permissions=["events.change_event", "actors.change_actor"])
    client = APIClient()
    client.force_login(editor)
    for url in [f"/api/v1/events/{k.meeting.pk}/", f"/api/v1/actors/{k.hts.pk}/"]:
        assert client.get(url, HTTP_ACCEPT="text/html").status_code == 200, url


def test_pretty_json_when_asked():
    sample_knowledge()
    client, _ = token_client()
    response = client.get("/api/v1/actors/", HTTP_ACCEPT="application/json; indent=2")
    assert response.status_code == 200
    assert b'\n  "count"' in response.content


def test_the_filter_form_asks_for_ids_instead_of_listing_every_record():
    """A filter by record ids is a number to type in, not a list of every article and actor
    (at 100,000 articles that list made the events page 7.5 MB); the id asked for is shown,
    and repeating a parameter is no error."""
    k = sample_knowledge()
    client = APIClient()
    url = f"/api/v1/events/?actor={k.hts.pk}&actor={k.putin.pk}&article={k.summit.pk}"
    page = client.get(url, HTTP_ACCEPT="text/html").content.decode()
    assert f'<input type="number" name="actor" value="{k.putin.pk}"' in page
    assert f'<input type="number" name="article" value="{k.summit.pk}"' in page
    assert 'aria-invalid="true"' not in page
    for url in ("/api/v1/events/", "/api/v1/actors/"):
        page = client.get(url, HTTP_ACCEPT="text/html").content.decode()
        assert '<input type="number" name="article"' in page, url
        assert '<select name="article"' not in page, url
