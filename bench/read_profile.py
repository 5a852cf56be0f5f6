"""Where a read request's time goes: a profile per page, in-process, read cache off.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_scale1m   # bench.load_events
    .venv/bin/python -m bench.read_profile                       # every scenario, 30 requests
    .venv/bin/python -m bench.read_profile events actor_page -n 50 --top 25
    .venv/bin/python -m bench.read_profile --plain -n 200           # the times alone

Each scenario's URLs are the ones ``bench.load read`` drives (same seed, same rotation). The
requests run through Django's test client with the production settings and no read cache,
one after another after two warm-up requests, under cProfile. For each page it prints the
wall-clock time per request, the process's CPU time per request (steadier than wall-clock on
a shared machine: compare two versions by it), the time spent in the database (the queries
the request ran, from the database wrapper), and the functions with the most own time and the
most cumulative time, so the Python side of a page can be read function by function.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import time
from contextlib import contextmanager
from pathlib import Path

from bench.load import SCENARIOS, in_process_production, scenario_paths

in_process_production()  # the read cache stays off: the first visitor's cost


@contextmanager
def db_timer():
    """Total seconds the requests inside spent in the database (every query executed)."""
    from django.db import connection

    spent = [0.0]

    def wrapper(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - began

    with connection.execute_wrapper(wrapper):
        yield spent


def profile(name: str, paths: list[str], top: int, plain: bool = False) -> dict:
    from django.test import Client

    client = Client()
    for path in paths[:2]:
        client.get(path)  # warm-up: code paths, plans, the process's caches
    profiler = cProfile.Profile()
    with db_timer() as spent:
        began, cpu = time.perf_counter(), time.process_time()
        if not plain:
            profiler.enable()
        statuses = [client.get(path).status_code for path in paths]
        if not plain:
            profiler.disable()
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    per_request = elapsed / len(paths) * 1000
    cpu_ms = cpu / len(paths) * 1000
    db = spent[0] / len(paths) * 1000
    print(
        f"\n== {name}: {len(paths)} requests, {per_request:.1f} ms each ({cpu_ms:.1f} ms of this "
        f"process's CPU), of which {db:.1f} ms in the database; statuses {sorted(set(statuses))}"
    )
    for order in () if plain else ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
        lines = out.getvalue().splitlines()
        start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
        print(f"-- by {order}")
        print("\n".join(lines[start : start + top + 1]))
    return {
        "scenario": name,
        "ms": round(per_request, 1),
        "cpu_ms": round(cpu_ms, 1),
        "db_ms": round(db, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", help=f"any of {', '.join(SCENARIOS)}")
    parser.add_argument("-n", type=int, default=30, help="requests per scenario")
    parser.add_argument("--top", type=int, default=20, help="functions listed per ordering")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--plain", action="store_true", help="no profiler: the times alone, without its overhead"
    )
    parser.add_argument("--rare-word", default="Tal Abyad")
    parser.add_argument("--common-word", default="Turkey")
    args = parser.parse_args()
    unknown = sorted(set(args.scenarios) - set(SCENARIOS))
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(str(settings.STATIC_ROOT)) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)  # pages need the manifest
    rng = random.Random(args.seed)
    words = {"rare": args.rare_word, "common": args.common_word}
    if "admin_events" in args.scenarios:
        parser.error("admin_events needs a logged-in session: profile it with bench.load admin")
    names = [s for s in (args.scenarios or SCENARIOS) if s != "admin_events"]
    rows = [
        profile(name, scenario_paths(name, rng, args.n, words), args.top, args.plain)
        for name in names
    ]
    overhead = "not profiled" if args.plain else "profiled: cProfile's overhead is in"
    print(f"\nscenario        ms/request  CPU ms  in database  ({overhead})")
    for row in rows:
        print(f"{row['scenario']:15} {row['ms']:10.1f} {row['cpu_ms']:7.1f} {row['db_ms']:12.1f}")


if __name__ == "__main__":
    main()
