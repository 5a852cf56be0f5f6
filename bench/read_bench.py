"""Read latency and throughput at size, each compared with its SQL floor.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_scale1m
    .venv/bin/python bench/load_events.py --events 1000000 --articles 100000   # once
    .venv/bin/python bench/read_bench.py --duration 20 --concurrency 8 --label after

Starts gunicorn on 127.0.0.1:8109 (production settings, plain HTTP on loopback) and, for each
scenario, drives --concurrency keep-alive client threads for --duration seconds (never more
than --max-requests requests) over a rotation of URLs:

- events: the filtered event list, one actor and an 18-month window, 50 a page;
- timeline: one actor's events in date order (``?actor=ID&ordering=date``);
- actor_page: the actor's browse page ``/actors/ID/``;
- fts_rare / fts_common: full-text article search for a word found in a handful of articles
  and for one found in nearly every article;
- admin_events: the admin event changelist, with a logged-in editor's session.

The SQL floor of a scenario is what PostgreSQL alone spends on one request: every query the
request runs is captured in-process and timed with EXPLAIN ANALYZE (best of three); the
report gives that floor, the slowest single query, and the ratio of the measured p50 to it.
With ``--cache-url redis://…`` the server runs with the API read cache (apps/core/api/cache.py);
the warm-up fills it, so the API scenarios then measure answers to repeated questions.
Results go to bench/out/read_bench_<label>.json (plot them with bench/plot_benchmarks.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

import api_load

REPO = Path(__file__).resolve().parent.parent
PORT = 8109
SECRET = "bench-only-secret-key"
SCENARIOS = ("events", "timeline", "actor_page", "fts_rare", "fts_common", "admin_events")
EDITOR = "bench-editor"


def django_setup() -> None:
    sys.path.insert(0, str(REPO))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ.setdefault("DJANGO_SECRET_KEY", SECRET)
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", api_load.HOST)
    import django

    django.setup()


def word_matches(word: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM articles_article "
            "WHERE search_vector @@ websearch_to_tsquery('english', %s)",
            [word],
        )
        return cursor.fetchone()[0]


def scenario_paths(name: str, rng: random.Random, count: int, words: dict) -> list[str]:
    from apps.actors.models import Actor

    actor_ids = list(Actor.objects.order_by("id").values_list("id", flat=True)[:300])
    if not actor_ids:
        sys.exit("no actors in this database; load events first (bench/load_events.py)")
    paths = []
    for _ in range(count):
        actor = rng.choice(actor_ids)
        if name == "events":
            year = rng.choice([2018, 2019, 2020])
            paths.append(
                f"/api/v1/events/?actor={actor}&date_after={year}-01-01"
                f"&date_before={year + 1}-06-30&page_size=50"
            )
        elif name == "timeline":
            paths.append(f"/api/v1/events/?actor={actor}&ordering=date")
        elif name == "actor_page":
            paths.append(f"/actors/{actor}/")
        elif name == "fts_rare":
            paths.append(f"/api/v1/articles/?q={words['rare']}")
        elif name == "fts_common":
            paths.append(f"/api/v1/articles/?q={words['common']}")
        elif name == "admin_events":
            page = rng.choice([1, 1, 1, 2, 3])
            paths.append("/admin/events/event/" + (f"?p={page}" if page > 1 else ""))
    return paths


def editor_session() -> str:
    """A saved session of a superuser, for the admin scenario (the cookie value)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username=EDITOR, defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def sql_floor(path: str, session: str | None) -> dict:
    """Run the request in-process, then EXPLAIN ANALYZE each query it ran (best of three)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=api_load.HOST)
    if session:
        client.cookies["sessionid"] = session
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    timings = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            best = None
            for _ in range(3):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                spent = plan[0]["Planning Time"] + plan[0]["Execution Time"]
                best = spent if best is None else min(best, spent)
            timings.append((best, sql))
    timings.sort(reverse=True)
    return {
        "status": status,
        "queries": len(captured.captured_queries),
        "floor_ms": round(sum(t for t, _ in timings), 2),
        "main_ms": round(timings[0][0], 2) if timings else 0.0,
        "main_sql": timings[0][1][:400] if timings else "",
    }


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def run(args) -> list[dict]:
    from django.core.management import call_command

    if not (REPO / "staticfiles" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    words = {"rare": args.rare_word, "common": args.common_word}
    matches = {key: word_matches(word) for key, word in words.items()}
    session = editor_session()
    rng = random.Random(args.seed)
    base = f"http://{api_load.HOST}:{PORT}"
    if args.cache_url:
        # Only the server gets the shared cache: the SQL floors above and below stay real.
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()
        os.environ["CACHE_URL"] = args.cache_url
    process = api_load.gunicorn_start(args.workers, args.threads, port=PORT)
    rows = []
    try:
        for name in args.scenarios:
            paths = scenario_paths(name, rng, 200, words)
            headers = {"Cookie": f"sessionid={session}"} if name == "admin_events" else {}
            floors = [sql_floor(p, session if name == "admin_events" else None) for p in paths[:5]]
            api_load.drive(base, paths, args.concurrency, 3, 200, headers)  # warm-up
            began_load = load_average()
            latencies, statuses, elapsed = api_load.drive(
                base, paths, args.concurrency, args.duration, args.max_requests, headers
            )
            ms = [x * 1000 for x in latencies]
            floor = sorted(f["floor_ms"] for f in floors)[len(floors) // 2]
            row = {
                "scenario": name,
                "label": args.label,
                "example": paths[0],
                "requests": len(ms),
                "statuses": {str(k): v for k, v in sorted(statuses.items())},
                "seconds": round(elapsed, 1),
                "rps": round(len(ms) / elapsed, 1),
                "p50_ms": round(api_load.percentile(ms, 50), 1),
                "p95_ms": round(api_load.percentile(ms, 95), 1),
                "p99_ms": round(api_load.percentile(ms, 99), 1),
                "sql_floor_ms": floor,
                "sql_main_ms": sorted(f["main_ms"] for f in floors)[len(floors) // 2],
                "queries": floors[0]["queries"],
                "ratio_p50_to_floor": round(api_load.percentile(ms, 50) / floor, 1)
                if floor
                else None,
                "main_sql": max(floors, key=lambda f: f["main_ms"])["main_sql"],
                "concurrency": args.concurrency,
                "api_cache": bool(args.cache_url),
                "gunicorn": f"{args.workers}x{args.threads}",
                "load_average": [began_load, load_average()],
            }
            if name.startswith("fts"):
                row["word"] = words[name.split("_")[1]]
                row["matches"] = matches[name.split("_")[1]]
            rows.append(row)
            print(
                f"{name:13} {row['rps']:7.1f} req/s  p50 {row['p50_ms']:7.1f}  "
                f"p95 {row['p95_ms']:7.1f}  p99 {row['p99_ms']:7.1f} ms  "
                f"SQL floor {floor:6.1f} ms (x{row['ratio_p50_to_floor']})  "
                f"statuses {row['statuses']}  load {row['load_average']}",
                flush=True,
            )
    finally:
        api_load.gunicorn_stop(process)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per scenario")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (max 64)")
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--rare-word", default="Tal Abyad")
    parser.add_argument("--common-word", default="Turkey")
    parser.add_argument("--label", default="run", help="names the output file")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--cache-url",
        help="serve with the API read cache in this Redis database (emptied first), "
        "e.g. redis://127.0.0.1:6379/9; the warm-up fills it",
    )
    args = parser.parse_args()
    if not 0 < args.duration <= 120 or not 0 < args.concurrency <= 64:
        parser.error("--duration must be in (0, 120] and --concurrency in [1, 64]")
    if not 0 < args.max_requests <= 100_000:
        parser.error("--max-requests must be in [1, 100000]")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("DATABASE_URL must point to the PostgreSQL benchmark database")
    django_setup()
    rows = run(args)
    out = REPO / "bench" / "out" / f"read_bench_{args.label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))
    print(f"wrote {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
