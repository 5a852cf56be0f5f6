"""The CSV and GeoJSON buttons of the list pages: the API's exports of exactly what the page
shows, with the page's filters."""

import csv
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.browse_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def export_ids(client, url: str, fmt: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    body = streamed(response)
    if fmt == "csv":
        return {int(row["id"]) for row in csv.DictReader(io.StringIO(body))}
    return {feature["properties"]["id"] for feature in json.loads(body)["features"]}


def exports(response) -> dict[str, str]:
    return {link["format"]: link["url"] for link in response.context["exports"]}


def page_filters(world):
    """(list page, API list, its filters, the formats it offers) for every list page."""
    return [
        (
            "events:event_list",
            "api:event-list",
            {"actor": [str(world.actors["erdogan"].pk)], "date_after": ["2019-01-01"]},
            {"csv", "geojson"},
        ),
        (
            "events:event_list",
            "api:event-list",
            {"article": [str(world.articles["attack"].pk)]},
            {"csv", "geojson"},
        ),
        ("actors:actor_list", "api:actor-list", {"kind": ["person"], "q": ["er"]}, {"csv"}),
        (
            "agreements:agreement_list",
            "api:agreement-list",
            {"signed_after": ["2019-01-01"]},
            {"csv"},
        ),
        (
            "places:post_list",
            "api:observation-post-list",
            {"status": ["encircled"]},
            {"csv", "geojson"},
        ),
        ("articles:article_list", "api:article-list", {"published_after": ["2020-01-01"]}, {"csv"}),
    ]


def test_each_button_carries_the_page_filters_and_gives_the_page_records(client, world):
    for page, api, filters, formats in page_filters(world):
        response = client.get(reverse(page), filters)
        assert response.status_code == 200
        shown = {obj.pk for obj in response.context["object_list"]}
        assert shown, page  # the filters match something
        links = exports(response)
        assert set(links) == formats, page
        for fmt, url in links.items():
            parts = urlsplit(url)
            assert parts.path == reverse(api)
            query = parse_qs(parts.query)
            assert query.pop("format") == [fmt]
            assert query == filters, (page, fmt)
            got = export_ids(client, url, fmt)
            if fmt == "geojson" and page == "events:event_list":
                # GeoJSON holds the events whose place has coordinates.
                located = {
                    obj.pk
                    for obj in response.context["object_list"]
                    if obj.place and obj.place.lat is not None
                }
                assert got == located, (page, fmt)
            else:
                assert got == shown, (page, fmt)


def test_unfiltered_page_exports_everything_it_lists(client, world):
    response = client.get(reverse("events:event_list"))
    shown = {obj.pk for obj in response.context["object_list"]}
    assert export_ids(client, exports(response)["csv"], "csv") == shown


def test_paging_and_empty_fields_are_left_out_and_review_status_kept(client, world):
    response = client.get(
        reverse("events:event_list"),
        {"page": "1", "q": "", "review_status": "all", "event_type": ["meeting", "air_strike"]},
    )
    query = parse_qs(urlsplit(exports(response)["csv"]).query)
    assert query == {
        "review_status": ["all"],
        "event_type": ["meeting", "air_strike"],
        "format": ["csv"],
    }


def test_invalid_filters_offer_no_export(client, world):
    response = client.get(reverse("events:event_list"), {"date_after": "not-a-date"})
    assert "exports" not in response.context
    assert 'class="exports"' not in response.content.decode()


def test_buttons_are_on_the_page(client, world):
    html = client.get(reverse("places:post_list"), {"status": "encircled"}).content.decode()
    assert 'href="/api/v1/observation-posts/?status=encircled&amp;format=csv"' in html
    assert 'href="/api/v1/observation-posts/?status=encircled&amp;format=geojson"' in html
