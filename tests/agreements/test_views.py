import pytest
from django.urls import reverse

from apps.events.models import StatedFigure
from tests.browse_world import add_filler_events, build_world, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_agreement_list_with_parties_and_counts(client, world):
    response = client.get(reverse("agreements:agreement_list"))
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert rows == [world.agreements["sochi"], world.agreements["moscow"]]  # oldest first
    assert (rows[0].post_count, rows[0].event_count) == (1, 1)
    assert (rows[1].post_count, rows[1].event_count) == (0, 2)
    assert "Russia</a>, <a" in response.content.decode()


def test_agreement_list_filters(client, world):
    url = reverse("agreements:agreement_list")
    after = client.get(url, {"signed_after": "2019-01-01"}).context["object_list"]
    assert list(after) == [world.agreements["moscow"]]
    assert list(client.get(url, {"q": "Sochi 2.0"}).context["object_list"]) == [
        world.agreements["moscow"]
    ]
    bad = client.get(url, {"signed_after": "yesterday", "party": "-1"})
    assert bad.status_code == 200
    assert set(bad.context["filter"].errors) == {"signed_after", "party"}


def test_agreement_page_parties_summary_posts_and_event_timeline(client, world):
    sochi = world.agreements["sochi"]
    later = make_event(
        "ceasefire_violation",
        None,
        article=world.articles["attack"],
        sentence="A Syrian fighter jet attacked a Turkish military convoy near Morek, "
        "killing three servicemen.",
        actors=[(world.actors["saa"], "initiator")],
        agreement=sochi,
    )[0]
    annulled = make_event(
        "annulment",
        world.agreements["moscow"].signed_on.replace(year=2019),
        article=world.articles["attack"],
        sentence="Ankara said the operation violated the Sochi memorandum.",
        actors=[(world.actors["saa"], "initiator")],
        agreement=sochi,
    )[0]
    StatedFigure.objects.create(
        article=world.articles["summit"],
        agreement=sochi,
        subject="observation_posts",
        value=12,
        quote="one of 12 posts",
        start=0,
        end=5,
    )
    response = client.get(sochi.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "17 Sep 2018" in html
    assert "demilitarised zone" in html
    assert 'Russia</a> <span class="muted">(signatory)' in html
    assert list(response.context["posts"]) == [world.posts["morek"]]
    events = list(response.context["events"])
    # Dated events in order, undated ones last.
    assert events[0] == annulled
    assert set(events[1:]) == {world.events["accusation"], later}
    assert "one of 12 posts" in html
    assert list(response.context["articles"]) == [world.articles["attack"]]


def test_agreement_page_unknown_id_is_404(client, world):
    assert client.get(reverse("agreements:agreement_detail", args=[31337])).status_code == 404


def test_agreement_summary_is_escaped(client, world):
    sochi = world.agreements["sochi"]
    sochi.summary = "</p><script>alert(1)</script>"
    sochi.save()
    html = client.get(sochi.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("rows", [2, 40])
def test_agreement_pages_query_count_does_not_grow(client, rows, django_assert_max_num_queries):
    world = build_world()
    add_filler_events(world, rows)
    # one query for the agreement's relations to others (both ways), one for its posts'
    # events (their status over time)
    with django_assert_max_num_queries(11):
        response = client.get(world.agreements["sochi"].get_absolute_url())
    assert len(response.context["events"]) == rows + 1
    with django_assert_max_num_queries(6):
        assert client.get(reverse("agreements:agreement_list")).status_code == 200
