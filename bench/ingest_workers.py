"""Ingestion throughput through real Celery workers on PostgreSQL and Redis.

For each corpus size and number of worker processes: a fresh database, a generated corpus
(bench/make_corpus.py, deterministic; typical ~800-word articles unless --words says
otherwise), a Celery worker with that many processes, and ``manage.py ingest`` over the
folder. Reports articles per second overall and for each fifth of the run (the cost per
article should stay flat as the database grows), the peak resident memory of the worker
processes, the outcomes, and the load average before and after.

    .venv/bin/python bench/ingest_workers.py --counts 1000 10000 --workers 1 2 \
        --database postgres://postgres@127.0.0.1:5432/idlib_scale \
        --broker redis://127.0.0.1:6379/11

With --time-limit a run that has not finished by then is stopped: it reports the files it
ingested (its fifths are fifths of those) and the files still queued are dropped from the broker.

The database named in --database is dropped and created again for every run. Corpora are
written under --corpus-dir (default: the system's temporary folder), never into the repository.
On a server running with ``autovacuum = off``, tables are analyzed as stock autovacuum would
(``AnalyzeLikeAutovacuum``), so the plans are those of a normally configured server.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable


def recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class AnalyzeLikeAutovacuum:
    """Table statistics as stock PostgreSQL keeps them, on a server whose autovacuum is off.

    Stock PostgreSQL's autovacuum analyzes a table once more than 50 rows + 10% of it changed
    since the last analysis, looking every minute. A server run with ``autovacuum = off``
    (this machine's CI configuration does that) never has statistics for tables created
    empty, and as they grow the planner turns lookups such as ``event_id IN (...)`` into
    sequential scans: the cost per article would then grow with the database because of the
    server's configuration, not the code. ``check()`` does what autovacuum would; it does
    nothing when the server's own autovacuum is on.
    """

    THRESHOLD, SCALE = 50, 0.1

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)
        self.active = self.conn.execute("SHOW autovacuum").fetchone()[0] == "off"
        self.analyzed = 0

    def check(self) -> None:
        if not self.active:
            return
        due = self.conn.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE n_mod_since_analyze > %s + %s * n_live_tup",
            (self.THRESHOLD, self.SCALE),
        ).fetchall()
        for (table,) in due:
            self.conn.execute(f'ANALYZE "{table}"')
            self.analyzed += 1

    def every(self, seconds: float, stop: threading.Event) -> threading.Thread:
        """Check every ``seconds`` (autovacuum's naptime is 60) until ``stop`` is set."""

        def loop():
            while not stop.wait(seconds):
                self.check()

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self.conn.close()


def corpus(count: int, seed: int, words: int | None, root: Path) -> Path:
    folder = root / f"corpus-{count}-{seed}-{words or 'short'}"
    if not folder.is_dir() or len(list(folder.iterdir())) != count:
        command = [PY, "bench/make_corpus.py", str(folder), "-n", str(count), "--seed", str(seed)]
        subprocess.run(command + (["--words", str(words)] if words else []), cwd=REPO, check=True)
    return folder


def tree_pids(root: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(root)], capture_output=True, text=True)
    children = [int(p) for p in out.stdout.split()]
    return [root] + [pid for child in children for pid in tree_pids(child)]


TICK = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name; None if /proc cannot tell."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far; None if /proc cannot tell."""
    fields = _stat_fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def cpu_seconds(pids) -> float:
    """User + system CPU seconds the processes have used so far (gone ones count 0)."""
    return sum(process_cpu_seconds(pid) or 0.0 for pid in pids)


def family_cpu_seconds(parent: int, children) -> float | None:
    """CPU of a parent process so far, with its live ``children`` and (counted by the parent,
    which waited for them) every child that has ended; None if /proc cannot tell."""
    fields = _stat_fields(parent)
    if fields is None:
        return None
    own = sum(int(f) for f in fields[11:15]) / TICK  # utime, stime, cutime, cstime
    return own + cpu_seconds(children)


def worker_cpu_seconds(root: int) -> float:
    """CPU of a Celery worker so far: its main process, its live pool processes, and the pool
    processes it has replaced."""
    return family_cpu_seconds(root, tree_pids(root)[1:]) or 0.0


def cpu_readings(worker: int, database: str) -> dict:
    """CPU seconds so far of the worker, the PostgreSQL server (None if not on this host) and
    Redis: the baselines of a run, and the JSON that ingest_finish.py's --before takes."""
    return {
        "workers": worker_cpu_seconds(worker),
        "postgres": postgres_cpu_seconds(database),
        "redis": cpu_seconds(redis_pids()),
    }


def cpu_since(before: dict, worker: int, database: str) -> dict:
    """CPU seconds each of cpu_readings' processes has spent since ``before`` (PostgreSQL 0.0
    when the server is not on this host)."""
    now = cpu_readings(worker, database)
    return {
        "workers": now["workers"] - before["workers"],
        "postgres": now["postgres"] - before["postgres"] if now["postgres"] is not None else 0.0,
        "redis": now["redis"] - before["redis"],
    }


def bench_env(database: str, broker: str) -> dict:
    """The environment of the worker, the ingest command and the report of a run."""
    return {
        **os.environ,
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": broker,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
    }


def postgres_cpu_seconds(url: str) -> float | None:
    """CPU of the whole PostgreSQL server so far: its main process, its live processes, and
    every process that has ended, such as a closed connection's. None when the server is not
    on this host."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        data = conn.execute("SHOW data_directory").fetchone()[0]
    try:
        postmaster = int((Path(data) / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(postmaster)], capture_output=True)
    return family_cpu_seconds(postmaster, [int(pid) for pid in out.stdout.split()])


def _status_kb(pid: int, key: str) -> int | None:
    """A memory figure of /proc/PID/status ("VmRSS", "VmHWM"), in kB; None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_mb(pid: int) -> float | None:
    """Resident set of a process now (VmRSS), in MB."""
    kb = _status_kb(pid, "VmRSS")
    return None if kb is None else kb / 1024


def redis_pids() -> list[int]:
    out = subprocess.run(["ps", "-C", "redis-server", "-o", "pid="], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


def peak_rss_mb(pids: list[int]) -> float:
    """Largest peak resident set (VmHWM) among the processes, in MB."""
    return max((_status_kb(pid, "VmHWM") or 0 for pid in pids), default=0) / 1024


def throughput_parts(finished: list[float], parts: int) -> list[float | None]:
    """Articles per second over each of ``parts`` equal shares of the files, in the order
    they finished (``finished``: sorted finish times)."""
    rates = []
    step = max(1, len(finished) // parts)
    for i in range(0, len(finished) - step + 1, step):
        span = finished[i + step - 1] - (finished[i - 1] if i else finished[0])
        rates.append(round(step / span, 1) if span > 0 else None)
    return rates


def _wait_or_stop(command: subprocess.Popen, limit: float | None):
    """Wait for the ingest command; past ``limit`` seconds stop it.

    Returns whether it was stopped and its resource usage (``os.wait4``, which reaps it).
    """
    deadline = None if limit is None else time.monotonic() + limit
    stopped = False
    while True:
        pid, _, usage = os.wait4(command.pid, os.WNOHANG)
        if pid:
            command.returncode = 0  # reaped here; Popen must not wait for it again
            return stopped, usage
        if not stopped and deadline is not None and time.monotonic() >= deadline:
            command.terminate()
            stopped = True
        time.sleep(0.5)


def broker_purge(env: dict) -> None:
    """Drop the tasks still queued on the benchmark's broker."""
    subprocess.run(
        [PY, "-m", "celery", "-A", "config", "purge", "-f"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def run_once(count: int, workers: int, args, env: dict) -> dict:
    recreate_database(args.database)
    broker_purge(env)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    folder = corpus(count, args.seed, args.words, args.corpus_dir)
    load_before = os.getloadavg()[0]
    worker = subprocess.Popen(
        [
            PY,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--concurrency",
            str(workers),
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "-P",
            "prefork",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = {"mb": 0.0}
    stop = threading.Event()
    # Resident sets over the run, every 30 s: [seconds, main process MB, [pool MB, ...]].
    rss_samples: list = []
    watch_began = time.perf_counter()

    def watch():
        next_sample = 0.0
        while not stop.is_set():
            pids = tree_pids(worker.pid)
            peak["mb"] = max(peak["mb"], peak_rss_mb(pids))
            now = time.perf_counter() - watch_began
            if now >= next_sample:
                rss_samples.append(rss_sample(pids, now))
                next_sample = now + 30
            time.sleep(0.5)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    statistics = AnalyzeLikeAutovacuum(args.database)
    statistics.every(args.naptime, stop)
    time.sleep(3)  # let the worker connect
    before = cpu_readings(worker.pid, args.database)
    # The command's own wait must outlast the run: a run it gave up on would be counted whole.
    wait = args.time_limit + 60 if args.time_limit else 30 * 24 * 3600
    started = time.perf_counter()
    try:
        command = subprocess.Popen(
            [PY, "manage.py", "ingest", "--no-progress", "--timeout", str(wait), str(folder)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        stopped, usage = _wait_or_stop(command, args.time_limit)
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()[0]
        # CPU per article, by process: where the cores went. PostgreSQL and Redis are whole
        # servers: what else they serve meanwhile (another test suite) counts too.
        cpu = cpu_since(before, worker.pid, args.database)
        cpu["ingest command"] = usage.ru_utime + usage.ru_stime
    finally:
        stop.set()
        watcher.join()
        worker.terminate()
        worker.wait(timeout=30)
        statistics.close()
        broker_purge(env)  # files left queued by a stopped run must not reach the next one
    return run_row(
        stored_report(env),
        elapsed,
        cpu,
        label=args.label,
        files=count,
        stopped_at_time_limit=stopped,
        words=args.words,
        workers=workers,
        peak_worker_rss_mb=round(peak["mb"], 1),
        rss_samples=rss_samples,
        load_average=[round(load_before, 2), round(load_after, 2)],
        analyze_runs=statistics.analyzed if statistics.active else None,
    )


def rss_sample(pids: list[int], seconds: float) -> list:
    """[seconds into the run, main process MB, [pool process MB, ...]] of a worker now."""
    sizes = [rss_mb(pid) for pid in pids]
    return [round(seconds), round(sizes[0] or 0, 1), [round(m, 1) for m in sizes[1:] if m]]


def stored_report(env: dict) -> dict:
    """What the run's database holds, and every file's finish time (``finished``, sorted)."""
    report = subprocess.run(
        [PY, "manage.py", "shell", "-v0", "-c", REPORT],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(report.strip().splitlines()[-1])


def run_row(stored: dict, elapsed: float, cpu: dict, **fields) -> dict:
    """A run's JSON row: ``fields`` as given, then throughput overall, per fifth and per
    fiftieth of the files from when each one finished, and CPU per article by process."""
    done = stored.pop("finished")
    ingested = len(done)  # files the workers finished, whatever ended the wait
    return {
        "label": fields.pop("label"),
        "articles": ingested,
        **fields,
        "seconds": round(elapsed, 1),
        "articles_per_s": round(ingested / elapsed, 1),
        "per_fifth_articles_per_s": throughput_parts(done, 5),
        "per_fiftieth_articles_per_s": throughput_parts(done, 50),
        "cpu_ms_per_article": {k: round(v / max(ingested, 1) * 1000, 1) for k, v in cpu.items()},
        "stored": stored,
    }


REPORT = """
import json
from django.db.models import Count
from apps.articles.models import Article
from apps.events.models import Event, Evidence
from apps.ingestion.models import IngestionRecord
finished = sorted(
    t.timestamp() for t in IngestionRecord.objects.exclude(finished_at=None)
    .values_list("finished_at", flat=True)
)
outcomes = dict(IngestionRecord.objects.values_list("outcome").annotate(n=Count("id")))
print(json.dumps({"articles": Article.objects.count(), "events": Event.objects.count(),
                  "evidence": Evidence.objects.count(), "outcomes": outcomes,
                  "finished": finished}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/idlib_scale")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "ingest_workers.json")
    parser.add_argument(
        "--words", type=int, default=800, help="words per article (800); 0: make_corpus default"
    )
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--label", default="", help="a name for these runs in tables and plots")
    parser.add_argument(
        "--time-limit",
        type=float,
        help="seconds a run may take: then it is stopped and reports the files it ingested",
    )
    parser.add_argument(
        "--naptime",
        type=float,
        default=60,
        help="seconds between statistics checks when the server's autovacuum is off (60)",
    )
    args = parser.parse_args()
    args.words = args.words or None

    env = bench_env(args.database, args.broker)
    rows = []
    for count in args.counts:
        for workers in args.workers:
            row = run_once(count, workers, args, env)
            rows.append(row)
            print(json.dumps(row), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))
    print(
        "\n| articles | workers | seconds | articles/s | per fifth (articles/s) | peak RSS MB "
        "| load avg |"
    )
    print("|---:|---:|---:|---:|---|---:|---|")
    for r in rows:
        fifths = " · ".join(map(str, r["per_fifth_articles_per_s"]))
        load = " → ".join(map(str, r["load_average"]))
        stopped = f" of {r['files']:,} (stopped)" if r["stopped_at_time_limit"] else ""
        print(
            f"| {r['articles']:,}{stopped} | {r['workers']} | {r['seconds']} | {r['articles_per_s']} "
            f"| {fifths} | {r['peak_worker_rss_mb']} | {load} |"
        )
    print("\nCPU per article (ms), by process:")
    for r in rows:
        cpu = r["cpu_ms_per_article"]
        total = sum(cpu.values())
        shown = ", ".join(f"{k} {v}" for k, v in cpu.items())
        print(
            f"  {r['articles']:,} articles, {r['workers']} worker(s): {shown}; total {total:.1f} "
            f"(one core ingests {1000 / total:.1f} articles/s)"
        )


if __name__ == "__main__":
    main()
