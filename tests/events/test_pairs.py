"""The stored counts of events two actors share (apps/events/pairs.py) give exactly what
counting the links at each read gave, after every kind of write the product makes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from apps.actors.models import Actor
from apps.actors.selectors import actor_co_actors, actor_visible
from apps.articles.models import Article
from apps.core.choices import ReviewStatus
from apps.core.merging import actor_merge
from apps.core.services import records_set_review_status
from apps.events.models import ActorPair, ActorPairDelta, Event, EventActor, Evidence
from apps.events.pairs import COUNT_SQL, actor_pairs_rebuild, actor_pairs_triggers_install
from apps.events.services import article_delete, event_actor_update
from apps.events.splitting import event_split
from apps.ingestion.persist.extraction import article_extract
from apps.ingestion.services import ingest_path
from tests.api.helpers import token_client
from tests.factories import (
    ActorFactory,
    EventActorFactory,
    EventFactory,
    EvidenceFactory,
    sample_knowledge,
)

pytestmark = pytest.mark.django_db


def reference(actor: Actor) -> list[tuple[int, int]]:
    """Co-actors counted from the links at each read: the query the stored counts replaced."""
    rejected = actor.events.filter(review_status=ReviewStatus.REJECTED).values("pk")
    shared = actor.event_links.exclude(event__in=rejected).order_by().values("event_id")
    return list(
        actor_visible()
        .exclude(pk=actor.pk)
        .filter(event_links__event_id__in=shared)
        .annotate(n=Count("event_links__event_id", distinct=True))
        .order_by("-n", "name", "id")
        .values_list("pk", "n")
    )


def stored(actor: Actor) -> list[tuple[int, int]]:
    return [(other.pk, other.shared_event_count) for other in actor_co_actors(actor)]


def from_scratch() -> list[tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(COUNT_SQL)
        return sorted(cursor.fetchall())


def assert_exact(step: str) -> None:
    """Every actor's co-actors (ids, counts, order) are the reference's; once every actor's
    changes are folded in, the table holds the counts from scratch and nothing is pending."""
    for actor in Actor.objects.order_by("pk"):
        assert stored(actor) == reference(actor), (step, actor.pk, actor.name)
    # (A test database emptied by ``flush`` may keep changes of actors gone for good.)
    pending = ActorPairDelta.objects.filter(actor_id__in=Actor.objects.values("pk"))
    assert not pending.exists(), step
    rows = sorted(ActorPair.objects.values_list("actor_id", "other_id", "shared"))
    assert rows == from_scratch(), step


def linked_event(min_actors: int = 2, **filters) -> Event:
    return (
        Event.objects.filter(**filters)
        .annotate(n=Count("actor_links__actor", distinct=True))
        .filter(n__gte=min_actors)
        .order_by("pk")
        .first()
    )


def test_the_counts_follow_every_write_exactly(seed_files, admin_client):
    k = sample_knowledge()
    assert_exact("sample knowledge")
    assert stored(k.putin) == [(k.erdogan.pk, 2)]

    for path in seed_files:  # ingestion: new events, and reports merged into stored ones
        assert ingest_path(path).outcome == "created"
    assert EventActor.objects.count() > 40
    assert_exact("ingested")

    # Links added and removed by an editor; an actor given a second role in one event.
    event = linked_event()
    actors = list(Actor.objects.exclude(event_links__event=event).order_by("pk")[:2])
    event_actor_update(EventActor(event=event, actor=actors[0], role="target"), changes={})
    assert_exact("link added")
    taken = event.actor_links.order_by("pk").first()
    second = "initiator" if taken.role != "initiator" else "target"
    event_actor_update(EventActor(event=event, actor=taken.actor, role=second), changes={})
    assert_exact("second role")
    taken.delete()
    assert_exact("first role removed")
    EventActor.objects.get(event=event, actor=actors[0]).delete()
    assert_exact("link removed")

    # Rejected and restored through the API, then through the admin's bulk actions.
    editor, _ = token_client("events.change_event")
    url = f"/api/v1/events/{event.pk}/"
    assert editor.patch(url, {"review_status": "rejected"}, format="json").status_code == 200
    assert_exact("rejected through the API")
    assert editor.patch(url, {"review_status": "verified"}, format="json").status_code == 200
    assert_exact("restored through the API")
    chosen = [e.pk for e in Event.objects.order_by("pk")[:6]]
    changelist = reverse("admin:events_event_changelist")
    for action in ("reject_selected", "unreview_selected", "verify_selected"):
        response = admin_client.post(changelist, {"action": action, "_selected_action": chosen})
        assert response.status_code == 302
        assert_exact(action)
    records_set_review_status([k.rejected], status=ReviewStatus.VERIFIED)
    EventActorFactory(event=k.rejected, actor=k.saa)
    assert_exact("a rejected event restored, then linked")
    records_set_review_status(Event.objects.filter(pk=k.rejected.pk), status="rejected")
    assert_exact("rejected again")

    # The API replaces an event's actors.
    event = linked_event(3) or linked_event()
    keep = event.actor_links.order_by("pk").first()
    body = {"actors": [{"id": keep.actor_id, "role": keep.role}, {"id": k.hts.pk}]}
    response = editor.patch(f"/api/v1/events/{event.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    assert_exact("actors replaced through the API")

    # Evidence split out of an event: the new event copies its actors.
    event = linked_event()
    EvidenceFactory(event=event, article=k.protocol, quote="Another report", start=500)
    moved = Evidence.objects.filter(event=event).order_by("pk").last()
    event_split(event, [moved.pk])
    assert_exact("split")

    # Two actors merged: links moved, links that would repeat one dropped, the other deleted.
    shared = linked_event()
    first, second = (link.actor for link in shared.actor_links.order_by("pk")[:2])
    # (two curated entries would be merged in the dictionary instead)
    Actor.objects.filter(pk=second.pk).update(dictionary_key=None)
    actor_merge(target=first, others=[second])
    assert_exact("merged")

    # Events deleted: in the admin, as re-extraction removes them, and by a queryset.
    event = linked_event()
    response = admin_client.post(
        reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and not Event.objects.filter(pk=event.pk).exists()
    assert_exact("deleted in the admin")
    Event.objects.filter(pk=linked_event().pk).delete()
    assert_exact("deleted")
    article = Article.objects.exclude(source_path="").order_by("pk").first()
    article.body = article.body.split("\n\n")[0]  # most of its events are no longer reported
    article.save()
    article_extract(article, force=True)
    assert_exact("re-extracted")

    # Articles deleted, through the service and the admin (their evidence goes with them).
    article_delete(Article.objects.filter(pk=k.strike.pk))
    assert_exact("article deleted")
    article = Article.objects.order_by("-pk").first()
    response = admin_client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert_exact("article deleted in the admin")

    # Rows written in bulk: several links to one event in one statement, one actor in two
    # roles among them, and a link that already exists skipped.
    a, b, c = ActorFactory(), ActorFactory(), ActorFactory()
    fresh = EventFactory()
    EventActor.objects.bulk_create(
        [
            EventActor(event=fresh, actor=a, role="initiator"),
            EventActor(event=fresh, actor=b, role="target"),
            EventActor(event=fresh, actor=a, role="participant"),
            EventActor(event=fresh, actor=c, role="participant"),
            EventActor(event=k.meeting, actor=a, role="participant"),
        ]
    )
    assert_exact("bulk created")
    EventActor.objects.bulk_create(
        [
            EventActor(event=fresh, actor=b, role="target"),
            EventActor(event=fresh, actor=b, role="participant"),
        ],
        ignore_conflicts=True,
    )
    assert_exact("bulk created, a conflict skipped")

    # Bulk updates: every link of an event to one actor, then links moved to another event.
    EventActor.objects.filter(event=fresh, role__in=["initiator", "target"]).update(actor=c)
    assert_exact("actors of an event updated at once")
    there = fresh.actor_links.values("actor_id")
    assert EventActor.objects.filter(event=k.meeting).exclude(actor__in=there).update(event=fresh)
    assert_exact("links moved to another event")
    EventActor.objects.filter(event=fresh).delete()
    assert_exact("every link of an event deleted at once")

    # An actor rejected (left out of others' lists), then deleted with its links.
    Actor.objects.filter(pk=k.saa.pk).update(review_status="rejected")
    assert_exact("actor rejected")
    busiest = Actor.objects.annotate(n=Count("event_links")).order_by("-n", "pk").first()
    busiest.delete()
    assert_exact("actor deleted")


def test_a_statement_changing_many_rows_counts_each_row_after_the_ones_before():
    """One UPDATE moving two links of an event onto one actor, one DELETE of an event whose
    links go after it (its own trigger counts them out first), one INSERT of many links."""
    a, b, c, d = (ActorFactory(name=name) for name in "ABCD")
    one, two = EventFactory(), EventFactory()
    for actor, role in ((a, "initiator"), (b, "target"), (c, "participant")):
        EventActorFactory(event=one, actor=actor, role=role)
    EventActorFactory(event=two, actor=a)
    EventActorFactory(event=two, actor=d)
    assert stored(a) == [(b.pk, 1), (c.pk, 1), (d.pk, 1)]
    EventActor.objects.filter(event=one, actor__in=[a, b]).update(actor=d)
    assert_exact("two links onto one actor")
    assert stored(d) == [(a.pk, 1), (c.pk, 1)]
    with connection.cursor() as cursor:  # the event first, its links after (deferred keys)
        cursor.execute("DELETE FROM events_event WHERE id = %s", [one.pk])
        cursor.execute("DELETE FROM events_eventactor WHERE event_id = %s", [one.pk])
    assert_exact("event deleted before its links")
    assert stored(d) == [(a.pk, 1)]
    with connection.cursor() as cursor:  # and written back under its links (as a restore may)
        cursor.execute("DELETE FROM events_event WHERE id = %s", [two.pk])
    assert stored(d) == []
    two.save(force_insert=True)
    assert_exact("event written back under its links")
    assert stored(d) == [(a.pk, 1)]


def test_the_counts_are_rebuilt_from_scratch_and_the_triggers_reinstalled():
    k = sample_knowledge()
    ActorPair.objects.filter(actor=k.putin).update(shared=7)
    assert actor_pairs_rebuild() == len(from_scratch())
    assert stored(k.putin) == [(k.erdogan.pk, 2)]
    assert actor_pairs_triggers_install() == 7
    EventActorFactory(event=k.air_strike, actor=k.putin)
    assert_exact("after the triggers were installed again")


def test_a_fold_leaves_no_zero_and_ignores_changes_held_for_a_deleted_actor():
    k = sample_knowledge()
    stored(k.putin)
    EventActor.objects.filter(event=k.meeting, actor=k.erdogan).delete()
    EventActor.objects.filter(event=k.ceasefire, actor=k.erdogan).delete()
    assert stored(k.putin) == []
    assert not ActorPair.objects.filter(actor=k.putin).exists()
    EventActorFactory(event=k.meeting, actor=k.hts)
    assert stored(k.putin) == [(k.hts.pk, 1)]
    hts = k.hts.pk
    k.hts.delete()  # its pairs go with it; the change held for Putin names an actor gone
    assert ActorPairDelta.objects.filter(actor_id=k.putin.pk, other_id=hts).exists()
    assert not ActorPairDelta.objects.filter(actor_id=hts).exists()  # its own went with it
    assert stored(k.putin) == []
    assert_exact("deleted actor")


def pair_triggers() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'kb\\_pairs\\_%%'")
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'kb\\_pairs\\_%%' ESCAPE '\\'"
            )
        return cursor.fetchone()[0]


def test_migrated_back_to_before_the_counts_the_triggers_go(monkeypatch):
    assert pair_triggers() == 7
    tables = connection.introspection.table_names()
    monkeypatch.setattr(
        connection.introspection,
        "table_names",
        lambda *args, **kwargs: [t for t in tables if t != ActorPairDelta._meta.db_table],
    )
    assert actor_pairs_triggers_install() == 0
    assert pair_triggers() == 0  # they would write to a table that is gone
    monkeypatch.undo()
    assert actor_pairs_triggers_install() == 7 and pair_triggers() == 7
