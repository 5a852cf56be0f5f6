from datetime import date

import pytest
from django.urls import reverse

from apps.core.choices import ReviewStatus
from tests.browse_world import add_filler_events, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_event_list_shows_type_date_actors_roles_place_and_cited_evidence(client, world):
    response = client.get(reverse("events:event_list"))
    assert response.status_code == 200
    html = response.content.decode()
    strike = world.events["strike"]
    evidence = world.evidence["strike"]
    assert f'href="{strike.get_absolute_url()}"' in html
    assert "19 Aug 2019" in html
    assert 'Syrian Arab Army</a> <span class="role role-initiator">initiator' in html
    assert 'Turkey</a> <span class="role role-target">target' in html
    link = (
        reverse("articles:article_detail", args=[evidence.article_id]) + f"#evidence-{evidence.pk}"
    )
    assert f'href="{link}"' in html
    assert "killing three servicemen" in html


def test_event_list_newest_first_and_undated_last(client, world):
    events = list(client.get(reverse("events:event_list")).context["object_list"])
    dates = [e.date for e in events]
    assert dates[-1] is None
    assert dates[:-1] == sorted(dates[:-1], reverse=True)


def test_event_list_uses_the_api_parameters(client, world):
    erdogan = world.actors["erdogan"]
    response = client.get(
        reverse("events:event_list"), {"actor": erdogan.pk, "date_after": "2019-01-01"}
    )
    events = set(response.context["object_list"])
    assert events == {world.events["summit"], world.events["encircled"]}
    response = client.get(reverse("events:event_list"), {"date_before": "2019-12-31"})
    assert set(response.context["object_list"]) == {
        world.events["strike"],
        world.events["encircled"],
    }
    response = client.get(reverse("events:event_list"), {"agreement": world.agreements["sochi"].pk})
    assert list(response.context["object_list"]) == [world.events["accusation"]]
    response = client.get(reverse("events:event_list"), {"article": world.articles["attack"].pk})
    assert set(response.context["object_list"]) == {
        world.events["strike"],
        world.events["accusation"],
    }
    # The article filter is kept as a hidden field, so it survives the next filter or page.
    assert (
        f'type="hidden" name="article" value="{world.articles["attack"].pk}"'
        in response.content.decode()
    )


@pytest.mark.parametrize(
    "params",
    [
        {"date_after": "not-a-date"},
        {"actor": "abc"},
        {"actor": "99999999999999999999"},
        {"event_type": "<script>"},
        {"cameo_code": "'; DROP TABLE"},
        {"q": "Morek\x00"},
        {"page": "9999"},
        {"page": "x"},
    ],
)
def test_bad_filter_values_give_a_page_with_the_error(client, world, params):
    response = client.get(reverse("events:event_list"), params)
    assert response.status_code in (200, 404)
    if "page" not in params:
        assert response.status_code == 200
        assert response.context["filter"].errors
        assert 'class="error"' in response.content.decode()
        assert list(response.context["object_list"]) == []
        assert "<script>" not in response.content.decode().split("<main")[1]


def test_rejected_events_are_not_shown(client, world):
    strike = world.events["strike"]
    strike.review_status = ReviewStatus.REJECTED
    strike.save()
    assert strike not in client.get(reverse("events:event_list")).context["object_list"]
    assert client.get(strike.get_absolute_url()).status_code == 404


def test_event_detail(client, world):
    event = world.events["strike"]
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Air or drone strike" in html or "Air strike" in html
    assert "CAMEO 195" in html
    assert "Morek observation post" in html
    assert "<dt>Killed</dt><dd>3</dd>" in html
    assert f"#evidence-{world.evidence['strike'].pk}" in html


def test_event_detail_unknown_id_is_404(client, world):
    assert client.get(reverse("events:event_detail", args=[987654])).status_code == 404


def test_event_text_is_escaped(client, world):
    event = world.events["summit"]
    event.summary = '<script>alert("x")</script>'
    event.save()
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("rows", [2, 40])
def test_event_list_query_count_does_not_grow(client, rows, django_assert_max_num_queries):
    world = build_world()
    add_filler_events(world, rows)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:event_list"))
    assert len(response.context["object_list"]) == min(50, rows + 5)
    assert response.context["object_list"][0].date >= date(2019, 1, 1)
