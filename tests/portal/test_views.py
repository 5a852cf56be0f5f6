from datetime import date

import pytest
from django.urls import reverse

from apps.core.choices import ReviewStatus
from apps.portal.charts import OTHER, OTHER_COLOUR, monthly_stacked_chart
from apps.portal.templatetags.browse import country_name, fuzzy_date, key_label, web_url
from tests.browse_world import add_filler_events, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_base_layout_has_nav_search_and_skip_link(client, world):
    html = client.get(reverse("portal:home")).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert 'id="main"' in html
    for label in (
        "Events",
        "Actors",
        "Agreements",
        "Observation posts",
        "Map",
        "Articles",
        "API docs",
        "Admin",
    ):
        assert f">{label}</a>" in html
    assert '<label for="site-search-q"' in html
    assert 'href="/static/css/site.css"' in html


def test_home_shows_counts_latest_events_and_chart(client, world):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts == {"articles": 2, "events": 5, "actors": 6, "agreements": 2, "posts": 1}
    latest = list(response.context["latest_events"])
    assert latest[0].date == date(2020, 3, 5)
    assert all(e.date is not None for e in latest)
    html = response.content.decode()
    assert "<svg" in html and "<rect" in html
    assert "Mar 2020: 2" in html or "Mar 2020: 1" in html
    top = list(response.context["top_actors"])
    assert top[0] == world.actors["erdogan"] or top[0] == world.actors["turkey"]
    assert [a.event_count for a in top] == sorted((a.event_count for a in top), reverse=True)
    assert world.actors["hts"] not in top  # no events
    assert list(response.context["agreements"]) == [
        world.agreements["sochi"],
        world.agreements["moscow"],
    ]
    chart = response.context["chart"]
    assert sum(bar.count for bar in chart.bars) == 4  # the undated event is left out


def test_home_leaves_rejected_events_out(client, world):
    world.events["summit"].review_status = ReviewStatus.REJECTED
    world.events["summit"].save()
    response = client.get(reverse("portal:home"))
    assert response.context["counts"]["events"] == 4
    assert world.events["summit"] not in list(response.context["latest_events"])


def test_home_with_empty_database(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "No dated events yet." in response.content.decode()


@pytest.mark.parametrize("query", ["M4", "m4"])
def test_search_finds_m4(client, world, query):
    response = client.get(reverse("portal:search"), {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    assert world.events["corridor"] in results["events"]
    assert world.agreements["moscow"] in results["agreements"]  # via its summary
    assert world.articles["summit"] in results["articles"]
    assert world.events["strike"] not in results["events"]
    assert 'id="results-events"' in response.content.decode()


def test_search_matches_aliases_and_accents(client, world):
    results = client.get(reverse("portal:search"), {"q": "Erdoğan"}).context["results"]
    assert world.actors["erdogan"] in results["actors"]
    results = client.get(reverse("portal:search"), {"q": "HTS"}).context["results"]
    assert world.actors["hts"] in results["actors"]
    results = client.get(reverse("portal:search"), {"q": "Sochi 2.0"}).context["results"]
    assert world.agreements["moscow"] in results["agreements"]


def test_search_groups_places_and_posts(client, world):
    results = client.get(reverse("portal:search"), {"q": "Morek"}).context["results"]
    assert world.posts["morek"] in results["posts"]
    assert world.places["morek"] in results["places"]
    assert world.events["strike"] in results["events"]


def test_search_empty_hostile_and_long_queries(client, world):
    assert client.get(reverse("portal:search")).status_code == 200
    response = client.get(reverse("portal:search"), {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    response = client.get(reverse("portal:search"), {"q": "Mo\x00rek\x1b"})
    assert response.status_code == 200
    assert response.context["search_query"] == "Morek"
    assert world.posts["morek"] in response.context["results"]["posts"]
    response = client.get(reverse("portal:search"), {"q": "x" * 5000 + "' OR 1=1 --"})
    assert response.status_code == 200
    assert len(response.context["search_query"]) == 200


def test_search_query_count_is_bounded(client, world, django_assert_max_num_queries):
    add_filler_events(world, 30)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("portal:search"), {"q": "Morek"})
    assert len(response.context["results"]["events"]) == 25


@pytest.mark.parametrize("rows", [2, 40])
def test_home_query_count_is_bounded(client, rows, django_assert_max_num_queries):
    add_filler_events(build_world(), rows)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("portal:home")).status_code == 200


def test_chart_stacks_months_keeps_gaps_and_groups_unknown_types():
    rows = [
        (date(2019, 1, 1), "shelling", 3),
        (date(2019, 1, 1), "meeting", 1),
        (date(2019, 4, 1), "shelling", 2),
        (date(2019, 4, 1), "not_a_type", 1),
    ]
    colours = {"shelling": "#A50F15", "meeting": "#006D2C"}
    chart = monthly_stacked_chart(rows, colours=colours)
    assert [m for m, _, _ in chart.months] == [date(2019, 1, 1), date(2019, 4, 1)]
    # Stacked in the colour map's order; a type it does not know is "other", in grey.
    assert chart.legend == [
        ("shelling", "#A50F15", 5),
        ("meeting", "#006D2C", 1),
        (OTHER, OTHER_COLOUR, 1),
    ]
    january = [b for b in chart.bars if b.month == date(2019, 1, 1)]
    april = [b for b in chart.bars if b.month == date(2019, 4, 1)]
    slot = (april[0].x - january[0].x) / 3  # Feb and Mar keep their empty columns
    assert slot > 0
    # Stacked: the second series sits on top of the first.
    assert january[1].y + january[1].height == pytest.approx(january[0].y)
    assert monthly_stacked_chart([]).empty


def test_display_filters():
    assert fuzzy_date(date(2020, 3, 5), "day") == "5 Mar 2020"
    assert fuzzy_date(date(2020, 3, 1), "month") == "Mar 2020"
    assert fuzzy_date(date(2020, 1, 1), "year") == "2020"
    assert fuzzy_date(None, "") == "undated"
    assert key_label("air_strike") == "Air strike"
    assert country_name("TUR") == "Turkey" or country_name("TUR") == "Türkiye"
    assert country_name("XXX") == "XXX"
    assert web_url("javascript:alert(1)") == ""
    assert web_url("https://example.org/a") == "https://example.org/a"
