"""Where one worker's time goes: cProfile over ingesting N generated files on PostgreSQL.

    .venv/bin/python bench/profile_ingest.py -n 200 \\
        --database postgres://postgres@127.0.0.1:5432/idlib_prof

The database named in --database is dropped, created and migrated first. Files come from
bench/make_corpus.py (deterministic); each is ingested with ``ingest_path`` in this process,
as one Celery worker process would. Prints articles per second, then the functions with the
most cumulative time and the share of time per area (parsing, extraction, database).
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
from collections import defaultdict
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
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/idlib_prof")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    if not 0 < args.count <= 5000:
        parser.error("--count must be in [1, 5000]")

    sys.path.insert(0, str(REPO / "bench"))
    from ingest_workers import recreate_database

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

    from apps.ingestion.extraction.dictionary import get_dictionary
    from apps.ingestion.services import ingest_path

    get_dictionary()  # built once per worker, as the worker does on its first task
    with tempfile.TemporaryDirectory() as folder:
        make_corpus.write_corpus(
            Path(folder), args.count, args.seed, REPO.parent / "shared" / "seeds"
        )
        paths = sorted(Path(folder).iterdir())
        ingest_path(paths[0])  # warm-up: imports, caches
        profile = cProfile.Profile()
        began = time.perf_counter()
        profile.enable()
        for path in paths[1:]:
            ingest_path(path)
        profile.disable()
        elapsed = time.perf_counter() - began
    print(
        f"{len(paths) - 1} articles in {elapsed:.1f} s: {(len(paths) - 1) / elapsed:.1f} articles/s"
    )
    stats = pstats.Stats(profile)
    total = sum(row[2] for row in stats.stats.values())  # tottime
    shares: dict[str, float] = defaultdict(float)
    for (filename, _, _), row in stats.stats.items():
        area = next((name for part, name in AREAS if part in filename), "other")
        shares[area] += row[2]
    for area, spent in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"  {area:28} {spent / total:6.1%}")
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
