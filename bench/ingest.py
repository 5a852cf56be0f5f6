"""Time parsing and storing of article files, per article.

    python bench/make_corpus.py var/bench/corpus -n 1000 --seed 1
    python bench/ingest.py var/bench/corpus --no-extract     # parse + store only
    python bench/ingest.py var/bench/corpus                  # with entity/event extraction

Each file goes through ``ingest_path`` (read, parse, one transaction, store) exactly as a
worker runs it, minus the broker. Unless DATABASE_URL is set, a fresh SQLite database under
var/bench/ is used, so the figures do not depend on what is already stored. Prints ms per
article (mean, median, 95th percentile) for parsing alone and for the whole ingestion, and
checks the clean bodies for leftovers (URLs, furniture) as a sanity check.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

LEFTOVERS = ("http", "google cta", "Related article", "keep reading", "Top photo credit", "**")


def summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    return (
        f"{label:<22} {statistics.fmean(ms):7.2f} ms/article  (median {statistics.median(ms):.2f}, "
        f"p95 {p95:.2f}, total {sum(ms) / 1000:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder of article files (bench/make_corpus.py)")
    parser.add_argument(
        "--no-extract", action="store_true", help="store articles without running extraction"
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    args = parser.parse_args()

    bench_dir = REPO / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        db = bench_dir / "bench.sqlite3"
        db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.pop("CELERY_BROKER_URL", None)

    import django

    django.setup()
    from django.core.management import call_command

    from apps.articles.models import Article
    from apps.ingestion import parsers, sources
    from apps.ingestion.services import ingest_path, paths_expand

    call_command("migrate", verbosity=0)
    if Article.objects.exists():
        sys.exit("the database already holds articles; point DATABASE_URL at an empty one")

    files = paths_expand([args.corpus])
    if args.limit:
        files = files[: args.limit]
    if not files:
        sys.exit(f"no files under {args.corpus}")

    parse_times = []
    for path in files:
        start = time.perf_counter()
        try:
            parsers.parse_raw(sources.file_read(path))
        except Exception:  # counted below, by the full ingestion
            pass
        parse_times.append(time.perf_counter() - start)

    ingest_times = []
    outcomes: Counter = Counter()
    for path in files:
        start = time.perf_counter()
        record = ingest_path(path, extract=not args.no_extract)
        ingest_times.append(time.perf_counter() - start)
        outcomes[record.outcome] += 1

    leftovers = Counter()
    for body in Article.objects.values_list("body", flat=True):
        for marker in LEFTOVERS:
            if marker.casefold() in body.casefold():
                leftovers[marker] += 1

    mode = "without extraction" if args.no_extract else "with extraction"
    print(f"{len(files)} files, {mode}, database {django.db.connection.vendor}")
    print(summary("parse only", parse_times))
    print(summary("parse + store" + ("" if args.no_extract else " + extract"), ingest_times))
    print("outcomes:", ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print("bodies with leftovers:", dict(leftovers) or "none")


if __name__ == "__main__":
    main()
