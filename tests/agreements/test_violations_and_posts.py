"""An agreement's violations say who accuses whom, on its timeline in the API and on its
page; its page lists its observation posts with their status over time."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from apps.events.models import Evidence
from tests.browse_world import build_world, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w.articles["attack"].body += (
        " Damascus accused Ankara of breaking the Sochi memorandum."
        " Syrian troops violated the ceasefire near Morek."
        " Turkish troops set up the Morek post in April 2018."
    )
    w.articles["attack"].save(update_fields=["body"])
    a, sochi = w.actors, w.agreements["sochi"]
    w.events["counter"] = make_event(
        "accusation",
        date(2019, 8, 21),
        article=w.articles["attack"],
        sentence="Damascus accused Ankara of breaking the Sochi memorandum.",
        actors=[(a["saa"], "initiator"), (a["turkey"], "target")],
        agreement=sochi,
        cameo_code="112",
    )[0]
    w.events["violation"] = make_event(
        "ceasefire_violation",
        date(2019, 8, 22),
        article=w.articles["attack"],
        sentence="Syrian troops violated the ceasefire near Morek.",
        actors=[(a["saa"], "initiator")],
        agreement=sochi,
        observation_post=w.posts["morek"],
        cameo_code="196",
    )[0]
    w.events["established"] = make_event(
        "post_established",
        date(2018, 4, 1),
        article=w.articles["attack"],
        sentence="Turkish troops set up the Morek post in April 2018.",
        actors=[(a["turkey"], "initiator")],
        observation_post=w.posts["morek"],
        cameo_code="0",
    )[0]
    w.events["established"].date_precision = "month"
    w.events["established"].save(update_fields=["date_precision"])
    return w


def _sides(step):
    return (
        step["role"],
        [x["name"] for x in step["accusers"]],
        [x["name"] for x in step["accused"]],
    )


def test_the_api_timeline_says_who_accuses_whom(world):
    sochi = world.agreements["sochi"]
    timeline = APIClient().get(f"/api/v1/agreements/{sochi.pk}/").json()["timeline"]
    by_event = {step["event"]: step for step in timeline}
    assert _sides(by_event[world.events["counter"].pk]) == (
        "violated",
        ["Syrian Arab Army"],
        ["Turkey"],
    )
    assert _sides(by_event[world.events["violation"].pk]) == (
        "violated",
        [],
        ["Syrian Arab Army"],
    )
    # Turkey accused, of no one named; the signature accuses no one.
    assert _sides(by_event[world.events["accusation"].pk]) == ("violated", ["Turkey"], [])
    assert _sides(timeline[0]) == ("signed", [], [])
    # the page reads the same sides from the events it shows
    page = APIClient().get(sochi.get_absolute_url())
    life = {step["event"]: step for step in page.context["life"]}
    assert (
        life[world.events["counter"].pk]["accused"]
        == by_event[world.events["counter"].pk]["accused"]
    )
    html = page.content.decode()
    assert 'class="accused"><a href="/actors/' in html
    assert "accuser not stated" in html and "someone not named" in html


def test_the_page_lists_each_post_with_its_status_over_time(world, client):
    sochi = world.agreements["sochi"]
    response = client.get(sochi.get_absolute_url())
    (morek,) = response.context["posts"]
    steps = [(s["status"], s["date"], s["date_precision"]) for s in morek.life]
    assert steps == [
        ("established", date(2018, 4, 1), "month"),
        ("attacked", date(2019, 8, 19), "day"),  # the air strike
        ("attacked", date(2019, 8, 22), "day"),  # the ceasefire violation
    ]
    strike = morek.life[1]
    assert strike["evidence"] == world.evidence["strike"].pk
    html = response.content.decode()
    assert "Apr 2018" in html  # at its precision, not "1 Apr 2018"
    article = world.articles["attack"].get_absolute_url()
    assert f'href="{article}#evidence-{world.evidence["strike"].pk}"' in html


def test_a_rejected_event_leaves_the_posts_life(world, client):
    from apps.core.choices import ReviewStatus

    world.events["established"].review_status = ReviewStatus.REJECTED
    world.events["established"].save(update_fields=["review_status"])
    response = client.get(world.agreements["sochi"].get_absolute_url())
    (morek,) = response.context["posts"]
    assert "established" not in {s["status"] for s in morek.life}
    assert Evidence.objects.filter(event=world.events["established"]).exists()
