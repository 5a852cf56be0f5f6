"""The change feed: every change to a public record, as an append-only log in commit order.

Each app declares, in its ``changes.py`` (imported by its ``AppConfig.ready``), the record
types it publishes and which rows their API payloads show:

    register(Feed("event", "events.Event", "api:event-detail"))
    register(Follow("event", "events.EventActor", key="event"))  # an event's actors
    register(Follow("event", "actors.Actor", through=("events.EventActor", "actor", "event"),
                    columns=("name", "kind")))  # their names and kinds

Database triggers (``apps.core.change_triggers``, installed after every ``migrate``) write
the log in the transaction that makes the change, whatever makes it: an ORM save, a bulk
``update()``, ``rows_insert``, a cascade, raw SQL. So nothing that changes a record can
forget to say so. Entries:

* ``created``, ``updated``, ``deleted``: a record's own row; ``updated`` also when a row its
  payload shows changed (an event's actor renamed, a new article reporting it, a recount);
* ``rejected``: an editor rejected it (lists leave it out from then on);
* ``merged``: it was merged into ``merged_into`` (``apps.core.merging`` says so before the
  merged-away row is deleted, and the deletion then adds no ``deleted`` entry).

On PostgreSQL each transaction numbers its entries as it commits, under an advisory lock held
until the commit completes (``seq``), so entries are numbered in commit order and an entry
never appears behind one already read: the cursor is simply the last number read. SQLite has
one writer at a time, so its entry ids are already in commit order.
One record appears once per transaction on PostgreSQL (the strongest action wins: merged,
deleted, created, rejected, updated).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from django.apps import apps
from django.db import connection
from django.db.models import Max, QuerySet

from . import change_triggers
from .models import Change

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


@dataclass(frozen=True)
class Feed:
    """A record type the feed publishes: its name in the feed, its model, its detail route."""

    name: str
    model: str
    route: str


@dataclass(frozen=True)
class Follow:
    """A change to a row of ``source`` is an ``updated`` entry for records of feed ``feed``.

    * ``key``: the field of ``source`` that points at the record (``Follow("event",
      "events.Evidence", key="event")``), or a path of foreign keys to it
      (``key="event__agreement"``: an actor link's event's agreement); on an update, both the
      old and the new record.
    * ``through``: ``(model, from_field, to_field)``, the rows of ``model`` whose
      ``from_field`` is the changed row and whose ``to_field`` (a field or a path, as for
      ``key``) is the record (an actor's events through ``events.EventActor``); for updates
      only (deleting the row deletes or updates those rows, which have triggers of their own).
    * ``columns``: on an update, only when one of these fields changed (all when empty).
    """

    feed: str
    source: str
    key: str = ""
    through: tuple[str, str, str] | None = None
    columns: tuple[str, ...] = ()
    ops: tuple[str, ...] = ("insert", "update", "delete")

    def __post_init__(self):
        if bool(self.key) == bool(self.through):
            raise ValueError("a Follow needs exactly one of key and through")
        if self.through:
            object.__setattr__(self, "ops", ("update",))


_FEEDS: dict[str, Feed] = {}
_FOLLOWS: list[Follow] = []


def register(item: Feed | Follow) -> None:
    """Declare a feed or what one follows; twice the same name for two models raises."""
    if isinstance(item, Feed):
        existing = _FEEDS.get(item.name)
        if existing is not None and existing != item:
            raise ValueError(f"change feed {item.name!r} is registered twice")
        _FEEDS[item.name] = item
    elif item not in _FOLLOWS:
        _FOLLOWS.append(item)


def feeds() -> list[Feed]:
    return list(_FEEDS.values())


def follows() -> list[Follow]:
    return list(_FOLLOWS)


def feed_for_model(model) -> Feed:
    label = model._meta.label
    for feed in _FEEDS.values():
        if feed.model == label:
            return feed
    raise LookupError(f"{label} is not in the change feed")


def model_of(feed: Feed):
    return apps.get_model(feed.model)


# --- reading ---------------------------------------------------------------------------------


class CursorError(ValueError):
    """A ``since`` value this feed did not give; ``str(err)`` says why."""


def position_field() -> str:
    """The column that orders the feed as transactions committed: ``seq`` on PostgreSQL
    (numbered at commit), ``id`` on SQLite (one writer at a time)."""
    return "seq" if connection.vendor == "postgresql" else "id"


def change_position(change: Change) -> int:
    return getattr(change, position_field())


def feed_epoch() -> str:
    """What tells this feed from another's: the time of its first entry. A database restored
    from a backup logs its rows anew, so a cursor of the old feed does not pass for one of it."""
    field = position_field()
    first = (
        Change.objects.filter(**{f"{field}__isnull": False})
        .order_by(field)
        .values_list("at", flat=True)
        .first()
    )
    return format(int(first.timestamp() * 1_000_000), "x") if first else "0"


def cursor_encode(position: int, epoch: str) -> str:
    raw = f"c1:{epoch}:{position}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(cursor: str, epoch: str) -> int:
    """The position of the last entry a cursor stands for; ``CursorError`` when it is not one
    of ours."""
    text = (cursor or "").strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    parts = raw.split(":")
    if len(parts) != 3 or parts[0] != "c1" or not parts[2].isdigit() or len(parts[2]) > 18:
        raise CursorError(
            "not a cursor of this feed: pass a next_cursor it gave, or leave "
            "since out to read from the beginning."
        )
    change_id = int(parts[2])
    last = Change.objects.aggregate(last=Max(position_field()))["last"] or 0
    if (parts[1] != epoch and change_id > 0) or change_id > last:
        raise CursorError(
            "this cursor is from another copy of the database (restored from a backup?) or "
            "ahead of the feed; start again without since."
        )
    return change_id


def changes_after(position: int, *, limit: int) -> tuple[list[Change], bool]:
    """Up to ``limit`` entries after ``position``, in commit order, and whether more follow."""
    field = position_field()
    rows = list(Change.objects.filter(**{f"{field}__gt": position}).order_by(field)[: limit + 1])
    return rows[:limit], len(rows) > limit


def changed_since(queryset: QuerySet, when) -> QuerySet:
    """The records of ``queryset`` with an entry in the feed after ``when`` (indexed)."""
    feed = feed_for_model(queryset.model)
    changed = Change.objects.filter(record_type=feed.name, at__gt=when).values("record_id")
    return queryset.filter(pk__in=changed)


# --- writing (what triggers cannot know) ------------------------------------------------------


def records_merged(objs, *, into) -> None:
    """Record that ``objs`` are merged into ``into``: call before deleting them, in the same
    transaction; their deletion then adds no ``deleted`` entry."""
    objs = list(objs)
    if not objs:
        return
    feed = feed_for_model(type(into))
    change_triggers.change_insert(
        feed.name, [obj.pk for obj in objs], action="merged", merged_into=into.pk
    )


def changes_install_after_migrate(sender, *, using="default", **kwargs) -> None:
    """``post_migrate`` receiver: (re)create the triggers from the declarations, and give every
    record of a type new to the feed a ``created`` entry so that replaying the feed from its
    beginning copies everything."""
    change_triggers.install(feeds(), follows(), using=using)
