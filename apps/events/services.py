"""Writes to events: editors' corrections, and the upsert of one article's extracted events.

Editors win (``apps.core.review``): re-extraction never changes an event an editor verified
or corrected, never revives one an editor rejected, and never touches an actor link an editor
set. The same real event reported by two articles is one Event with one Evidence row per
article sentence; ``source_count`` counts the distinct articles.

The stored copies (an event's ``source_count``, its actor links' ``event_date``) change only
here, with what they count: ``event_update`` re-dates the links, ``evidence_move``,
``evidence_delete`` and ``article_delete`` recount the events whose evidence they change, and
the upsert shifts both for the events it touches. Admin and API edits call these services.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from apps.core.bulk import history_rows, rows_insert
from apps.core.choices import Provenance, ReviewStatus
from apps.core.review import is_protected, is_rejected
from apps.core.services import record_editor_update
from apps.core.text import quote_locate

from .matching import EventInput, best_match, event_family, event_fingerprint, evidence_blamed
from .models import Event, EventActor, Evidence, Role
from .selectors import event_actor_links, event_candidates, events_cited_by
from .sources import events_dispute_refresh

UPDATABLE_FIELDS = [
    "event_type",
    "cameo_code",
    "acled_event_type",
    "acled_sub_event_type",
    "date",
    "date_precision",
    "end_date",
    "date_expression",
    "date_is_relative",
    "summary",
    "place",
    "location_text",
    "fatalities",
    "wounded",
    "agreement",
    "observation_post",
    "fingerprint",
    "extractor_version",
]


_UPDATABLE = [Event._meta.get_field(name) for name in UPDATABLE_FIELDS]
# Table names for the statements written as SQL.
_EVENTS, _LINKS, _EVIDENCE = (
    f'"{model._meta.db_table}"' for model in (Event, EventActor, Evidence)
)


# Editors' corrections ------------------------------------------------------------------


@transaction.atomic
def event_update(
    event: Event, *, changes: dict, actors: list[tuple[int, str]] | None = None, user=None
) -> Event:
    """Apply an editor's changes; the event is then protected from re-extraction and its
    actor links' ``event_date`` (read by the (actor, date) index) follows its date.

    ``actors``, when given, is the event's whole list of (actor id, role): links not in it
    are deleted, new ones stored as an editor's (``event_actor_update``), as the admin's
    inline does; re-extraction leaves the links of a corrected event alone."""
    if user is not None:
        event._history_user = user  # so the history row names the editor
    record_editor_update(event, changes=changes, user=user)
    if actors is not None:
        _actors_replace(event, actors, user=user)
    event.actor_links.exclude(event_date=event.date).update(event_date=event.date)
    return event


def _actors_replace(event: Event, actors: list[tuple[int, str]], *, user=None) -> None:
    wanted = list(dict.fromkeys(actors))
    stored = {(link.actor_id, link.role): link for link in event.actor_links.all()}
    for key, link in stored.items():
        if key not in wanted:
            link._history_user = user
            link.delete()
    for actor_id, role in wanted:
        if (actor_id, role) not in stored:
            link = EventActor(event=event, actor_id=actor_id, role=role)
            event_actor_update(link, changes={}, user=user)


@transaction.atomic
def event_actor_update(link: EventActor, *, changes: dict, user=None) -> EventActor:
    """Apply an editor's changes to an actor link, or store a new one; either way its
    ``event_date`` is then the date of the event it belongs to."""
    for field, value in changes.items():
        setattr(link, field, value)
    return record_editor_update(link, changes={"event_date": link.event.date}, user=user)


@transaction.atomic
def event_actor_set_role(link: EventActor, *, role: str, user=None) -> EventActor:
    """Change an actor's role in an event; re-extraction keeps the editor's choice."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    link.role = role
    link.editor_modified = True
    if user is not None:
        link._history_user = user
    link.full_clean(validate_unique=False)
    link.save()
    return link


# Persisting extracted events -------------------------------------------------------------


def _apply(event: Event, item: EventInput, version: str) -> bool:
    """Set the extracted values on ``event``; True when any of them changed."""
    before = [getattr(event, f.attname) for f in _UPDATABLE]
    event.event_type = item.event_type
    event.cameo_code = item.cameo_code
    event.acled_event_type = item.acled_event_type
    event.acled_sub_event_type = item.acled_sub_event_type
    event.date = item.date
    event.date_precision = item.date_precision
    event.end_date = item.end_date
    event.date_expression = item.date_expression[:100]
    event.date_is_relative = item.date_is_relative
    event.summary = item.summary
    event.place_id = item.place_id
    event.location_text = item.location_text[:200]
    event.agreement_id = item.agreement_id
    event.observation_post_id = item.post_id
    event.fatalities = item.fatalities
    event.wounded = item.wounded
    event.fingerprint = event_fingerprint(item)
    event.extractor_version = version
    return before != [getattr(event, f.attname) for f in _UPDATABLE]


def _fill_gaps(event: Event, item: EventInput) -> bool:
    """Complete an event another article created with what this report adds; never overwrite."""
    changed = False
    for field, value in (
        ("place_id", item.place_id),
        ("agreement_id", item.agreement_id),
        ("observation_post_id", item.post_id),
        ("fatalities", item.fatalities),
        ("wounded", item.wounded),
    ):
        if getattr(event, field) is None and value is not None:
            setattr(event, field, value)
            changed = True
    if event.date is None and item.date is not None:
        event.date, event.date_precision, event.end_date = (
            item.date,
            item.date_precision,
            item.end_date,
        )
        event.date_expression = item.date_expression[:100]
        event.date_is_relative = item.date_is_relative
        changed = True
    return changed


# No savepoint of its own: it runs inside the caller's transaction (an article's extraction).
@transaction.atomic(savepoint=False)
def events_upsert_for_article(
    article, items: list[EventInput], *, version: str, new: bool = False
) -> dict:
    """Make the article's events match ``items``, respecting editors' work.

    A bounded number of queries whatever the number of events: the article's existing
    evidence and the candidate events of other articles are read once, and every write is a
    bulk operation. ``new`` says the article's row was inserted by the running transaction,
    so it has no evidence yet and none is read.
    """
    stats = defaultdict(int)
    own_evidence = []
    if not new:
        own_evidence = list(
            Evidence.objects.filter(article=article).select_related("event").order_by("start", "pk")
        )
    own_events = {ev.event_id: ev.event for ev in own_evidence}
    by_span: dict[tuple[int, str], Event] = {}
    by_fingerprint: dict[str, Event] = {}
    for ev in own_evidence:
        by_span.setdefault((ev.start, ev.event.event_type), ev.event)
        by_span.setdefault((ev.start, event_family(ev.event)), ev.event)
        if ev.event.fingerprint:
            by_fingerprint.setdefault(ev.event.fingerprint, ev.event)

    # Candidate events reported by other articles, and the actor links of every event this
    # article may touch, read once: ``_links_sync`` works from them too.
    others, links_of = event_candidates(items, set(own_events))
    if own_events:
        for pk, links in event_actor_links(own_events.keys()).items():
            links_of.setdefault(pk, []).extend(links)
    actors_of = {pk: {link.actor_id for link in links} for pk, links in links_of.items()}

    to_create: list[tuple[Event, EventInput]] = []
    to_update: dict[int, Event] = {}
    kept: set[int] = set()
    linked: list[tuple[Event, EventInput]] = []  # events whose links follow the extraction
    evidence_for: list[tuple[Event, EventInput]] = []
    claimed: dict[int, set[str]] = {}  # events of other articles this one reports: their types
    for item in items:
        event = (
            by_span.get((item.start, item.event_type))
            or by_span.get((item.start, item.family))
            or by_fingerprint.get(event_fingerprint(item))
        )
        own = event is not None
        if event is None:
            # Sees what earlier items filled in on the events they matched (``_fill_gaps``).
            # An event another sentence of this article already reports takes this one too
            # only when it tells an event of the same type: the article tells a different act
            # in another sentence with another verb ("34 died in an air strike last week" is
            # not the clashes its lead reports).
            event = best_match(
                [e for e in others if item.event_type in claimed.get(e.pk, {item.event_type})],
                item,
                actors_of,
            )
            if event is not None:
                claimed.setdefault(event.pk, set()).add(item.event_type)
        if event is not None and event.pk in kept and own:
            continue  # two triggers of one sentence resolved to the same stored event
        if event is None:
            event = Event(
                review_status=ReviewStatus.EXTRACTED,
                provenance=Provenance.EXTRACTOR,
                source_count=1,
            )
            _apply(event, item, version)
            to_create.append((event, item))
            stats["created"] += 1
            continue
        kept.add(event.pk)
        evidence_for.append((event, item))
        if is_rejected(event):
            stats["rejected_kept"] += 1
        elif own and not is_protected(event):
            if _apply(event, item, version):  # unchanged events get no new history row
                to_update[event.pk] = event
                stats["updated"] += 1
            else:
                stats["unchanged"] += 1
            linked.append((event, item))
        elif not event.editor_modified and event.date is None and item.date is not None:
            # A verified but undated event gets its date once the article's date is known.
            _fill_gaps(event, item)
            to_update[event.pk] = event
            stats["dated"] += 1
        elif not own and not is_protected(event):
            if _fill_gaps(event, item):
                to_update[event.pk] = event
            linked.append((event, item))
            stats["merged"] += 1
        else:
            stats["protected"] += 1

    if to_create:
        _events_insert([event for event, _ in to_create])
        for event, item in to_create:
            evidence_for.append((event, item))
            linked.append((event, item))
    if to_update:
        bulk_update_with_history(list(to_update.values()), Event, UPDATABLE_FIELDS, batch_size=500)

    _links_sync(
        linked, own_ids=set(own_events), new_ids={e.pk for e, _ in to_create}, links_of=links_of
    )
    _evidence_sync(article, evidence_for, first_time=not own_evidence)
    stats["removed"] = _stale_remove(article, own_events, kept)

    # Events created just now are cited once and their links carry their date already.
    created = {event.pk for event, _ in to_create}
    if own_evidence:  # re-extraction: the sync above may have kept or dropped any of them
        cited_now = events_cited_by([article.pk])
    else:
        cited_now = {event.pk for event, _ in evidence_for}
    _sources_shift(gained=cited_now - set(own_events) - created, lost=set(own_events) - cited_now)
    _link_dates_refresh(set(to_update) - created)
    stats["events"] = len({e.pk for e, _ in evidence_for})
    return dict(stats)


_EVENT_COLUMNS = [f.attname for f in Event._meta.concrete_fields if not f.primary_key]


def _events_insert(events: list[Event]) -> None:
    """Insert new events and their history rows ("created"), setting their ids."""
    now = timezone.now()
    for event in events:
        event.created_at = event.updated_at = now
    ids = rows_insert(
        Event,
        [{name: getattr(e, name) for name in _EVENT_COLUMNS} for e in events],
        return_ids=True,
    )
    for event, pk in zip(events, ids, strict=True):
        event.pk = pk
        event._state.adding = False
    history_rows(Event, events)


def _links_sync(
    linked: list[tuple[Event, EventInput]],
    *,
    own_ids: set[int],
    new_ids: set[int] = frozenset(),
    links_of: dict[int, list] | None = None,
) -> None:
    """Actor links follow the extraction for unprotected events; editors' links stay.

    Links of this article's own events are replaced; events of other articles only gain the
    actors this report adds. ``links_of`` holds the stored links of the events, when the
    caller has read them already.
    """
    if not linked:
        return
    event_ids = {event.pk for event, _ in linked} - set(new_ids)  # events just made have none
    existing = defaultdict(dict)
    if links_of is not None and event_ids <= links_of.keys() | own_ids:
        stored = (link for pk in event_ids for link in links_of.get(pk, ()))
    else:
        stored = EventActor.objects.filter(event_id__in=event_ids) if event_ids else ()
    for link in stored:
        existing[link.event_id][(link.actor_id, link.role)] = link
    wanted: dict[int, dict[tuple[int, str], str]] = defaultdict(dict)
    for event, item in linked:
        for actor_id, role, text in item.actors:
            wanted[event.pk].setdefault((actor_id, role), text)
    stale, new, made = [], [], set()
    for event, _ in linked:
        have = existing.get(event.pk, {})
        replace = event.pk in own_ids
        for key, link in have.items():
            if replace and key not in wanted[event.pk] and not link.editor_modified:
                stale.append(link.pk)
        for (actor_id, role), text in wanted[event.pk].items():
            if (actor_id, role) not in have and (event.pk, actor_id, role) not in made:
                made.add((event.pk, actor_id, role))
                new.append(
                    {
                        "event_id": event.pk,
                        "actor_id": actor_id,
                        "role": role,
                        "mention_text": text[:200],
                        "event_date": event.date,
                    }
                )
    if stale:
        EventActor.objects.filter(pk__in=stale).delete()
    # The extractor's links are rebuilt at will; history starts with an editor's change.
    rows_insert(EventActor, new)


def _evidence_sync(
    article, evidence_for: list[tuple[Event, EventInput]], *, first_time: bool = False
) -> None:
    """This article's evidence rows become exactly the sentences extracted now."""
    wanted = {}
    for event, item in evidence_for:
        wanted.setdefault((event.pk, item.start), item)
    existing = {}
    if not first_time:
        existing = {
            (ev.event_id, ev.start): ev
            for ev in Evidence.objects.filter(article=article).only(
                "pk", "event_id", "start", "end", "quote", "date", "date_precision", "blamed_id"
            )
        }
        keep_ids = {ev.pk for key, ev in existing.items() if key in wanted}
        # Evidence of events an editor verified, corrected or rejected stays with them.
        Evidence.objects.filter(
            article=article,
            event__review_status=ReviewStatus.EXTRACTED,
            event__editor_modified=False,
        ).exclude(pk__in=keep_ids).delete()
        # A sentence found again where a stored row starts: the row takes its end and words,
        # and what it says now of the event's date and doer.
        moved = []
        for key, ev in existing.items():
            item = wanted.get(key)
            if item is None:
                continue
            now = (item.end, item.quote, item.date, item.date_precision, evidence_blamed(item))
            if (ev.end, ev.quote, ev.date, ev.date_precision, ev.blamed_id) != now:
                ev.end, ev.quote, ev.date, ev.date_precision, ev.blamed_id = now
                moved.append(ev)
        if moved:
            Evidence.objects.bulk_update(
                moved, ["end", "quote", "date", "date_precision", "blamed"], batch_size=500
            )
    new = [
        {
            "event_id": event_pk,
            "article_id": article.pk,
            "quote": item.quote,
            "start": item.start,
            "end": item.end,
            "date": item.date,
            "date_precision": item.date_precision,
            "blamed_id": evidence_blamed(item),
        }
        for (event_pk, start), item in wanted.items()
        if (event_pk, start) not in existing
    ]
    rows_insert(Evidence, new, ignore_conflicts=True)


def _stale_remove(article, own_events: dict[int, Event], kept: set[int]) -> int:
    """Remove this article's unprotected events that are no longer extracted, unless other
    articles still cite them (then only this article's evidence went, above)."""
    gone = [pk for pk, e in own_events.items() if pk not in kept and not is_protected(e)]
    if not gone:
        return 0
    still_cited = set(
        Evidence.objects.filter(event_id__in=gone).values_list("event_id", flat=True).distinct()
    )
    orphans = [pk for pk in gone if pk not in still_cited]
    if orphans:
        Event.objects.filter(pk__in=orphans).delete()
    return len(orphans)


def _sources_shift(*, gained: set[int], lost: set[int]) -> None:
    """Count this article in the ``source_count`` of the events it now cites and no longer
    in those it stopped citing: one statement each.

    A shift, not a recount: counting an event's citing articles reads all its evidence, and a
    widely reported event (a summit, a ceasefire) gathers thousands of reports, so every new
    one would cost more than the last. The row lock of the update also keeps two workers
    adding reports of one event at once from losing one. Editors' changes to evidence
    recount exactly (``_sources_recount``).
    """
    shifts = (
        (gained, "source_count + 1", ""),
        (lost, "source_count - 1", " AND source_count > 0"),
    )
    with connection.cursor() as cursor:
        for ids, value, guard in shifts:
            if ids:
                marks = ", ".join(["%s"] * len(ids))
                cursor.execute(
                    f"UPDATE {_EVENTS} SET source_count = {value} WHERE id IN ({marks}){guard}",
                    sorted(ids),
                )


def _link_dates_refresh(event_ids: set[int]) -> None:
    """Make the actor links of events whose date this upsert may have changed carry it
    (``event_date``, for the (actor, date) index); one statement. Written as SQL: through the
    ORM, compiling the update cost more than running it."""
    if not event_ids:
        return
    marks = ", ".join(["%s"] * len(event_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {_LINKS} SET event_date = (SELECT e."date" FROM {_EVENTS} e'
            f" WHERE e.id = {_LINKS}.event_id) WHERE event_id IN ({marks})",
            sorted(event_ids),
        )


# Starts of no text: evidence rows pass through them while their spans are moved, so no two
# rows of one event hold the same start at any moment (``evidence_unique_span``).
_PARKED_START = 2_000_000_000


@transaction.atomic(savepoint=False)
def evidence_relocate_for_article(article, *, old_body: str) -> dict[str, int]:
    """Point the article's evidence at where each quote stands in its new text.

    Run when an article's text changed under its evidence (it was cleaned again): each quote
    is looked for in the new text, at the occurrence nearest its old place (the spaces
    between its words may differ). A quote no longer found is kept with an empty span
    (``start == end``), so it points at no text rather than at the wrong words; pages show
    the bare quote. Returns how many found quotes moved and how many were not found.
    """
    body = article.body
    rows = list(Evidence.objects.filter(article=article).order_by("event_id", "start", "pk"))
    scale = len(body) / max(1, len(old_body))
    taken: dict[int, set[int]] = defaultdict(set)
    placed: dict[int, tuple[int, int, str]] = {}
    lost = []
    for row in rows:
        span = quote_locate(body, row.quote, near=round(row.start * scale))
        if span is None or span[0] in taken[row.event_id]:
            lost.append(row)
            continue
        taken[row.event_id].add(span[0])
        placed[row.pk] = (span[0], span[1], body[span[0] : span[1]])
    for row in lost:
        # At the end of the text, where no sentence starts that extraction could find again.
        empty = next(p for p in range(len(body), -1, -1) if p not in taken[row.event_id])
        taken[row.event_id].add(empty)
        placed[row.pk] = (empty, empty, row.quote)
    moved = [row for row in rows if (row.start, row.end, row.quote) != placed[row.pk]]
    found = sum(1 for row in moved if placed[row.pk][0] != placed[row.pk][1])
    if moved:
        for number, row in enumerate(moved):
            row.start = row.end = _PARKED_START + number
        Evidence.objects.bulk_update(moved, ["start", "end"], batch_size=500)
        for row in moved:
            row.start, row.end, row.quote = placed[row.pk]
        Evidence.objects.bulk_update(moved, ["start", "end", "quote"], batch_size=500)
    return {"moved": found, "not_found": len(lost)}


@transaction.atomic
def evidence_move(evidence: Evidence) -> Evidence:
    """Save an editor's evidence row, new or changed (moved to another event, article or
    span), and recount the sources of the event it cites and of the one it left."""
    left = []
    if evidence.pk is not None:
        left = list(Evidence.objects.filter(pk=evidence.pk).values_list("event_id", flat=True))
    evidence.full_clean()
    evidence.save()
    sources_settle([evidence.event_id, *left])
    return evidence


@transaction.atomic
def evidence_delete(evidence: QuerySet[Evidence]) -> int:
    """Delete evidence rows and recount the sources of the events they cited; returns how
    many rows went."""
    cited = set(evidence.values_list("event_id", flat=True))
    deleted, _ = evidence.delete()
    sources_settle(cited)
    return deleted


@transaction.atomic
def article_delete(articles: QuerySet) -> None:
    """Delete articles (their evidence goes with them) and take them out of the
    ``source_count`` of the events they reported.

    Here rather than in the articles app: the count is the events', and articles sit below
    events in the layers (docs/architecture.md)."""
    cited = events_cited_by(articles.values("pk"))
    articles.delete()
    sources_settle(cited)


def sources_settle(event_ids) -> None:
    """After evidence moved between events or went: each event's ``source_count`` and its
    ``disputed`` mark follow what its sources now state."""
    ids = list(event_ids)
    _sources_recount(ids)
    events_dispute_refresh(ids)


def _sources_recount(event_ids) -> None:
    """Set each event's ``source_count`` to the number of distinct articles its evidence
    cites, where that differs: after an editor moves or deletes evidence, or an article."""
    ids = sorted({pk for pk in event_ids if pk is not None})
    if not ids:
        return
    marks = ", ".join(["%s"] * len(ids))
    articles = (
        f"(SELECT COUNT(DISTINCT v.article_id) FROM {_EVIDENCE} v WHERE v.event_id = {_EVENTS}.id)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_EVENTS} SET source_count = {articles}"
            f" WHERE id IN ({marks}) AND source_count <> {articles}",
            ids,
        )
