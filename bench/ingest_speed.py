"""Ingestion speed with extraction: typical (~800-word) articles per second per core.

Generates N distinct articles of about 800 words (``bench/make_corpus.py --words 800``: the seed
articles' paragraphs recombined, in the file shapes the parser meets, people and towns swapped
for others from the curated dictionary) and ingests them one by one with ``ingest_path`` in this
process, exactly as one Celery worker process runs each task (parse, one transaction, store,
extract entities and events, persist), into a fresh database: SQLite in a temporary folder
(default) or the PostgreSQL database named by --database (dropped and created again; with
--existing, used as it is, so the cost per article can be read in a database that already holds
a large corpus, such as the one ``bench/load_events.py`` loads).

The first --warm files are ingested before the clock starts, so the figures describe a worker
past its first minutes; nothing else is loaded beforehand (curated rows are created as the
articles name them, as in production).

"Per core" is CPU time: one core ingests 1 / (CPU seconds per article) articles a second. The
CPU counted is all the ingestion uses: this process and, with PostgreSQL on this host, the
server process serving this connection and the server's background processes (WAL writer,
checkpointer, autovacuum, ...), read from /proc. On a server with ``autovacuum = off``, the
tables are analyzed as stock autovacuum would (``ingest_workers.AnalyzeLikeAutovacuum``),
and that work is counted as background. SQLite runs inside this process. The pure extraction of
the same articles (``pipeline.extract``, no database) is timed too, for comparison.

    .venv/bin/python bench/ingest_speed.py [-n 500] [--warm 50]
    .venv/bin/python bench/ingest_speed.py \\
        --database postgres://postgres@127.0.0.1:5432/idlib_bench_ingest

The target is above 20 such articles per second per core: under 50 ms of CPU per article.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from ingest_workers import cpu_seconds, process_cpu_seconds  # noqa: E402

PG_AUXILIARY = (
    "checkpointer",
    "background writer",
    "walwriter",
    "autovacuum",
    "logical replication",
    "stats collector",
)


def postgres_auxiliary_pids(postmaster: int) -> list[int]:
    """The server's own background processes (not client backends)."""
    out = subprocess.run(
        ["ps", "-o", "pid=,args=", "--ppid", str(postmaster)], capture_output=True, text=True
    )
    pids = []
    for line in out.stdout.splitlines():
        pid, _, args = line.strip().partition(" ")
        if any(name in args for name in PG_AUXILIARY):
            pids.append(int(pid))
    return pids


class DatabaseCpu:
    """CPU the PostgreSQL server spends for this process: its backend and background work."""

    def __init__(self, connection, *, also: tuple[int, ...] = ()) -> None:
        self.backend = self.postmaster = None
        self.also = also  # other backends working for the ingestion (statistics)
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid(), current_setting('data_directory')")
            backend, data_dir = cursor.fetchone()
        if process_cpu_seconds(backend) is None:
            print("note: the PostgreSQL server is not on this host; its CPU is not counted")
            return
        self.backend = backend
        try:
            self.postmaster = int((Path(data_dir) / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            print("note: cannot read postmaster.pid; server background CPU not counted")

    def sample(self) -> tuple[float, float]:
        if self.backend is None:
            return 0.0, 0.0
        background = cpu_seconds(self.also)
        if self.postmaster is not None:
            background += cpu_seconds(postgres_auxiliary_pids(self.postmaster))
        return process_cpu_seconds(self.backend) or 0.0, background


# The steps of one file's ingestion, as "module:function" where the caller looks it up (a
# step's time includes the steps it calls: ingest_path holds all, article_extract the rest).
SECTIONS = (
    "apps.ingestion.services:ingest_path",
    "apps.ingestion.parsers:parse_raw",
    "apps.ingestion.services:article_upsert",
    "apps.ingestion.persist.extraction:article_extract",
    "apps.ingestion.persist.extraction:extract",
    "apps.ingestion.extraction.entities:extract_entities",
    "apps.ingestion.extraction.pipeline:extract_events",
    "apps.ingestion.persist.extraction:entities_store",
    "apps.ingestion.persist.extraction:events_upsert_for_article",
    "apps.ingestion.persist.extraction:_figures_replace",
)


class SectionClock:
    """CPU time of this process spent inside chosen functions, summed over calls.

    Each function is replaced, where it is looked up, by a wrapper reading ``process_time``
    around the call; recursive and nested calls of the same step count once.
    """

    def __init__(self, names) -> None:
        import importlib

        self.spent: dict[str, float] = {}
        for name in names:
            module_name, attribute = name.split(":")
            module = importlib.import_module(module_name)
            setattr(module, attribute, self._wrap(attribute, getattr(module, attribute)))

    def _wrap(self, label, function):
        import functools

        self.spent.setdefault(label, 0.0)
        depth = [0]

        @functools.wraps(function)
        def timed(*args, **kwargs):
            if depth[0]:
                return function(*args, **kwargs)
            depth[0] += 1
            began = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[label] += time.process_time() - began
                depth[0] -= 1

        return timed

    def report(self, count: int, own_cpu: float) -> None:
        print("this process's CPU per article by step (a step includes what it calls):")
        for label, spent in self.spent.items():
            print(f"  {label:28} {spent / count * 1000:6.1f} ms")
        print(f"  {'all steps':28} {own_cpu * 1000:6.1f} ms (the whole of this process)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=500, help="articles timed (500)")
    parser.add_argument("--warm", type=int, default=50, help="articles ingested first (50)")
    parser.add_argument("--words", type=int, default=800, help="words per article (800)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--database", help="postgres://... (dropped and created); default SQLite")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="keep what --database holds (migrated, not dropped): ingest into a large corpus",
    )
    parser.add_argument(
        "--sections",
        action="store_true",
        help="also print this process's CPU per article in each step of the ingestion",
    )
    args = parser.parse_args()
    if args.count < 1 or args.warm < 0:
        parser.error("--count must be positive and --warm not negative")
    if args.existing and not args.database:
        parser.error("--existing needs --database")
    if not any(args.seeds.glob("*.txt")):
        parser.error(f"no seed articles in {args.seeds}")

    work = Path(tempfile.mkdtemp(prefix="ingest-speed-"))
    analyzer = None
    if args.database:
        from ingest_workers import AnalyzeLikeAutovacuum, recreate_database

        if not args.existing:
            recreate_database(args.database)
        # Tables analyzed as stock autovacuum would, on a server where it is off.
        analyzer = AnalyzeLikeAutovacuum(args.database)
        os.environ["DATABASE_URL"] = args.database
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    import make_corpus
    from django.core.management import call_command
    from django.db import connection

    from apps.events.models import Event
    from apps.ingestion import services
    from apps.ingestion.extraction.pipeline import extract, preload
    from apps.ingestion.parsers import parse_file

    try:
        call_command("migrate", verbosity=0)
        folder = work / "in"
        make_corpus.write_corpus(
            folder, args.warm + args.count, args.seed, args.seeds, words=args.words
        )
        files = sorted(folder.iterdir())
        warm, timed = files[: args.warm], files[args.warm :]
        parsed = [parse_file(p) for p in timed]
        words = statistics.fmean(len(a.body.split()) for a in parsed)

        preload()  # as a worker does before it forks its pool (config/celery_app.py)
        cpu, wall = time.process_time(), time.perf_counter()
        for article in parsed:
            extract(article.body, published_on=article.published_on)
        pure_cpu = (time.process_time() - cpu) / len(parsed)
        pure_wall = (time.perf_counter() - wall) / len(parsed)

        def ingest(paths):
            outcomes = []
            for n, path in enumerate(paths, 1):
                outcomes.append(services.ingest_path(path).outcome)
                if analyzer is not None and n % 25 == 0:
                    analyzer.check()
            return outcomes

        ingest(warm)
        executed = [0]

        def count(execute, sql, params, many, context):
            executed[0] += 1
            return execute(sql, params, many, context)

        sections = SectionClock(SECTIONS) if args.sections else None
        helper = (analyzer.conn.info.backend_pid,) if analyzer is not None else ()
        database = DatabaseCpu(connection, also=helper)
        db_before = database.sample()
        cpu, wall = time.process_time(), time.perf_counter()
        with connection.execute_wrapper(count):
            outcomes = ingest(timed)
        own_cpu = (time.process_time() - cpu) / len(timed)
        ingest_wall = (time.perf_counter() - wall) / len(timed)
        db_after = database.sample()
        backend_cpu = (db_after[0] - db_before[0]) / len(timed)
        background_cpu = (db_after[1] - db_before[1]) / len(timed)
        total_cpu = own_cpu + backend_cpu + background_cpu

        vendor = connection.vendor
        print(
            f"database: {vendor}; articles timed: {len(timed)} after {len(warm)} warm-up, "
            f"{words:.0f} words each on average"
        )
        shown = ", ".join(f"{o} {outcomes.count(o)}" for o in sorted(set(outcomes)))
        print(f"outcomes: {shown}; events stored: {Event.objects.count()}")
        # Each file is one transaction: its BEGIN and COMMIT are not cursor executes.
        per_article = executed[0] / len(timed) + 2
        print(f"SQL statements per article (BEGIN and COMMIT included): {per_article:.1f}")
        print(
            f"extraction only:        {pure_cpu * 1000:6.1f} ms CPU/article "
            f"({1 / pure_cpu:5.1f} articles/s/core), wall {pure_wall * 1000:.1f} ms"
        )
        split = f"this process {own_cpu * 1000:.1f}"
        if vendor == "postgresql":
            split += (
                f" + server backend {backend_cpu * 1000:.1f}"
                f" + server background {background_cpu * 1000:.1f}"
            )
        print(
            f"ingestion + extraction: {total_cpu * 1000:6.1f} ms CPU/article "
            f"({1 / total_cpu:5.1f} articles/s/core), wall {ingest_wall * 1000:.1f} ms "
            f"({split})"
        )
        print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")
        if analyzer is not None and analyzer.active:
            print(f"tables analyzed as autovacuum would (it is off here): {analyzer.analyzed}")
        if sections is not None:
            sections.report(len(timed), own_cpu)
    finally:
        if analyzer is not None:
            analyzer.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
