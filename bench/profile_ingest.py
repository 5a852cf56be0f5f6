"""Where one worker's time goes: cProfile over ingesting N generated files on PostgreSQL.

    .venv/bin/python bench/profile_ingest.py -n 200 --warm 300 \\
        --database postgres://postgres@127.0.0.1:5432/idlib_prof

The database named in --database is dropped, created and migrated first. Files come from
bench/make_corpus.py (deterministic, ~800 words each unless --words says otherwise); each is
ingested with ``ingest_path`` in this process, as one Celery worker process would. The first
--warm files are ingested before profiling starts, so the profile shows a worker in its steady
state (the entities it meets mostly stored already) rather than its first minutes. Prints
articles per second, SQL statements per article by kind, the share of time per area
(parsing, extraction, database), then the functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AREAS = (
    ("apps/ingestion/parsers", "parsing"),
    ("apps/ingestion/extraction", "extraction"),
    ("django/db", "database (ORM and driver)"),
    ("psycopg", "database (ORM and driver)"),
    ("simple_history", "history rows"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=200)
    parser.add_argument("--warm", type=int, default=300, help="files ingested before (300)")
    parser.add_argument("--words", type=int, default=800, help="words per article; 0: ~320")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/idlib_prof")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--sort",
        default="cumulative",
        choices=("cumulative", "tottime"),
        help="order of the function list: cumulative (default) or own time",
    )
    parser.add_argument("--save", help="also write the raw profile to this file (pstats)")
    args = parser.parse_args()
    if not 0 < args.count <= 5000 or not 0 <= args.warm <= 20000:
        parser.error("--count must be in [1, 5000] and --warm in [0, 20000]")

    sys.path.insert(0, str(REPO / "bench"))
    from ingest_workers import AnalyzeLikeAutovacuum, recreate_database

    recreate_database(args.database)
    env = {**os.environ, "DATABASE_URL": args.database}
    env.pop("CELERY_BROKER_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
    os.environ.update(
        {"DATABASE_URL": args.database, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    )
    os.environ.pop("CELERY_BROKER_URL", None)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    import make_corpus
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.ingestion.extraction.dictionary import get_dictionary
    from apps.ingestion.services import ingest_path

    get_dictionary()  # built once per worker, as the worker does on its first task
    statements: Counter = Counter()

    def tally(queries) -> None:
        """Count statements by verb and table (BEGIN, COMMIT and savepoints included)."""
        for query in queries:
            sql = query["sql"]
            verb = sql.split(None, 1)[0].upper()
            table = ""
            if verb in ("INSERT", "UPDATE", "DELETE", "SELECT"):
                after = sql.split(" FROM " if verb == "SELECT" else None, 1)
                rest = after[1] if verb == "SELECT" and len(after) > 1 else sql
                names = [w for w in rest.split() if w.startswith('"')]
                table = names[0].strip('"') if names else ""
            statements[(verb, table)] += 1

    with tempfile.TemporaryDirectory() as folder:
        make_corpus.write_corpus(
            Path(folder),
            args.warm + args.count + 1,
            args.seed,
            REPO.parent / "shared" / "seeds",
            words=args.words or None,
        )
        paths = sorted(Path(folder).iterdir())
        # Tables analyzed as stock autovacuum would, on a server where it is off.
        analyzer = AnalyzeLikeAutovacuum(args.database)
        for n, path in enumerate(paths[: args.warm + 1], 1):  # and one more: imports, caches
            ingest_path(path)
            if n % 25 == 0:
                analyzer.check()
        paths = paths[args.warm + 1 :]
        profile = cProfile.Profile()
        began = time.perf_counter()
        for n, path in enumerate(paths, 1):
            with CaptureQueriesContext(connection) as captured:
                profile.enable()
                ingest_path(path)
                profile.disable()
            tally(captured.captured_queries)
            if n % 25 == 0:
                analyzer.check()
        elapsed = time.perf_counter() - began
        analyzer.close()
    print(
        f"{len(paths)} articles (after {args.warm + 1}) in {elapsed:.1f} s under the profiler: "
        f"{len(paths) / elapsed:.1f} articles/s"
    )
    total_statements = sum(statements.values())
    print(
        f"SQL statements per article (BEGIN and COMMIT included): {total_statements / len(paths):.1f}"
    )
    for (verb, table), n in statements.most_common():
        print(f"  {n / len(paths):5.2f}  {verb} {table}")
    stats = pstats.Stats(profile)
    total = sum(row[2] for row in stats.stats.values())  # tottime
    shares: dict[str, float] = defaultdict(float)
    for (filename, _, _), row in stats.stats.items():
        area = next((name for part, name in AREAS if part in filename), "other")
        shares[area] += row[2]
    for area, spent in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"  {area:28} {spent / total:6.1%}")
    if args.save:
        stats.dump_stats(args.save)
    stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
