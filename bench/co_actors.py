"""Time an actor's co-actors: the count over its events' links that the stored counts replaced,
against the stored counts (``apps/events/pairs.py``), for the actor with the most links.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_bench .venv/bin/python -m bench.co_actors

Prints, in milliseconds of wall time from this process (median of ``--repeat`` runs, with the
database's own execution time from EXPLAIN ANALYZE for the two queries): the old count; the
first read after writes, which folds the actor's pending changes; the steady read (the check
for pending changes and the lookup); and a rebuild of every count from scratch.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.common import django_setup


def _ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def _server_ms(queryset) -> str:
    """The database's planning and execution time of ``queryset`` (the second of two runs)."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else plan
    return f"planning {plan['Planning Time']:.2f}, execution {plan['Execution Time']:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true", help="also time a rebuild")
    args = parser.parse_args()
    django_setup()
    from django.db.models import Count

    from apps.actors.models import Actor
    from apps.actors.selectors import actor_co_actors, actor_visible
    from apps.core.choices import ReviewStatus
    from apps.events.models import ActorPair, ActorPairDelta
    from apps.events.pairs import actor_pairs_rebuild, actor_pairs_settle

    actor = Actor.objects.annotate(n=Count("event_links")).order_by("-n").first()
    print(f"actor {actor.pk}: {actor.n:,} links")

    def old_query():
        rejected = actor.events.filter(review_status=ReviewStatus.REJECTED).values("pk")
        shared = actor.event_links.exclude(event__in=rejected).order_by().values("event_id")
        return (
            actor_visible()
            .exclude(pk=actor.pk)
            .filter(event_links__event_id__in=shared)
            .annotate(shared_event_count=Count("event_links__event_id", distinct=True))
            .order_by("-shared_event_count", "name", "id")
        )

    pending = ActorPairDelta.objects.filter(actor_id=actor.pk).count()
    began = time.perf_counter()
    folded = actor_pairs_settle(actor.pk)
    fold_ms = (time.perf_counter() - began) * 1000
    print(f"first read after writes: fold {pending:,} changes into {folded:,} pairs {fold_ms:.1f}")

    old = [(a.pk, a.shared_event_count) for a in old_query()]
    new = [(a.pk, a.shared_event_count) for a in actor_co_actors(actor)]
    assert old == new, "the stored counts differ from the count over the links"
    print(f"co-actors: {len(new)}, the same by both ways")

    page = 10  # the actor page shows ten
    old_ms = _ms(lambda: list(old_query()[:page]), args.repeat)
    check_ms = _ms(lambda: actor_pairs_settle(actor.pk), args.repeat)
    new_ms = _ms(lambda: list(actor_co_actors(actor)[:page]), args.repeat)
    print(f"old count: {old_ms:.2f} (database: {_server_ms(old_query()[:page])})")
    stored = actor_co_actors(actor)[:page]
    print(
        f"stored counts: {new_ms:.2f}: check for changes {check_ms:.2f}, "
        f"lookup {new_ms - check_ms:.2f} (database: {_server_ms(stored)})"
    )
    if args.rebuild:
        began = time.perf_counter()
        pairs = actor_pairs_rebuild()
        print(f"rebuild: {pairs:,} pairs in {(time.perf_counter() - began) * 1000:.0f}")
        print(f"pairs stored: {ActorPair.objects.count():,}")


if __name__ == "__main__":
    main()
