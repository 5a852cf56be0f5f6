"""How many events each two actors share, kept up to date by the database as links change.

An actor's co-actors (``apps.actors.selectors.actor_co_actors``) are the actors that share
the most of its events, rejected events not counted. Counting them at each read joins every
link of the actor's events to every other link of them: about 55 ms for an actor in 7,500 of
1,000,000 events. So the counts are stored, one ``ActorPair`` row per ordered pair of actors,
and the read is a lookup of the actor's rows.

Writers never touch ``ActorPair``: row triggers on links, events and actors append changes to
``ActorPairDelta`` (no unique key, no foreign key), so transactions adding links to
different events never wait for one another, whatever actors those share. An actor's read
first folds that actor's pending changes into its rows (``actor_pairs_settle``).

What a link counts for: an event (not rejected) counts once for each two distinct actors among
its links, however many roles each has in it. A link's trigger compares the event's other
links with and without the row:

* a link of A to event E added: unless E is rejected or A has another link to E, +1 for
  (A, B) and (B, A), B each other actor of E;
* removed: the same, -1; moved (another event or actor): removed from the old place, then added
  at the new, both against the event's links other than the row;
* an event rejected: -1 for each ordered pair of its actors; no longer rejected: +1; an event
  deleted while it still has links: -1, written while it already has some: +1 (Django
  deletes the links first and writes them last, so then there are none: these keep the
  counts right whatever the order);
* an actor deleted: its own pending changes go (its pairs go with it by cascade; the changes
  others hold for it are dropped as they are folded).

Each row sees the rows a statement changed before it, as each is written: SQLite runs a
row trigger right after its row; on PostgreSQL the link triggers run BEFORE their row (an
AFTER trigger sees the whole statement's rows, so two links added by one ``bulk_create``
would each count the other). PostgreSQL also lets two transactions write links of one event
at once, each blind to the other's: the link triggers lock the event's row first
(``FOR NO KEY UPDATE``, as an update of the event would), so those transactions take turns
and the second sees what the first committed; so do a rejection and a new link. Transactions
on different events do not meet. Two transactions writing links of the same two events in
opposite orders may deadlock: PostgreSQL stops one with an OperationalError, which the
ingestion task retries.

The triggers are recreated after every ``migrate`` (dropped by their prefix, created anew, in
one transaction): SQLite drops a table's triggers when a migration rebuilds the table.
"""

from __future__ import annotations

import json
import logging
from collections import Counter

from django.db import IntegrityError, OperationalError, connections, router, transaction

from apps.actors.models import Actor
from apps.core.choices import ReviewStatus

from .models import ActorPair, ActorPairDelta, Event, EventActor

logger = logging.getLogger(__name__)

PREFIX = "kb_pairs_"
# pg_advisory_xact_lock(FOLD_LOCK, actor): one fold of an actor's changes at a time.
FOLD_LOCK = 0x6B70_6672  # "kpfr"
REJECTED = ReviewStatus.REJECTED.value

LINKS = EventActor._meta.db_table
EVENTS = Event._meta.db_table
ACTORS = Actor._meta.db_table
PAIRS = ActorPair._meta.db_table
DELTAS = ActorPairDelta._meta.db_table


# --- the triggers -----------------------------------------------------------------------------


def _one_and_others(event: str, actor: str, rows: str, sign: int) -> str:
    """Changes ``sign`` to (actor, B) and (B, actor) for each actor B of the event's links but
    the rows ``rows`` (their ids), when the event counts and the actor has no other link to
    it: what adding or removing the actor's link does to the event's pairs."""
    return (
        f"INSERT INTO {DELTAS} (actor_id, other_id, delta) "
        f"SELECT CASE d.k WHEN 1 THEN {actor} ELSE o.actor_id END, "
        f"CASE d.k WHEN 1 THEN o.actor_id ELSE {actor} END, {sign} "
        f"FROM (SELECT DISTINCT s.actor_id FROM {LINKS} s WHERE s.event_id = {event} "
        f"AND s.actor_id <> {actor} AND s.id NOT IN ({rows})) o "
        "CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 AS k) d "
        f"WHERE EXISTS (SELECT 1 FROM {EVENTS} e WHERE e.id = {event} "
        f"AND e.review_status <> '{REJECTED}') "
        f"AND NOT EXISTS (SELECT 1 FROM {LINKS} x WHERE x.event_id = {event} "
        f"AND x.actor_id = {actor} AND x.id NOT IN ({rows}))"
    )


def _every_pair(event: str, sign: str) -> str:
    """Changes ``sign`` to each ordered pair of distinct actors among the event's links."""
    actors = f"(SELECT DISTINCT actor_id FROM {LINKS} WHERE event_id = {event})"
    return (
        f"INSERT INTO {DELTAS} (actor_id, other_id, delta) "
        f"SELECT a.actor_id, b.actor_id, {sign} FROM {actors} a "
        f"JOIN {actors} b ON b.actor_id <> a.actor_id"
    )


class Trigger:
    """One row trigger: its table, operation, columns (UPDATE OF), condition and statements;
    ``locks`` are the events whose row PostgreSQL locks first (expressions of NEW or OLD)."""

    def __init__(self, table, op, statements, *, when="", columns=(), locks=(), before=False):
        self.table, self.op, self.statements = table, op, statements
        self.when, self.columns, self.locks, self.before = when, columns, locks, before

    @property
    def name(self) -> str:
        return f"{PREFIX}{self.table}_{self.op}"


def trigger_plan(vendor: str) -> list[Trigger]:
    """The row triggers that keep the pair counts, for ``vendor``."""
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    # Link triggers see each row as it is written (see the module's docstring).
    before = vendor == "postgresql"
    moved = f"OLD.event_id {differs} NEW.event_id OR OLD.actor_id {differs} NEW.actor_id"
    rejected_changed = f"(OLD.review_status = '{REJECTED}') <> (NEW.review_status = '{REJECTED}')"
    return [
        Trigger(
            LINKS,
            "insert",
            [_one_and_others("NEW.event_id", "NEW.actor_id", "NEW.id", 1)],
            locks=("NEW.event_id",),
            before=before,
        ),
        Trigger(
            LINKS,
            "delete",
            [_one_and_others("OLD.event_id", "OLD.actor_id", "OLD.id", -1)],
            locks=("OLD.event_id",),
            before=before,
        ),
        Trigger(
            LINKS,
            "update",
            [
                _one_and_others("OLD.event_id", "OLD.actor_id", "OLD.id, NEW.id", -1),
                _one_and_others("NEW.event_id", "NEW.actor_id", "OLD.id, NEW.id", 1),
            ],
            when=moved,
            columns=("event_id", "actor_id"),
            locks=("OLD.event_id", "NEW.event_id"),
            before=before,
        ),
        Trigger(
            EVENTS,
            "insert",
            [_every_pair("NEW.id", "1")],
            when=f"NEW.review_status <> '{REJECTED}'",
        ),
        Trigger(
            EVENTS,
            "update",
            [
                _every_pair(
                    "NEW.id", f"CASE WHEN NEW.review_status = '{REJECTED}' THEN -1 ELSE 1 END"
                )
            ],
            when=rejected_changed,
            columns=("review_status",),
        ),
        Trigger(
            EVENTS,
            "delete",
            [_every_pair("OLD.id", "-1")],
            when=f"OLD.review_status <> '{REJECTED}'",
        ),
        Trigger(ACTORS, "delete", [f"DELETE FROM {DELTAS} WHERE actor_id = OLD.id"]),
    ]


def _drop(cursor, vendor: str) -> None:
    pattern = PREFIX.replace("_", "\\_") + "%"
    if vendor == "postgresql":
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.proname LIKE %s",
            [pattern],
        )
        for (signature,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
        return
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s ESCAPE '\\'",
        [pattern],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _create_postgresql(cursor, trigger: Trigger) -> None:
    body = [f"{sql};" for sql in trigger.statements]
    if trigger.locks:
        ids = ", ".join(trigger.locks)
        body.insert(
            0, f"PERFORM 1 FROM {EVENTS} WHERE id IN ({ids}) ORDER BY id FOR NO KEY UPDATE;"
        )
    # A BEFORE trigger returns the row to write (NULL would skip it); an AFTER one's is ignored.
    result = {"insert": "NEW", "update": "NEW", "delete": "OLD"}[trigger.op]
    cursor.execute(
        f"CREATE FUNCTION {trigger.name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {' '.join(body)} RETURN {result if trigger.before else 'NULL'}; END $$"
    )
    columns = f" OF {', '.join(trigger.columns)}" if trigger.columns else ""
    when = f" WHEN ({trigger.when})" if trigger.when else ""
    cursor.execute(
        f"CREATE TRIGGER {trigger.name} {'BEFORE' if trigger.before else 'AFTER'} "
        f"{trigger.op.upper()}{columns} ON {trigger.table} FOR EACH ROW{when} "
        f"EXECUTE FUNCTION {trigger.name}()"
    )


def _create_sqlite(cursor, trigger: Trigger) -> None:
    columns = f" OF {', '.join(trigger.columns)}" if trigger.columns else ""
    when = f" WHEN {trigger.when}" if trigger.when else ""
    body = " ".join(f"{sql};" for sql in trigger.statements)
    cursor.execute(
        f'CREATE TRIGGER "{trigger.name}" AFTER {trigger.op.upper()}{columns} '
        f'ON "{trigger.table}" FOR EACH ROW{when} BEGIN {body} END'
    )


def actor_pairs_triggers_install(*, using: str = "default") -> int:
    """Drop and recreate the triggers that keep the pair counts; returns how many exist."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"no actor pair triggers for {vendor}")
    plan = trigger_plan(vendor)
    if not {LINKS, EVENTS, ACTORS, DELTAS} <= set(connection.introspection.table_names()):
        plan = []  # migrated back to before the counts: triggers would write to no table
    # One transaction: no write goes uncounted between the old triggers and the new.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        _drop(cursor, vendor)
        for trigger in plan:
            if vendor == "postgresql":
                _create_postgresql(cursor, trigger)
            else:
                _create_sqlite(cursor, trigger)
    return len(plan)


def pairs_install_after_migrate(sender, *, using="default", **kwargs) -> None:
    """``post_migrate`` receiver: the triggers, recreated after every migrate."""
    actor_pairs_triggers_install(using=using)


# --- folding and rebuilding -------------------------------------------------------------------


def _fold_postgresql(cursor, actor_id: int) -> list[tuple[int, int]]:
    # Two readers of one actor must not fold the same changes; a reader of another actor
    # does not wait. The other actors are locked against deletion (FOR KEY SHARE) until the
    # fold commits; the changes held for an actor deleted meanwhile are dropped.
    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [FOLD_LOCK, actor_id & 0x7FFF_FFFF])
    cursor.execute(
        f"WITH gone AS (DELETE FROM {DELTAS} WHERE actor_id = %s RETURNING other_id, delta), "
        "sums AS (SELECT other_id, SUM(delta) AS n FROM gone GROUP BY other_id), "
        f"live AS (SELECT id FROM {ACTORS} WHERE id IN (SELECT other_id FROM sums) "
        "FOR KEY SHARE) "
        f"INSERT INTO {PAIRS} AS p (actor_id, other_id, shared) "
        "SELECT %s, s.other_id, s.n FROM sums s JOIN live ON live.id = s.other_id "
        "WHERE s.n <> 0 "
        "ON CONFLICT (actor_id, other_id) DO UPDATE SET shared = p.shared + EXCLUDED.shared "
        "RETURNING other_id, shared",
        [actor_id, actor_id],
    )
    return cursor.fetchall()


def _fold_sqlite(cursor, actor_id: int) -> list[tuple[int, int]]:
    # One writer at a time: the transaction's first statement takes the write lock.
    cursor.execute(
        f"DELETE FROM {DELTAS} WHERE actor_id = %s RETURNING other_id, delta", [actor_id]
    )
    sums: Counter[int] = Counter()
    for other_id, delta in cursor.fetchall():
        sums[other_id] += delta
    changes = [[other_id, n] for other_id, n in sums.items() if n]
    if not changes:
        return []
    cursor.execute(
        f"INSERT INTO {PAIRS} (actor_id, other_id, shared) "
        "SELECT %s, json_extract(c.value, '$[0]'), json_extract(c.value, '$[1]') "
        f"FROM json_each(%s) c WHERE json_extract(c.value, '$[0]') IN (SELECT id FROM {ACTORS}) "
        "ON CONFLICT (actor_id, other_id) DO UPDATE SET shared = shared + excluded.shared "
        "RETURNING other_id, shared",
        [actor_id, json.dumps(changes)],
    )
    return cursor.fetchall()


def actor_pairs_settle(actor_id: int) -> int:
    """Fold the pending changes of the actor's pair counts into them; returns how many
    pairs changed. Cheap when there are none (one indexed EXISTS).

    The look for pending changes goes where the read of the counts will go (a replica, when
    there is one): a page read from a replica writes to the primary only when the replica
    shows changes to fold, and then shows the counts as of the replica's last replay."""
    if not ActorPairDelta.objects.filter(actor_id=actor_id).exists():
        return 0
    return _fold(actor_id)


def _fold(actor_id: int) -> int:
    """Fold the actor's pending changes on the primary; how many pairs changed."""
    using = router.db_for_write(ActorPair)
    connection = connections[using]
    fold = _fold_postgresql if connection.vendor == "postgresql" else _fold_sqlite
    try:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            changed = fold(cursor, actor_id)
            gone = [other_id for other_id, shared in changed if shared == 0]
            if gone:
                marks = ", ".join(["%s"] * len(gone))
                cursor.execute(
                    f"DELETE FROM {PAIRS} WHERE actor_id = %s AND shared = 0 "
                    f"AND other_id IN ({marks})",
                    [actor_id, *gone],
                )
    except (OperationalError, IntegrityError):
        # A page must not fail for want of the latest counts (a lock timed out, the actor was
        # deleted meanwhile): they are folded next time.
        logger.warning("could not fold the pair counts of actor %s", actor_id, exc_info=True)
        return 0
    return len(changed)


def actor_pairs_settle_all() -> int:
    """Fold every actor's pending changes; returns how many pairs changed. After a batch of
    ingestion, so that no reader of an actor's page pays for folding the whole batch's
    changes. The actors with changes are read from the primary, where the changes are
    folded, so a lagging replica cannot leave some out."""
    pending = (
        ActorPairDelta.objects.using(router.db_for_write(ActorPair))
        .order_by()
        .values_list("actor_id", flat=True)
        .distinct()
    )
    return sum(_fold(actor_id) for actor_id in sorted(pending))


# Every ordered pair of distinct actors with the number of distinct events (not rejected)
# both take part in. The migration that created the tables ran the same statement.
COUNT_SQL = (
    "SELECT a.actor_id, b.actor_id, COUNT(DISTINCT a.event_id) "
    f"FROM {LINKS} a JOIN {LINKS} b ON b.event_id = a.event_id AND b.actor_id <> a.actor_id "
    f"JOIN {EVENTS} e ON e.id = a.event_id WHERE e.review_status <> '{REJECTED}' "
    "GROUP BY a.actor_id, b.actor_id"
)


def actor_pairs_rebuild(*, using: str = "default") -> int:
    """Count every pair again from the links, dropping the pending changes; returns how many
    pairs there are. Writers of links and events wait meanwhile (PostgreSQL)."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {LINKS}, {EVENTS} IN SHARE MODE")
            cursor.execute(f"LOCK TABLE {PAIRS}, {DELTAS} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {DELTAS}")
        cursor.execute(f"DELETE FROM {PAIRS}")
        cursor.execute(f"INSERT INTO {PAIRS} (actor_id, other_id, shared) {COUNT_SQL}")
        return cursor.rowcount
