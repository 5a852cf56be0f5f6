"""The change feed: what writes leave in it, and ``GET /api/v1/changes/``.

The tests commit for real (``transaction=True``): on PostgreSQL the feed keeps one entry per
record and transaction, and entries are only worth reading once their transaction committed.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from apps.actors.models import Actor
from apps.core.changes import (
    cursor_encode,
    feed_epoch,
    feeds,
    follows,
    model_of,
    position_field,
)
from apps.core.merging import actor_merge
from apps.core.models import Change
from apps.core.services import records_set_review_status
from apps.events.models import Event, EventActor, Quotation
from apps.events.services import article_delete, evidence_delete
from apps.places.models import ObservationPost
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    ArticleFactory,
    EventActorFactory,
    EventFactory,
    EvidenceFactory,
    ObservationPostFactory,
    sample_knowledge,
)

pytestmark = pytest.mark.django_db(transaction=True)


def entries_after(change_id: int) -> list[tuple[str, int, str, int | None]]:
    return list(
        Change.objects.filter(id__gt=change_id)
        .order_by("id")
        .values_list("record_type", "record_id", "action", "merged_into")
    )


def last_id() -> int:
    return Change.objects.order_by("-id").values_list("id", flat=True).first() or 0


def last_position() -> int:
    return Change.objects.aggregate(last=Max(position_field()))["last"] or 0


def feed(api, **params) -> dict:
    response = api.get("/api/v1/changes/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_save_a_bulk_update_a_rejection_and_a_delete_each_leave_an_entry():
    start = last_id()
    actor = ActorFactory(name="Hamza Division")
    assert entries_after(start) == [("actor", actor.pk, "created", None)]

    mark = last_id()
    Actor.objects.filter(pk=actor.pk).update(affiliation="SNA")  # no signal, no save()
    assert entries_after(mark) == [("actor", actor.pk, "updated", None)]

    mark = last_id()
    records_set_review_status([actor], status="rejected")
    assert entries_after(mark) == [("actor", actor.pk, "rejected", None)]

    mark = last_id()
    pk = actor.pk
    actor.delete()
    assert entries_after(mark) == [("actor", pk, "deleted", None)]


def test_a_change_to_what_a_record_shows_is_an_update_of_the_record():
    k = sample_knowledge()
    event = EventFactory()
    link = EventActorFactory(event=event, actor=k.putin)

    mark = last_id()
    Actor.objects.filter(pk=k.putin.pk).update(name="V. V. Putin")
    changed = {(kind, pk) for kind, pk, action, _ in entries_after(mark) if action == "updated"}
    assert ("actor", k.putin.pk) in changed
    assert ("event", event.pk) in changed  # the event shows its actors' names
    assert ("agreement", k.sochi.pk) in changed  # and the agreement its parties'

    mark = last_id()
    Actor.objects.filter(pk=k.hts.pk).update(description="a changed description")
    changed = {(kind, pk) for kind, pk, _, _ in entries_after(mark)}
    assert changed == {("actor", k.hts.pk)}  # no other payload shows a description

    mark = last_id()
    evidence = EvidenceFactory(event=event, article=k.summit)
    assert ("event", event.pk, "updated", None) in entries_after(mark)

    mark = last_id()
    evidence_delete(type(evidence).objects.filter(pk=evidence.pk))  # and the recount
    assert {("event", event.pk)} <= {(kind, pk) for kind, pk, _, _ in entries_after(mark)}

    mark = last_id()
    records_set_review_status([event], status="rejected")
    changed = {(kind, pk, action) for kind, pk, action, _ in entries_after(mark)}
    assert ("event", event.pk, "rejected") in changed
    assert ("actor", link.actor_id, "updated") in changed  # its event count


def updated_after(mark: int) -> set[tuple[str, int]]:
    return {(kind, pk) for kind, pk, action, _ in entries_after(mark) if action == "updated"}


def test_an_agreements_timeline_follows_its_violations_actors_and_their_names():
    agreement = AgreementFactory()
    violation = EventFactory(event_type="accusation", agreement=agreement)
    accuser = EventActorFactory(event=violation, role="initiator").actor
    accused = EventActorFactory(event=violation, role="target").actor

    mark = last_id()
    Actor.objects.filter(pk=accused.pk).update(name="Renamed accused")
    assert ("agreement", agreement.pk) in updated_after(mark)

    mark = last_id()
    EventActor.objects.filter(event=violation, actor=accuser).update(role="target")
    assert ("agreement", agreement.pk) in updated_after(mark)

    mark = last_id()
    third = EventActorFactory(event=violation, role="initiator")
    assert ("agreement", agreement.pk) in updated_after(mark)
    mark = last_id()
    third.delete()
    assert ("agreement", agreement.pk) in updated_after(mark)

    # Moving the event to another agreement changes both timelines.
    other = AgreementFactory()
    mark = last_id()
    Event.objects.filter(pk=violation.pk).update(agreement=other)
    assert {("agreement", agreement.pk), ("agreement", other.pk)} <= updated_after(mark)
    mark = last_id()
    Event.objects.filter(pk=violation.pk).update(date=datetime.date(2020, 3, 6))
    assert ("agreement", other.pk) in updated_after(mark)


def test_what_an_agreement_does_not_show_of_its_events_leaves_it_alone():
    agreement = AgreementFactory()
    event = EventFactory(agreement=agreement)
    mark = last_id()
    # A recount, a dispute refresh and a new summary: the event changes, its agreement does not.
    Event.objects.filter(pk=event.pk).update(source_count=3, disputed=True, summary="Recounted")
    assert updated_after(mark) == {("event", event.pk)}

    # Nor does a post's status: the agreement counts its posts, it does not show them.
    post = ObservationPostFactory(agreement=agreement)
    mark = last_id()
    ObservationPost.objects.filter(pk=post.pk).update(status="withdrawn")
    assert updated_after(mark) == {("observation-post", post.pk)}
    mark = last_id()
    records_set_review_status([post], status="rejected")
    assert ("agreement", agreement.pk) in updated_after(mark)


def test_an_event_follows_the_names_of_the_actors_its_accounts_blame():
    event = EventFactory(event_type="airstrike")
    blamed = ActorFactory(name="Blamed elsewhere")  # not among the event's actors
    EvidenceFactory(event=event, blamed=blamed)

    mark = last_id()
    Actor.objects.filter(pk=blamed.pk).update(name="Renamed blamed actor")
    assert updated_after(mark) == {("actor", blamed.pk), ("event", event.pk)}


def test_a_merge_leaves_a_tombstone_naming_the_survivor_and_no_deletion():
    k = sample_knowledge()
    twin = ActorFactory(name="Erdogan, R. T.")
    EventActorFactory(actor=twin)

    mark = last_id()
    actor_merge(target=k.erdogan, others=[twin])
    entries = entries_after(mark)
    assert ("actor", twin.pk, "merged", k.erdogan.pk) in entries
    assert not [e for e in entries if e[:2] == ("actor", twin.pk) and e[2] == "deleted"]
    assert ("actor", k.erdogan.pk, "updated", None) in entries


def test_deleting_an_article_updates_the_events_it_reported():
    k = sample_knowledge()
    mark = last_id()
    article_delete(type(k.strike).objects.filter(pk=k.strike.pk))
    entries = entries_after(mark)
    assert ("article", k.strike.pk, "deleted", None) in entries
    updated = {pk for kind, pk, action, _ in entries if kind == "event" and action == "updated"}
    assert updated == {k.air_strike.pk, k.rejected.pk}  # their evidence and source counts


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one entry per transaction")
def test_postgresql_keeps_one_entry_per_record_and_transaction_the_strongest():
    from django.db import transaction

    mark = last_id()
    with transaction.atomic():
        actor = ActorFactory(name="Faylaq al-Sham")
        Actor.objects.filter(pk=actor.pk).update(affiliation="NLF")
        Actor.objects.filter(pk=actor.pk).update(affiliation="SNA")
    assert entries_after(mark) == [("actor", actor.pk, "created", None)]

    mark = last_id()
    with transaction.atomic():
        Actor.objects.filter(pk=actor.pk).update(affiliation="TUR")
        pk = actor.pk
        actor.delete()
    assert entries_after(mark) == [("actor", pk, "deleted", None)]


def test_a_rolled_back_change_leaves_no_entry():
    from django.db import transaction

    mark = last_id()
    with pytest.raises(RuntimeError), transaction.atomic():
        ActorFactory(name="Never committed")
        raise RuntimeError
    assert entries_after(mark) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
def test_postgresql_numbers_entries_in_commit_order(api):
    """A transaction that wrote first but commits last comes after one that committed
    meanwhile: a client that already read the second still gets the first."""
    import threading

    from django.db import connections, transaction

    start = feed(api)["next_cursor"]
    first_wrote, release = threading.Event(), threading.Event()
    made: dict[str, int] = {}

    def slow_writer():
        try:
            with transaction.atomic():
                made["slow"] = ActorFactory(name="Wrote first, commits last").pk
                first_wrote.set()
                release.wait(10)
        finally:
            connections.close_all()

    slow = threading.Thread(target=slow_writer)
    slow.start()
    try:
        assert first_wrote.wait(10)
        fast = ActorFactory(name="Wrote second, commits first")  # not kept waiting
        page = feed(api, since=start)
        assert [(r["model"], r["id"]) for r in page["results"]] == [("actor", fast.pk)]
    finally:
        release.set()
        slow.join(10)
    later = feed(api, since=page["next_cursor"])
    assert [(r["model"], r["id"]) for r in later["results"]] == [("actor", made["slow"])]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
def test_postgresql_writers_holding_row_locks_do_not_deadlock_on_the_feed():
    """One writer locks a row (as ``article_upsert`` does) before its logged writes, another
    logs a write and then waits for that row: the feed's lock, taken only at commit, is never
    held while waiting for a row, so both commit (taken at the first logged write, the
    second would hold it while the first waited for it: a deadlock)."""
    import threading
    import time

    from django.db import connections, transaction

    article = ArticleFactory()
    locked, done = threading.Event(), {}

    def row_first():
        try:
            with transaction.atomic():
                type(article).objects.select_for_update().get(pk=article.pk)
                locked.set()
                time.sleep(1.5)  # the other writer logs a write and waits for the row
                done["row_first"] = ActorFactory(name="Locked a row, then wrote").pk
        finally:
            connections.close_all()

    first = threading.Thread(target=row_first)
    first.start()
    try:
        assert locked.wait(10)
        with transaction.atomic():
            second = ActorFactory(name="Wrote, then waited for the row")
            type(article).objects.select_for_update().get(pk=article.pk)
    finally:
        first.join(15)
    assert "row_first" in done
    logged = {pk for kind, pk, _, _ in entries_after(0) if kind == "actor"}
    assert {done["row_first"], second.pk} <= logged


def test_the_feed_pages_by_cursor_in_order(api):
    start = cursor_encode(last_position(), feed_epoch())
    k = sample_knowledge()
    everything = feed(api, since=start, limit=1000)
    assert everything["has_more"] is False
    ids = [(row["model"], row["id"]) for row in everything["results"]]
    assert ("actor", k.putin.pk) in ids and ("event", k.meeting.pk) in ids

    first = feed(api, since=start, limit=3)
    assert len(first["results"]) == 3 and first["has_more"] is True
    assert first["next_cursor"] == first["results"][-1]["cursor"]
    rest = feed(api, since=first["next_cursor"], limit=1000)
    assert first["results"] + rest["results"] == everything["results"]

    row = first["results"][0]
    assert set(row) == {"cursor", "model", "id", "action", "merged_into", "at", "url"}
    assert row["url"].endswith(f"/api/v1/{row['model']}s/{row['id']}/")
    assert api.get(row["url"]).status_code == 200

    # Nothing new: the same cursor back, no results.
    tail = feed(api, since=everything["next_cursor"])
    assert tail == {"results": [], "next_cursor": everything["next_cursor"], "has_more": False}
    Actor.objects.filter(pk=k.hts.pk).update(affiliation="SYR")
    new = feed(api, since=everything["next_cursor"])
    assert [(r["model"], r["id"], r["action"]) for r in new["results"]] == [
        ("actor", k.hts.pk, "updated")
    ]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"since": "not-a-cursor"}, "since"),
        ({"since": "YzI6MQ"}, "since"),  # "c2:1": another version's cursor
        ({"limit": "0"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"page": "2"}, "page"),
    ],
)
def test_bad_parameters_are_refused_by_name(api, params, name):
    response = api.get("/api/v1/changes/", params)
    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_a_cursor_ahead_of_the_feed_or_of_another_feed_is_refused(api):
    ActorFactory()
    epoch = feed_epoch()
    last = last_position()
    assert feed(api, since=cursor_encode(last, epoch))["results"] == []
    for cursor in (cursor_encode(last + 10, epoch), cursor_encode(last, "12ab")):
        response = api.get("/api/v1/changes/", {"since": cursor})
        assert response.status_code == 400
        assert "another copy of the database" in response.json()["since"][0]


def test_an_unknown_format_is_a_404_naming_the_formats(api):
    response = api.get("/api/v1/changes/", {"format": "csv"})
    assert response.status_code == 404
    assert "json" in response.json()["detail"]


def test_writes_to_the_feed_are_refused(api):
    assert api.post("/api/v1/changes/", {}).status_code in (401, 403, 405)


LISTS = {
    "actor": "/api/v1/actors/",
    "agreement": "/api/v1/agreements/",
    "place": "/api/v1/places/",
    "observation-post": "/api/v1/observation-posts/",
    "article": "/api/v1/articles/",
    "event": "/api/v1/events/",
    "quotation": "/api/v1/quotations/",
}


def test_every_published_type_has_a_list_with_modified_after():
    assert {f.name for f in feeds()} == set(LISTS)


def quotation_add(k, article):
    return Quotation.objects.create(
        article=article,
        speaker=k.putin,
        text="we agreed",
        text_start=0,
        text_end=9,
        quote="Putin said: we agreed.",
        start=0,
        end=22,
    )


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_modified_after_lists_what_changed_since(api, kind):
    k = sample_knowledge()
    quotation_add(k, k.summit)
    quotation_add(k, k.strike)
    model = model_of(next(f for f in feeds() if f.name == kind))
    rows = list(
        model.objects.exclude(review_status="rejected").order_by("pk")[:2]
        if hasattr(model, "review_status")
        else model.objects.order_by("pk")[:2]
    )
    assert len(rows) == 2
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Change.objects.filter(record_type=kind).update(at=an_hour_ago)
    since = timezone.now() - datetime.timedelta(minutes=1)
    model.objects.filter(pk=rows[1].pk).update(updated_at=timezone.now())  # bulk, no save()

    response = api.get(LISTS[kind], {"modified_after": since.isoformat()})
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["results"]] == [rows[1].pk]
    everything = api.get(LISTS[kind], {"modified_after": "2000-01-01T00:00:00Z"}).json()
    assert everything["count"] == api.get(LISTS[kind]).json()["count"] >= 2


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01T00:00:00Z", "1700000000"])
def test_modified_after_refuses_what_is_not_a_timestamp(api, value):
    response = api.get("/api/v1/events/", {"modified_after": value})
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["modified_after"][0]


def test_the_triggers_match_the_declarations():
    from apps.core.change_triggers import install

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'kb\\_change\\_%%' "
                "AND tgname <> 'kb_change_commit'"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'kb\\_change\\_%%' ESCAPE '\\'"
            )
        before = cursor.fetchone()[0]
    assert before == install(feeds(), follows())
    tables = {(f.source, op) for f in follows() for op in f.ops}
    assert before >= len({t for t, _ in tables})


def test_the_schema_documents_modified_after_and_the_feed(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    for path in LISTS.values():
        params = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert params["modified_after"]["schema"]["format"] == "date-time", path
    feed_params = schema["paths"]["/api/v1/changes/"]["get"]["parameters"]
    assert {p["name"] for p in feed_params} == {"since", "limit"}


def test_the_browse_pages_filter_by_modified_after_too(client):
    k = sample_knowledge()
    later = client.get("/events/", {"modified_after": "2100-01-01T00:00:00Z"})
    assert later.status_code == 200 and list(later.context["object_list"]) == []
    since_2000 = client.get("/events/", {"modified_after": "2000-01-01T00:00"})
    assert k.meeting in list(since_2000.context["object_list"])
