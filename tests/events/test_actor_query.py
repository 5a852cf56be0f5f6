"""One actor's events: found through the actor's links, each event once, in date order."""

import datetime as dt

import pytest
from django.http import QueryDict

from apps.events.filtersets import EventFilterSet
from apps.events.models import Event, Role
from tests.factories import ActorFactory, EventActorFactory, EventFactory

pytestmark = pytest.mark.django_db


def listed(query: str) -> list[int]:
    filterset = EventFilterSet(QueryDict(query), queryset=Event.objects.all())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs.values_list("id", flat=True))


@pytest.fixture
def timeline():
    actor, other = ActorFactory(), ActorFactory()
    days = [dt.date(2019, 5, 1), dt.date(2019, 3, 1), dt.date(2019, 3, 1), dt.date(2020, 1, 9)]
    events = [EventFactory(date=day) for day in days]
    for event in events:
        EventActorFactory(event=event, actor=actor, role=Role.INITIATOR)
    EventActorFactory(event=events[0], actor=actor, role=Role.TARGET)  # a second role
    EventActorFactory(event=events[1], actor=other)
    EventFactory(date=dt.date(2019, 4, 1))  # nobody's
    rejected = EventFactory(date=dt.date(2019, 6, 1), review_status="rejected")
    EventActorFactory(event=rejected, actor=actor)
    return actor, other, events


def _rejected_ids() -> list[int]:
    return list(Event.objects.filter(review_status="rejected").values_list("id", flat=True))


def test_an_actor_in_two_roles_lists_the_event_once(timeline):
    actor, _, events = timeline
    found = listed(f"actor={actor.pk}")
    assert len(found) == len(set(found)) == len(events)  # the rejected one left out
    assert set(found) == {e.pk for e in events}
    every = listed(f"actor={actor.pk}&review_status=all")
    assert len(every) == len(set(every)) == len(events) + 1
    assert set(every) == {*(e.pk for e in events), *_rejected_ids()}


def test_newest_first_by_default_and_ties_by_id(timeline):
    actor, _, events = timeline
    found = [i for i in listed(f"actor={actor.pk}") if i not in _rejected_ids()]
    tie = sorted([events[1].pk, events[2].pk], reverse=True)
    assert found == [events[3].pk, events[0].pk, *tie]


def test_ascending_date_order_breaks_ties_by_ascending_id(timeline):
    actor, _, events = timeline
    found = [i for i in listed(f"actor={actor.pk}&ordering=date") if i not in _rejected_ids()]
    tie = sorted([events[1].pk, events[2].pk])
    assert found == [*tie, events[0].pk, events[3].pk]


def test_the_date_window_bounds_one_actor_as_it_bounds_several(timeline):
    actor, other, events = timeline
    window = "date_after=2019-02-01&date_before=2019-12-31"
    one = listed(f"actor={actor.pk}&{window}&review_status=all")
    assert sorted(one) == sorted([events[0].pk, events[1].pk, events[2].pk, *_rejected_ids()])
    both = listed(f"actor={actor.pk}&actor={other.pk}&{window}&review_status=all")
    assert sorted(both) == sorted(one)


def test_other_filters_still_apply_to_one_actor(timeline):
    actor, _, events = timeline
    Event.objects.filter(pk=events[0].pk).update(event_type="shelling")
    assert listed(f"actor={actor.pk}&event_type=shelling") == [events[0].pk]
