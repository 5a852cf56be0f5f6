"""PostgreSQL: writers of links in open transactions, each on its own connection.

Writers of different events never wait for one another, whatever actors they share; writers
of one event take turns, so the second counts what the first committed (each blind to the
other, both would miss the pair they make together). Committed for real
(``transaction=True``); SQLite has one writer at a time.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from apps.events.models import EventActor
from tests.events.test_pairs import assert_exact, stored
from tests.factories import ActorFactory, EventActorFactory, EventFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time"),
]

QUICK = 3  # seconds a step may take when it waits for nobody


class Writer(threading.Thread):
    """Runs ``steps`` one at a time, each when told (``advance``), in one transaction on its
    own connection; the advance after the last commits."""

    def __init__(self, *steps):
        super().__init__(daemon=True)
        self.steps = steps
        self.go, self.done = threading.Event(), threading.Event()
        self.error: BaseException | None = None

    def _wait_for_go(self):
        assert self.go.wait(30), "never told to go on"
        self.go.clear()

    def run(self):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:  # a wait fails rather than hangs
                    cursor.execute("SET LOCAL lock_timeout = '20s'")
                for step in self.steps:
                    self._wait_for_go()
                    step()
                    self.done.set()
                self._wait_for_go()
            self.done.set()  # committed
        except BaseException as err:  # noqa: B036  (reported to the test)
            self.error = err
            self.done.set()
        finally:
            connections.close_all()

    def advance(self, timeout: float = QUICK) -> bool:
        """Run the next step (or commit); True when it finished within ``timeout``."""
        self.done.clear()
        self.go.set()
        finished = self.done.wait(timeout)
        if self.error is not None:
            raise self.error
        return finished

    def finish(self, timeout: float = 30) -> None:
        assert self.done.wait(timeout), "still waiting"
        if self.error is not None:
            raise self.error


def link(event, actor, role="participant"):
    return lambda: EventActor.objects.create(event=event, actor=actor, role=role)


def test_writers_of_different_events_sharing_two_actors_never_wait_for_each_other():
    a, b = ActorFactory(name="A"), ActorFactory(name="B")
    one, two = EventFactory(), EventFactory()
    first = Writer(link(one, a), link(one, b))
    second = Writer(link(two, b), link(two, a))  # the same two actors, the other way round
    first.start(), second.start()
    try:
        for writer in (first, second, first, second):
            assert writer.advance(), "a writer waited for the other"
        assert first.advance() and second.advance(), "a commit waited"
    finally:
        first.join(30), second.join(30)
    assert stored(a) == [(b.pk, 2)] and stored(b) == [(a.pk, 2)]
    assert_exact("two writers")


def test_writers_of_one_event_take_turns_and_count_what_the_other_committed():
    a, b, c = ActorFactory(name="A"), ActorFactory(name="B"), ActorFactory(name="C")
    event = EventFactory()
    EventActorFactory(event=event, actor=c)
    first, second = Writer(link(event, a)), Writer(link(event, b))
    first.start(), second.start()
    try:
        assert first.advance()
        assert not second.advance(timeout=1), "the second writer did not wait"
        assert first.advance()  # commits; the second goes on
        second.finish()
        assert second.advance()
    finally:
        first.join(30), second.join(30)
    assert stored(a) == [(b.pk, 1), (c.pk, 1)]
    assert_exact("one event, two writers")


@pytest.mark.parametrize("rejection_first", [True, False])
def test_a_rejection_and_a_new_link_of_the_event_take_turns(rejection_first):
    a, b = ActorFactory(name="A"), ActorFactory(name="B")
    event = EventFactory()
    EventActorFactory(event=event, actor=b)

    def reject():
        event.review_status = "rejected"
        event.save(update_fields=["review_status"])

    rejection, linking = Writer(reject), Writer(link(event, a))
    first, second = (rejection, linking) if rejection_first else (linking, rejection)
    first.start(), second.start()
    try:
        assert first.advance()
        assert not second.advance(timeout=1), "the second writer did not wait"
        assert first.advance()
        second.finish()
        assert second.advance()
    finally:
        first.join(30), second.join(30)
    assert stored(a) == [] and stored(b) == []
    assert_exact("rejected while linked")
