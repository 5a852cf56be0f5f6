"""Ingestion speed with extraction: articles per second per core.

Copies the seed articles N times (each copy made distinct, so none is a duplicate) into a
temporary folder, ingests them one by one with ``ingest_path`` into a fresh SQLite database
(parse, store, extract entities and events, persist), and reports wall-clock and CPU time per
article. The curated dictionary is loaded first, as ``make demo`` does. Also times the pure
extraction (no database) for comparison.

    .venv/bin/python bench/ingest_speed.py [--copies 10] [--seeds ../shared/seeds]

The target is above 20 typical (~800-word) articles per second per core: CPU time per
article below 50 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="copies of each seed (default 10)")
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    args = parser.parse_args()
    seeds = sorted(args.seeds.glob("*.txt"))
    if not seeds:
        sys.exit(f"no seed articles in {args.seeds}")

    work = Path(tempfile.mkdtemp(prefix="ingest-speed-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    from apps.events.models import Event
    from apps.ingestion.extraction.entity_store import dictionary_store
    from apps.ingestion.extraction.pipeline import extract
    from apps.ingestion.parsers import parse_file
    from apps.ingestion.services import ingest_path

    try:
        call_command("migrate", verbosity=0)
        dictionary_store()
        files = []
        for n in range(args.copies):
            for seed in seeds:
                copy = work / "in" / f"{n:03d}_{seed.name}"
                copy.parent.mkdir(exist_ok=True)
                copy.write_bytes(seed.read_bytes() + f"\n\nCopy {n}.\n".encode())
                files.append(copy)
        words = sum(len(parse_file(p).body.split()) for p in seeds) / len(seeds)

        parsed = [parse_file(p) for p in seeds]
        extract(parsed[0].body, published_on=parsed[0].published_on)  # warm the pipeline
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.copies):
            for article in parsed:
                extract(article.body, published_on=article.published_on)
        n = args.copies * len(parsed)
        pure_cpu = (time.process_time() - cpu) / n
        pure_wall = (time.perf_counter() - wall) / n

        cpu, wall = time.process_time(), time.perf_counter()
        outcomes = [ingest_path(p).outcome for p in files]
        ingest_cpu = (time.process_time() - cpu) / len(files)
        ingest_wall = (time.perf_counter() - wall) / len(files)

        print(
            f"articles: {len(files)} ({len(seeds)} seeds x {args.copies}), {words:.0f} words each on average"
        )
        print(
            f"outcomes: {dict((o, outcomes.count(o)) for o in sorted(set(outcomes)))}; events stored: {Event.objects.count()}"
        )
        print(
            f"extraction only:        {pure_cpu * 1000:6.1f} ms CPU/article  ({1 / pure_cpu:5.1f} articles/s/core), wall {pure_wall * 1000:.1f} ms"
        )
        print(
            f"ingestion + extraction: {ingest_cpu * 1000:6.1f} ms CPU/article  ({1 / ingest_cpu:5.1f} articles/s/core), wall {ingest_wall * 1000:.1f} ms"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
