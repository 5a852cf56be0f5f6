"""Ingestion benchmarks: one script, one mode per measurement.

    .venv/bin/python -m bench.make_corpus var/bench/corpus -n 1000 --seed 1
    .venv/bin/python -m bench.ingest store var/bench/corpus --no-extract   # parse + store
    .venv/bin/python -m bench.ingest speed -n 300 --warm 100 --sections \\
        --database postgres://postgres@127.0.0.1:5432/idlib_bench_ingest
    .venv/bin/python -m bench.ingest profile -n 200 --warm 300 \\
        --database postgres://postgres@127.0.0.1:5432/idlib_prof
    .venv/bin/python -m bench.ingest workers --counts 1000 10000 --workers 1 2 \\
        --database postgres://postgres@127.0.0.1:5432/idlib_scale --broker redis://127.0.0.1:6379/11

store
    Time parsing and storing of the files of a folder, per article: each file goes through
    ``ingest_path`` (read, parse, one transaction, store) exactly as a worker runs it, minus the
    broker. Unless DATABASE_URL is set, a fresh SQLite database under var/bench/ is used.
    Prints ms per article (mean, median, 95th percentile) for parsing alone and for the whole
    ingestion, and checks the clean bodies for leftovers (URLs, furniture).
speed
    CPU per article of the whole ingestion with extraction, in one process as one Celery worker
    process runs each task, on N generated ~800-word articles after --warm ones: articles per
    second per core is 1 / (CPU seconds per article). The CPU counted is all the ingestion uses:
    this process and, with PostgreSQL on this host, the server process serving this connection
    and the server's background processes (WAL writer, checkpointer, autovacuum, ...). SQLite
    (default, in a temporary folder) runs inside this process. The pure extraction of the same
    articles is timed too. With --existing the PostgreSQL database is used as it is, so the cost
    per article can be read in a database that already holds a large corpus (such as the one
    ``bench.load_events`` loads); --sections adds this process's CPU in each step. The target
    is above 20 such articles per second per core: under 50 ms of CPU per article.
profile
    Where one worker's time goes: cProfile over ingesting N generated files into PostgreSQL
    after --warm files ingested unprofiled, so the profile shows a worker in its steady state.
    Prints articles per second, SQL statements per article by kind, the share of time per area
    (parsing, extraction, database), then the functions with the most time.
workers
    Throughput through real Celery workers on PostgreSQL and Redis: for each corpus size and
    number of worker processes a fresh database, a generated corpus, a worker and
    ``manage.py ingest`` over the folder (``bench/worker_runs.py``). With --time-limit a run
    that has not finished by then is stopped and reports the files it ingested. Rows go to --out
    as JSON (plot them with ``bench.plot_benchmarks``).
finish
    Finish the measurement of a workers run whose own process cannot wait for it, from the start
    time and CPU baselines it had (read from it, for example with ``py-spy dump --locals``): it
    keeps the table statistics, samples the worker's resident sets every 30 s and, when no file
    is pending, stops the worker, empties the broker and writes the same JSON row. ``--started``
    is the run's start on the system's monotonic clock (``time.perf_counter()`` of the starting
    process on Linux).

Generated articles come from ``bench.make_corpus`` (deterministic). A PostgreSQL database named
by --database is dropped and created again (not with --existing). On a server running with
``autovacuum = off``, tables are analyzed as stock autovacuum would (``AnalyzeLikeAutovacuum``),
so the plans are those of a normally configured server.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.common import OUT, REPO, SEEDS, django_setup
from bench.postgres import AnalyzeLikeAutovacuum, ServerCpu, recreate_database

LEFTOVERS = ("http", "google cta", "Related article", "keep reading", "Top photo credit", "**")


def summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    return (
        f"{label:<22} {statistics.fmean(ms):7.2f} ms/article  (median {statistics.median(ms):.2f}, "
        f"p95 {p95:.2f}, total {sum(ms) / 1000:.1f} s)"
    )


def setup_database(database: str | None, folder: Path, *, fresh: bool = True):
    """Set Django up in this process on the benchmark database, migrated: the PostgreSQL one
    ``database`` names (dropped and created again when ``fresh``) or a new SQLite file in
    ``folder``. Returns the PostgreSQL statistics keeper (None on SQLite)."""
    analyzer = None
    if database:
        if fresh:
            recreate_database(database)
        # Tables analyzed as stock autovacuum would, on a server where it is off.
        analyzer = AnalyzeLikeAutovacuum(database)
    django_setup(database or f"sqlite:///{folder / 'bench.sqlite3'}")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return analyzer


def ingest_all(paths, analyzer) -> list[str]:
    """Ingest the files one by one, keeping the statistics every 25 files; their outcomes."""
    from apps.ingestion.services import ingest_path

    outcomes = []
    for n, path in enumerate(paths, 1):
        outcomes.append(ingest_path(path).outcome)
        if analyzer is not None and n % 25 == 0:
            analyzer.check()
    return outcomes


def store(args) -> None:
    bench_dir = REPO / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    database = os.environ.get("DATABASE_URL")
    if not database:
        db = bench_dir / "bench.sqlite3"
        db.unlink(missing_ok=True)
        database = f"sqlite:///{db}"
    django_setup(database)
    import django
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


def speed(args) -> None:
    if not any(args.seeds.glob("*.txt")):
        sys.exit(f"no seed articles in {args.seeds}")
    work = Path(tempfile.mkdtemp(prefix="ingest-speed-"))
    analyzer = None
    try:
        analyzer = setup_database(args.database, work, fresh=not args.existing)
        from django.db import connection

        from apps.events.models import Event
        from apps.ingestion.extraction.pipeline import extract, preload
        from apps.ingestion.parsers import parse_file
        from bench.make_corpus import write_corpus

        folder = work / "in"
        write_corpus(folder, args.warm + args.count, args.seed, args.seeds, words=args.words)
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

        ingest_all(warm, analyzer)
        executed = [0]

        def count(execute, sql, params, many, context):
            executed[0] += 1
            return execute(sql, params, many, context)

        sections = SectionClock(SECTIONS) if args.sections else None
        helper = (analyzer.conn.info.backend_pid,) if analyzer is not None else ()
        database = ServerCpu(connection, also=helper)
        db_before = database.sample()
        cpu, wall = time.process_time(), time.perf_counter()
        with connection.execute_wrapper(count):
            outcomes = ingest_all(timed, analyzer)
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


AREAS = (
    ("apps/ingestion/parsers", "parsing"),
    ("apps/ingestion/extraction", "extraction"),
    ("django/db", "database (ORM and driver)"),
    ("psycopg", "database (ORM and driver)"),
    ("simple_history", "history rows"),
)


def profile(args) -> None:
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory() as folder:
        analyzer = setup_database(args.database, Path(folder))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from apps.ingestion.extraction.dictionary import get_dictionary
        from apps.ingestion.services import ingest_path
        from bench.make_corpus import write_corpus

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

        corpus = Path(folder) / "in"
        write_corpus(
            corpus, args.warm + args.count + 1, args.seed, args.seeds, words=args.words or None
        )
        paths = sorted(corpus.iterdir())
        ingest_all(paths[: args.warm + 1], analyzer)  # and one more: imports, caches
        paths = paths[args.warm + 1 :]
        profiler = cProfile.Profile()
        began = time.perf_counter()
        for n, path in enumerate(paths, 1):
            with CaptureQueriesContext(connection) as captured:
                profiler.enable()
                ingest_path(path)
                profiler.disable()
            tally(captured.captured_queries)
            if analyzer is not None and n % 25 == 0:
                analyzer.check()
        elapsed = time.perf_counter() - began
        if analyzer is not None:
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
    stats = pstats.Stats(profiler)
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


def workers(args) -> None:
    from bench import worker_runs

    args.words = args.words or None
    env = worker_runs.bench_env(args.database, args.broker)
    rows = []
    for count in args.counts:
        for n in args.workers:
            row = worker_runs.run_once(count, n, args, env)
            rows.append(row)
            print(json.dumps(row), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))
    worker_runs.print_table(rows)


def finish(args) -> None:
    from bench import worker_runs

    worker_runs.finish(args)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    modes = parser.add_subparsers(dest="mode", required=True, metavar="MODE")

    p = modes.add_parser("store", help="parse and store a folder's files, ms per article")
    p.add_argument("corpus", type=Path, help="folder of article files (bench.make_corpus)")
    p.add_argument("--no-extract", action="store_true", help="store without running extraction")
    p.add_argument("--limit", type=int, default=0, help="only the first N files")
    p.set_defaults(run=store)

    def generated(p, count: int, warm: int, *, postgres: str | None = None) -> None:
        p.add_argument("-n", "--count", type=int, default=count, help=f"articles timed ({count})")
        p.add_argument("--warm", type=int, default=warm, help=f"articles ingested first ({warm})")
        p.add_argument("--words", type=int, default=800, help="words per article (800)")
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--seeds", type=Path, default=SEEDS, help="the seed articles")
        p.add_argument(
            "--database",
            default=postgres,
            help="postgres://... (dropped and created)" + ("" if postgres else "; default SQLite"),
        )

    p = modes.add_parser("speed", help="CPU per article in one process, per step with --sections")
    generated(p, 500, 50)
    p.add_argument(
        "--existing",
        action="store_true",
        help="keep what --database holds (migrated, not dropped): ingest into a large corpus",
    )
    p.add_argument(
        "--sections",
        action="store_true",
        help="also print this process's CPU per article in each step of the ingestion",
    )
    p.set_defaults(run=speed)

    p = modes.add_parser("profile", help="cProfile of one worker process on PostgreSQL")
    generated(p, 200, 300, postgres="postgres://postgres@127.0.0.1:5432/idlib_prof")
    p.add_argument("--top", type=int, default=25)
    p.add_argument(
        "--sort",
        default="cumulative",
        choices=("cumulative", "tottime"),
        help="order of the function list: cumulative (default) or own time",
    )
    p.add_argument("--save", help="also write the raw profile to this file (pstats)")
    p.set_defaults(run=profile)

    def run_fields(p, database: str | None) -> None:
        p.add_argument("--database", default=database, required=database is None)
        broker = "redis://127.0.0.1:6379/11" if database else None
        p.add_argument("--broker", default=broker, required=database is None)
        p.add_argument("--words", type=int, default=800, help="words per article (800)")
        p.add_argument("--label", default="", help="a name for these runs in tables and plots")
        p.add_argument(
            "--naptime",
            type=float,
            default=60,
            help="seconds between statistics checks when the server's autovacuum is off (60)",
        )

    p = modes.add_parser("workers", help="throughput through real Celery workers")
    p.add_argument("--counts", type=int, nargs="+", default=[1000])
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--seed", type=int, default=1)
    run_fields(p, "postgres://postgres@127.0.0.1:5432/idlib_scale")
    p.add_argument("--out", type=Path, default=OUT / "ingest_workers.json")
    p.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()))
    p.add_argument(
        "--time-limit",
        type=float,
        help="seconds a run may take: then it is stopped and reports the files it ingested",
    )
    p.set_defaults(run=workers)

    p = modes.add_parser("finish", help="finish a workers run its own process cannot wait for")
    p.add_argument("--worker", type=int, required=True, help="the worker's main process id")
    p.add_argument("--started", type=float, required=True, help="monotonic start, seconds")
    p.add_argument("--before", type=json.loads, required=True, help="CPU baselines (JSON)")
    p.add_argument("--load-before", type=float, required=True)
    p.add_argument("--ingest-pid", type=int, help="the ingest command, for its CPU")
    p.add_argument("--files", type=int, required=True)
    p.add_argument("--workers", type=int, default=1, help="the worker's pool processes")
    run_fields(p, None)
    p.add_argument(
        "--time-limit",
        type=float,
        help="seconds from --started after which the run is stopped and its finished files reported",
    )
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=finish)

    args = parser.parse_args()
    if args.mode in ("speed", "profile"):
        if args.count < 1 or args.warm < 0:
            parser.error("--count must be positive and --warm not negative")
        if args.mode == "speed" and args.existing and not args.database:
            parser.error("--existing needs --database")
        if args.mode == "profile" and not (args.count <= 5000 and args.warm <= 20000):
            parser.error("--count must be in [1, 5000] and --warm in [0, 20000]")
    args.run(args)


if __name__ == "__main__":
    main()
