import pytest
from django.urls import reverse

from apps.actors.models import Actor, ActorKind
from tests.browse_world import add_filler_events, build_world, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def names(response):
    return [actor.name for actor in response.context["object_list"]]


def test_directory_lists_actors_with_event_counts(client, world):
    response = client.get(reverse("actors:actor_list"))
    assert response.status_code == 200
    assert names(response) == sorted(names(response))
    erdogan = next(a for a in response.context["object_list"] if a.name.startswith("Recep"))
    assert erdogan.event_count == 3
    assert "Turkey" in response.content.decode()  # affiliation shown as a country name


def test_directory_filters_by_kind_affiliation_and_alias_search(client, world):
    url = reverse("actors:actor_list")
    assert names(client.get(url, {"kind": "person"})) == ["Recep Tayyip Erdogan", "Vladimir Putin"]
    assert names(client.get(url, {"affiliation": "TUR"})) == ["Recep Tayyip Erdogan", "Turkey"]
    assert names(client.get(url, {"kind": "state", "affiliation": "rus"})) == ["Russia"]
    assert names(client.get(url, {"q": "Ankara"})) == ["Turkey"]
    assert names(client.get(url, {"q": "Erdoğan"})) == ["Recep Tayyip Erdogan"]
    assert names(client.get(url, {"q": "HTS"})) == ["Hayat Tahrir al-Sham"]


def test_directory_bad_filter_shows_the_error(client, world):
    response = client.get(
        reverse("actors:actor_list"), {"kind": "wizard", "affiliation": "TOOLONG"}
    )
    assert response.status_code == 200
    assert set(response.context["filter"].errors) == {"kind", "affiliation"}
    assert 'class="error"' in response.content.decode()


def test_directory_is_paginated(client, world):
    Actor.objects.bulk_create(
        Actor(name=f"Unit {i:03}", normalized_name=f"unit {i:03}", kind=ActorKind.ARMED_GROUP)
        for i in range(60)
    )
    first = client.get(reverse("actors:actor_list"))
    assert len(first.context["object_list"]) == 50
    assert first.context["paginator"].num_pages == 2
    second = client.get(reverse("actors:actor_list"), {"kind": "armed_group", "page": 2})
    assert len(second.context["object_list"]) == 11
    html = first.content.decode()
    assert 'href="?page=2"' in html


def test_actor_page_profile_timeline_articles_co_actors_agreements(client, world):
    erdogan = world.actors["erdogan"]
    response = client.get(erdogan.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "President of Turkey" in html and "Person" in html
    assert "Erdoğan" in html  # alias
    timeline = response.context["timeline"]
    assert [row["event_id"] for row in timeline] == [
        world.events["encircled"].pk,
        world.events["summit"].pk,
        world.events["accusation"].pk,  # undated, last
    ]
    assert [row["role"] for row in timeline] == ["target", "participant", "participant"]
    for key in ("encircled", "summit", "accusation"):
        event = world.events[key]
        assert f'href="{event.get_absolute_url()}"' in html
        if event.agreement_id:
            assert f'href="{event.agreement.get_absolute_url()}"' in html
    assert list(response.context["articles"]) == [world.articles["summit"]]
    co_actors = list(response.context["co_actors"])
    assert {a.name for a in co_actors} == {"Syrian Arab Army", "Vladimir Putin", "Turkey"}
    assert all(a.shared_event_count == 1 for a in co_actors)
    turkey = client.get(world.actors["turkey"].get_absolute_url())
    agreements = [link.agreement for link in turkey.context["agreement_links"]]
    assert agreements == [world.agreements["sochi"], world.agreements["moscow"]]


def test_co_actors_are_ranked_by_shared_events(client, world):
    erdogan, putin = world.actors["erdogan"], world.actors["putin"]
    make_event(
        "meeting",
        None,
        article=world.articles["summit"],
        sentence="The deal sets up a secure corridor along the M4 highway with joint patrols.",
        actors=[(erdogan, "participant"), (putin, "participant")],
    )
    co_actors = list(client.get(erdogan.get_absolute_url()).context["co_actors"])
    assert co_actors[0] == putin
    assert co_actors[0].shared_event_count == 2
    assert [a.shared_event_count for a in co_actors[1:]] == [1, 1]


def test_co_actors_leave_out_rejected_events_and_actors(client, world):
    erdogan, putin = world.actors["erdogan"], world.actors["putin"]
    before = {
        a.pk: a.shared_event_count
        for a in client.get(erdogan.get_absolute_url()).context["co_actors"]
    }
    event, _ = make_event(
        "meeting",
        None,
        article=world.articles["summit"],
        sentence="The deal sets up a secure corridor along the M4 highway with joint patrols.",
        actors=[(erdogan, "participant"), (putin, "participant")],
        review_status="rejected",
    )
    after = {
        a.pk: a.shared_event_count
        for a in client.get(erdogan.get_absolute_url()).context["co_actors"]
    }
    assert after == before and putin.pk in after
    Actor.objects.filter(pk=putin.pk).update(review_status="rejected")
    shown = client.get(erdogan.get_absolute_url()).context["co_actors"]
    assert putin.pk not in {a.pk for a in shown}


def test_actor_page_unknown_id_is_404(client, world):
    assert client.get(reverse("actors:actor_detail", args=[424242])).status_code == 404


def test_actor_text_is_escaped(client, world):
    actor = world.actors["hts"]
    actor.description = "<img src=x onerror=alert(1)>"
    actor.save()
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize("rows", [2, 40])
def test_actor_pages_query_count_does_not_grow(client, rows, django_assert_max_num_queries):
    world = build_world()
    add_filler_events(world, rows)
    url = world.actors["erdogan"].get_absolute_url()
    # The first view after the writes folds the changes they made to the actor's co-actor
    # counts (apps/events/pairs.py): a lock, one statement, its transaction.
    with django_assert_max_num_queries(9 + 4):
        client.get(url)
    # Every later view, until links change again: one look for pending changes.
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert len(response.context["timeline"]) == rows + 3
    with django_assert_max_num_queries(6):
        assert client.get(reverse("actors:actor_list")).status_code == 200


def test_an_actors_page_says_how_many_of_its_events_have_no_date(client):
    from apps.events.models import Event, EventActor

    world = build_world()
    erdogan = world.actors["erdogan"]
    event_id = EventActor.objects.filter(actor=erdogan).values_list("event_id", flat=True)[0]
    Event.objects.filter(pk=event_id).update(date=None)
    EventActor.objects.filter(event_id=event_id).update(event_date=None)
    undated = (
        EventActor.objects.filter(actor=erdogan, event__date__isnull=True)
        .values("event_id")
        .distinct()
        .count()
    )
    html = client.get(erdogan.get_absolute_url()).content.decode()
    assert undated >= 1 and f"{undated} of Recep Tayyip Erdo" in html and "no date" in html
    assert f"?actor={erdogan.pk}&amp;undated=true" in html


def test_the_timeline_shows_each_events_parts_escaped(client, world):
    from apps.events.models import EventActor

    erdogan = world.actors["erdogan"]
    event = world.events["summit"]
    event.summary = 'Talks <b>"ended"</b> & resumed'
    event.save()
    EventActor.objects.filter(event=event, actor=erdogan).update(mention_text="Ankara's <man>")
    html = client.get(erdogan.get_absolute_url()).content.decode()
    assert "Talks &lt;b&gt;&quot;ended&quot;&lt;/b&gt; &amp; resumed" in html
    assert "<b>" not in html
    assert "as “Ankara&#x27;s &lt;man&gt;”" in html
    assert f'<a href="{event.get_absolute_url()}">' in html
    assert f"· {event.place.name}" in html  # Moscow
    agreement = event.agreement  # the Moscow protocol
    assert f'<a href="{agreement.get_absolute_url()}">{agreement.name}</a>' in html
    assert 'datetime="2020-03-05">5 Mar 2020</time>' in html
