"""Undated is visible: `undated=true` in the API and on the list page, and the list page says
how many matching events have no date (a date window leaves them out) with a link to them."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.events.models import Event
from tests.browse_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    # two events with no date: one cited by the strike's article, one not
    Event.objects.filter(pk=world.events["strike"].pk).update(date=None, date_precision="")
    return world


def test_the_api_lists_only_the_undated_or_only_the_dated(world):
    api = APIClient()
    undated = api.get("/api/v1/events/", {"undated": "true", "page_size": 500}).json()
    assert undated["count"] == Event.objects.filter(date__isnull=True).count() >= 1
    assert all(row["date"] is None for row in undated["results"])
    dated = api.get("/api/v1/events/", {"undated": "false", "page_size": 500}).json()
    assert all(row["date"] is not None for row in dated["results"])
    assert dated["count"] + undated["count"] == Event.objects.count()
    assert api.get("/api/v1/events/", {"undated": "maybe"}).status_code == 400


def test_a_date_window_says_how_many_matching_events_it_leaves_out(client, world):
    html = client.get(reverse("events:event_list"), {"date_after": "2019-01-01"}).content.decode()
    count = Event.objects.filter(date__isnull=True).count()
    assert f"{count} matching record" in html and "not in this date window" in html
    note = html.split('class="undated-note"')[1].split("</p>")[0]
    assert "undated=true" in note and "date_after" not in note
    shown = client.get(reverse("events:event_list"), {"undated": "true"})
    assert {e.pk for e in shown.context["object_list"]} == set(
        Event.objects.filter(date__isnull=True).values_list("pk", flat=True)
    )
    assert "undated-note" not in shown.content.decode()


@pytest.mark.parametrize(
    ("model_path", "page", "api", "field", "window"),
    [
        ("apps.agreements.models.Agreement", "agreements:agreement_list", "/api/v1/agreements/",
         "signed_on", "signed_after"),
        ("apps.articles.models.Article", "articles:article_list", "/api/v1/articles/",
         "published_on", "published_after"),
    ],
)  # fmt: skip
def test_agreements_and_articles_show_their_undated_too(
    client, world, model_path, page, api, field, window
):
    from django.utils.module_loading import import_string

    model = import_string(model_path)
    first = model.objects.order_by("pk").first()
    model.objects.filter(pk=first.pk).update(**{field: None})
    undated = set(model.objects.filter(**{f"{field}__isnull": True}).values_list("pk", flat=True))
    rows = APIClient().get(api, {"undated": "true", "page_size": 500}).json()["results"]
    assert {row["id"] for row in rows} == undated
    html = client.get(reverse(page), {window: "1990-01-01"}).content.decode()
    note = html.split('class="undated-note"')[1].split("</p>")[0]
    assert f"{len(undated)} matching record" in note and "not in this date window" in note
    assert "undated=true" in note and window not in note
