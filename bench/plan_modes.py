"""What a list's prepared page costs PostgreSQL planned per request and with one generic plan.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_scale1m   # bench.load_events
    .venv/bin/python -m bench.plan_modes                     # events and timeline, 60 requests
    .venv/bin/python -m bench.plan_modes timeline -n 100

A list's first page runs as a statement the connection prepares (``apps/core/plan_cache.py``),
and PostgreSQL (``plan_cache_mode = auto``) decides after five runs whether to keep one generic
plan for it. This script answers the requests of a scenario (the URLs ``bench.load read``
drives, same seed) in-process, keeps the values each page statement ran with, then times that
statement with ``EXPLAIN ANALYZE EXECUTE`` for every request's values under each
``plan_cache_mode``: planning and execution, mean and slowest. ``auto`` shows what the server
chose: a planning time near zero means it kept the generic plan.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics

from bench.load import in_process_production, scenario_paths

in_process_production()

MODES = ("force_custom_plan", "force_generic_plan", "auto")


def page_statement(paths: list[str]) -> tuple[str, list[list]]:
    """The page statement the requests ran prepared (its SQL), and each request's values."""
    from django.db import connection
    from django.test import Client

    from apps.core.plan_cache import prepared_sql

    client, ran = Client(), []

    def record(execute, sql, params, many, context):
        if sql.startswith("EXECUTE "):
            ran.append((sql.split()[1].split("(")[0], list(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        for path in paths:
            client.get(path)
    if not ran:
        raise SystemExit("no prepared statement ran: is DATABASE_URL PostgreSQL?")
    name = ran[-1][0]
    return prepared_sql("default", name), [params for used, params in ran if used == name]


def time_modes(sql: str, values: list[list]) -> list[dict]:
    from django.db import connection

    from apps.core.plan_cache import numbered

    rows = []
    with connection.cursor() as cursor:
        for mode in MODES:
            cursor.execute("DEALLOCATE ALL")  # a fresh statement per mode: auto starts over
            cursor.execute(f"PREPARE bench_modes AS {numbered(sql)}")
            cursor.execute(f"SET plan_cache_mode = {mode}")
            planning, execution = [], []
            for params in values:
                marks = ", ".join(["%s"] * len(params))
                cursor.execute(
                    f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE bench_modes({marks})", params
                )
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                planning.append(plan[0].get("Planning Time", 0.0))
                execution.append(plan[0]["Execution Time"])
            rows.append(
                {
                    "mode": mode,
                    "planning_ms": round(statistics.mean(planning), 3),
                    "planning_last_ms": round(statistics.mean(planning[5:] or planning), 3),
                    "execution_ms": round(statistics.mean(execution), 3),
                    "execution_max_ms": round(max(execution), 3),
                }
            )
        cursor.execute("RESET plan_cache_mode")
        cursor.execute("DEALLOCATE ALL")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", default=["events", "timeline"])
    parser.add_argument("-n", type=int, default=60, help="requests per scenario")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    unknown = sorted(set(args.scenarios) - {"events", "timeline"})
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)}; choose from events, timeline")

    import django

    django.setup()
    from apps.events.selectors import EVENT_LIST_STATEMENTS

    rng = random.Random(args.seed)
    for name in args.scenarios:
        EVENT_LIST_STATEMENTS.clear()
        sql, values = page_statement(scenario_paths(name, rng, args.n, {}))
        print(f"\n== {name}: the page statement with {len(values)} requests' values")
        print(f"{'mode':20} {'planning':>9} {'after 5':>8} {'execution':>10} {'slowest':>8} (ms)")
        for row in time_modes(sql, values):
            print(
                f"{row['mode']:20} {row['planning_ms']:9.3f} {row['planning_last_ms']:8.3f} "
                f"{row['execution_ms']:10.3f} {row['execution_max_ms']:8.3f}"
            )


if __name__ == "__main__":
    main()
