"""A copy kept in sync through the change feed ends identical to the source.

The mirror knows only the public API: it replays ``/api/v1/changes/`` from its saved cursor,
fetching each created or changed record from its detail endpoint and dropping deleted, merged
and rejected ones. After a series of edits (API corrections, a rejection, an admin action,
merges, an event split, a deletion, a re-ingestion, a recount, bulk updates; then renames and
role changes that only an agreement's timeline or an event's accounts show) it must hold
exactly what the list endpoints list, each record as its detail endpoint gives it now.

Committed for real (``transaction=True``), as a mirror sees it: one transaction per write.
"""

from __future__ import annotations

import shutil

import pytest
from django.db.models import Count

from apps.actors.models import Actor
from apps.agreements.models import Agreement
from apps.articles.models import Article
from apps.core.merging import actor_merge, agreement_merge
from apps.events.models import Event, EventActor, Evidence
from apps.events.services import article_delete, evidence_delete
from apps.events.splitting import event_split
from apps.ingestion.services import ingest_path
from apps.places.models import Place, PlaceAlias
from tests.api.helpers import token_client
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    EventActorFactory,
    EventFactory,
    EvidenceFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

LISTS = {
    "article": "/api/v1/articles/",
    "actor": "/api/v1/actors/",
    "agreement": "/api/v1/agreements/",
    "place": "/api/v1/places/",
    "observation-post": "/api/v1/observation-posts/",
    "event": "/api/v1/events/",
    "quotation": "/api/v1/quotations/",
}


class Mirror:
    """A client's copy: ``(model, id) -> detail payload``, and where it stopped reading."""

    def __init__(self, api):
        self.api = api
        self.records: dict[tuple[str, int], dict] = {}
        self.merged: dict[tuple[str, int], int] = {}
        self.cursor: str | None = None

    def replay(self, limit: int = 200) -> int:
        """Apply every entry after the cursor; returns how many there were."""
        seen = 0
        while True:
            params = {"limit": limit, **({"since": self.cursor} if self.cursor else {})}
            response = self.api.get("/api/v1/changes/", params)
            assert response.status_code == 200, response.content
            page = response.json()
            # A page may name a record several times: its last entry says what to do.
            last = {}
            for entry in page["results"]:
                key = (entry["model"], entry["id"])
                if entry["action"] == "merged":
                    self.merged[key] = entry["merged_into"]
                last.pop(key, None)
                last[key] = entry
            for entry in last.values():
                self.apply(entry)
            seen += len(page["results"])
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                return seen

    def apply(self, entry: dict) -> None:
        key = (entry["model"], entry["id"])
        if entry["action"] in ("deleted", "merged"):
            self.records.pop(key, None)
            return
        response = self.api.get(entry["url"])
        if response.status_code == 404:  # gone by now: a later entry says so too
            self.records.pop(key, None)
            return
        assert response.status_code == 200, response.content
        record = response.json()
        if record.get("review_status") == "rejected":  # lists leave rejected records out
            self.records.pop(key, None)
        else:
            self.records[key] = record


def listed(api) -> dict[tuple[str, int], dict]:
    """Every record every list endpoint gives, as the list gives it."""
    rows = {}
    for model, url in LISTS.items():
        params = {"page_size": 500}
        while url:
            page = api.get(url, params).json()
            rows.update({(model, item["id"]): item for item in page["results"]})
            url, params = page["next"], None
    return rows


def assert_identical(mirror: Mirror, api) -> None:
    source = listed(api)
    assert sorted(mirror.records) == sorted(source)
    for (model, pk), item in source.items():
        copy = mirror.records[(model, pk)]
        assert {field: copy[field] for field in item} == item, (model, pk)
        assert copy == api.get(f"{LISTS[model]}{pk}/").json(), (model, pk)


def test_a_mirror_replaying_the_feed_ends_identical_to_the_source(
    api, admin_client, seed_files, tmp_path
):
    for path in seed_files[:3]:
        ingest_path(path)
    mirror = Mirror(api)
    first = mirror.replay()
    assert first > 0 and len(mirror.records) > 10
    assert_identical(mirror, api)
    assert mirror.replay() == 0  # nothing new

    # The actor in the most events, and events it has no part in for the other edits: its
    # events change only because they show its name.
    actor = Actor.objects.annotate(n=Count("event_links")).filter(n__gte=2).order_by("-n", "pk")[0]
    own = set(Event.objects.filter(actor_links__actor=actor).values_list("pk", flat=True))
    others = Event.objects.exclude(pk__in=own).filter(actor_links__isnull=False).order_by("pk")
    event = others[0]

    # An editor's corrections through the API: a name every payload that shows it must carry.
    editor, _ = token_client("actors.change_actor", "events.change_event")
    response = editor.patch(f"/api/v1/actors/{actor.pk}/", {"name": "Renamed actor"}, "json")
    assert response.status_code == 200, response.content
    assert mirror.replay() >= 1 + len(own)
    assert_identical(mirror, api)
    response = editor.patch(f"/api/v1/events/{event.pk}/", {"summary": "Corrected"}, "json")
    assert response.status_code == 200, response.content

    # A rejection through the API.
    rejected = others.exclude(pk=event.pk).order_by("-pk").first()
    response = editor.patch(f"/api/v1/events/{rejected.pk}/", {"review_status": "rejected"}, "json")
    assert response.status_code == 200, response.content

    # Merges: a duplicate actor with a role in an event, a duplicate agreement with an event.
    twin = ActorFactory(name="Twin of the renamed actor")
    EventActorFactory(event=others[1], actor=twin)
    actor_merge(target=Actor.objects.get(pk=actor.pk), others=[twin])
    kept = Agreement.objects.order_by("pk").first() or AgreementFactory()
    copy = AgreementFactory(name="A second record of the same agreement")
    Event.objects.filter(pk=event.pk).update(agreement=copy)
    agreement_merge(target=kept, others=[copy])

    # A deletion, a recount, bulk updates that bypass save().
    article_delete(Article.objects.filter(pk=Article.objects.order_by("pk").first().pk))
    evidence_delete(Evidence.objects.filter(pk=Evidence.objects.order_by("pk").first().pk))
    Event.objects.filter(pk__in=Event.objects.order_by("-pk").values("pk")[:2]).update(
        summary="Edited in bulk"
    )
    Place.objects.filter(pk__in=Event.objects.exclude(place=None).values("place")[:1]).update(
        name="Renamed place"
    )
    EventActor.objects.filter(event=event).update(role="target")

    # An editor in admin rejects an actor with a bulk action, and splits an event's evidence
    # out into a new event.
    unwanted = Actor.objects.exclude(pk=actor.pk).filter(event_links__isnull=False).first()
    response = admin_client.post(
        "/admin/actors/actor/", {"action": "reject_selected", "_selected_action": [unwanted.pk]}
    )
    assert response.status_code == 302
    assert Actor.objects.get(pk=unwanted.pk).review_status == "rejected"
    shared = Event.objects.filter(evidence__isnull=False).order_by("-pk").first()
    extra = EvidenceFactory(
        event=shared, article=Article.objects.order_by("-pk").first(), quote="a second report"
    )
    event_split(shared, [extra.pk])

    # A violation of an agreement, and an account that blames an actor the event does not
    # list: the agreement's timeline names the accuser and the accused, the account the blamed.
    pact = AgreementFactory(name="A ceasefire violated")
    violation = EventFactory(event_type="accusation", agreement=pact)
    accuser = EventActorFactory(event=violation, role="initiator").actor
    accused = EventActorFactory(event=violation, role="target").actor
    blamed = ActorFactory(name="Blamed by one account")
    EvidenceFactory(event=violation, blamed=blamed, quote="blamed on a third party")

    # A new article, then the same file changed and ingested again.
    copied = tmp_path / seed_files[3].name
    shutil.copy(seed_files[3], copied)
    ingest_path(copied)
    copied.write_text(seed_files[3].read_text() + "\n\n" + seed_files[4].read_text())
    ingest_path(copied)

    saved = mirror.cursor
    replayed = mirror.replay(limit=7)  # small pages: a record's entries fall on several
    assert 0 < replayed < first + 1000
    assert_identical(mirror, api)
    assert mirror.merged[("actor", twin.pk)] == actor.pk
    assert mirror.merged[("agreement", copy.pk)] == kept.pk
    assert ("event", rejected.pk) not in mirror.records
    assert mirror.records[("event", event.pk)]["summary"] == "Corrected"
    assert "Renamed place" in {
        place["name"] for (kind, _), place in mirror.records.items() if kind == "place"
    }
    assert ("actor", unwanted.pk) not in mirror.records

    # Replaying again from the saved cursor changes nothing: entries can be replayed twice.
    mirror.cursor = saved
    before = dict(mirror.records)
    mirror.replay()
    assert mirror.records == before

    # Changes that only a timeline or an account shows, one at a time.
    timeline = mirror.records[("agreement", pact.pk)]["timeline"]
    step = next(row for row in timeline if row["event"] == violation.pk)
    assert step["accused"] == [{"id": accused.pk, "name": accused.name}]
    Actor.objects.filter(pk=accused.pk).update(name="Renamed accused")
    assert mirror.replay() > 0
    assert_identical(mirror, api)
    EventActor.objects.filter(event=violation, actor=accuser).update(role="target")
    assert mirror.replay() > 0
    assert_identical(mirror, api)
    step = next(
        row
        for row in mirror.records[("agreement", pact.pk)]["timeline"]
        if row["event"] == violation.pk
    )
    assert {actor["id"] for actor in step["accused"]} == {accuser.pk, accused.pk}
    Actor.objects.filter(pk=blamed.pk).update(name="Renamed blamed actor")
    assert mirror.replay() > 0
    assert_identical(mirror, api)
    accounts = mirror.records[("event", violation.pk)]["accounts"]
    assert {"id": blamed.pk, "name": "Renamed blamed actor"} in [a["blamed"] for a in accounts]

    # The gazetteer too: a place's new alias.
    place = Place.objects.order_by("pk").first()
    PlaceAlias.objects.create(place=place, alias="A new spelling")
    assert mirror.replay() > 0
    assert_identical(mirror, api)
    assert "A new spelling" in mirror.records[("place", place.pk)]["aliases"]
