"""The search for other articles' events an extracted event may be: fewer rows, same choice.

``events_upsert_for_article`` used to read, for each dated item, every event of its family
from a month before the item's window to its end, and let ``best_match`` choose among them.
It now reads only the events that can pass ``same_event``; these tests compare its choice,
item by item, with the old search's over randomly generated events, ranged ones included.
"""

import datetime
import random
from datetime import timedelta

import pytest
from django.db.models import Q

from apps.events.matching import EventInput, best_match, event_fingerprint, family_types
from apps.events.models import Event, EventActor
from apps.events.selectors import event_candidates
from apps.events.services import events_upsert_for_article
from tests.factories import ActorFactory, AgreementFactory, ArticleFactory, PlaceFactory

pytestmark = pytest.mark.django_db

FAMILY_TYPES = ("air_strike", "shelling", "armed_clash", "meeting", "visit", "statement", "threat")
PRECISIONS = ("day", "day", "week", "month", "year", "")
START = datetime.date(2020, 1, 1)


def old_candidates(items: list[EventInput], exclude: set[int]):
    """The search as it was: the whole month before each item's window, every event."""
    wanted = Q()
    for item in items:
        if item.date is not None:
            lo, hi = item.window()
            wanted |= Q(
                date__gte=lo - timedelta(days=31),
                date__lte=hi,
                event_type__in=family_types(item.family),
            )
    if not wanted:
        return [], {}
    others = list(
        Event.objects.filter(wanted).exclude(pk__in=exclude).prefetch_related("actor_links")
    )
    return others, {e.pk: {link.actor_id for link in e.actor_links.all()} for e in others}


def dates(rng: random.Random):
    precision = rng.choice(PRECISIONS)
    day = START + timedelta(days=rng.randrange(300))
    if precision == "":
        return (None, "", None) if rng.random() < 0.5 else (day, "day", None)
    if precision == "week":
        return day, "week", day + timedelta(days=6)
    if precision == "month":
        first = day.replace(day=1)
        return first, "month", (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    if precision == "year":
        return START, "year", datetime.date(2020, 12, 31)
    if rng.random() < 0.15:  # a long range, reaching far past the month before a window
        return day, "day", day + timedelta(days=rng.randrange(32, 200))
    return day, "day", None


def item_for(rng, actors, places, agreements) -> EventInput:
    day, precision, end = dates(rng)
    chosen = rng.sample(actors, rng.randrange(0, 3))
    return EventInput(
        event_type=rng.choice(FAMILY_TYPES),
        cameo_code="",
        acled_event_type="",
        acled_sub_event_type="",
        date=day,
        date_precision=precision,
        end_date=end,
        date_expression="",
        date_is_relative=False,
        summary="",
        place_id=rng.choice(places + [None]),
        location_text="",
        agreement_id=rng.choice(agreements + [None, None]),
        post_id=None,
        fatalities=rng.choice([None, None, 3, 34]),
        wounded=None,
        actors=[(a, rng.choice(["initiator", "target"]), "x") for a in chosen],
        start=rng.randrange(5000),
        end=0,
        quote="",
    )


def test_the_narrow_search_picks_what_the_month_wide_search_picked():
    rng = random.Random(20200301)
    actors = [ActorFactory().pk for _ in range(5)]
    places = [PlaceFactory().pk for _ in range(3)]
    agreements = [AgreementFactory().pk for _ in range(2)]
    stored = [item_for(rng, actors, places, agreements) for _ in range(500)]
    events = Event.objects.bulk_create(
        Event(
            event_type=item.event_type,
            cameo_code="",
            date=item.date,
            date_precision=item.date_precision,
            end_date=item.end_date,
            place_id=item.place_id,
            agreement_id=item.agreement_id,
            fatalities=item.fatalities,
            fingerprint=event_fingerprint(item) if rng.random() < 0.3 else "",
        )
        for item in stored
    )
    EventActor.objects.bulk_create(
        EventActor(event=event, actor_id=actor_id, role=role, event_date=event.date)
        for event, item in zip(events, stored, strict=True)
        for actor_id, role in {(a, r) for a, r, _ in item.actors}
    )
    compared = matched = 0
    for _ in range(60):
        items = [item_for(rng, actors, places, agreements) for _ in range(rng.randrange(1, 9))]
        exclude = {e.pk for e in rng.sample(events, 5)}
        before, actors_before = old_candidates(items, exclude)
        now, links = event_candidates(items, exclude)
        actors_now = {pk: {link.actor_id for link in found} for pk, found in links.items()}
        assert [e.pk for e in now] == [e.pk for e in before if e.pk in actors_now]
        assert all(actors_now[e.pk] == actors_before[e.pk] for e in now)
        for item in items:
            old = best_match(before, item, actors_before)
            new = best_match(now, item, actors_now)
            assert (old and old.pk) == (new and new.pk), item
            compared += 1
            matched += old is not None
        assert len(now) <= len(before)
    assert compared > 200 and matched > 50  # the comparison did meet real matches


def test_a_later_report_in_the_article_sees_what_an_earlier_one_filled_in():
    """Two sentences of one article match the same stored event; the first gives it a
    place, so the second, elsewhere, no longer matches it and is an event of its own."""
    turkey = ActorFactory(name="Turkey", kind="state")
    here, there = PlaceFactory(), PlaceFactory()
    rng = random.Random(1)

    def report(start, place_id):
        item = item_for(rng, [turkey.pk], [here.pk], [])
        item.event_type, item.date, item.date_precision = "air_strike", START, "day"
        item.end_date, item.agreement_id, item.fatalities = None, None, None
        item.actors, item.place_id, item.start = (
            [(turkey.pk, "initiator", "Ankara")],
            place_id,
            start,
        )
        item.quote = "x"
        return item

    first = ArticleFactory()
    events_upsert_for_article(first, [report(0, None)], version="t")
    stored = Event.objects.get()
    second = ArticleFactory()
    stats = events_upsert_for_article(
        second, [report(0, here.pk), report(100, there.pk)], version="t"
    )
    assert stats["merged"] == 1 and stats["created"] == 1
    stored.refresh_from_db()
    assert stored.place_id == here.pk and stored.source_count == 2
    assert Event.objects.exclude(pk=stored.pk).get().place_id == there.pk
