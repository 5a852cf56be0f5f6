"""Ingestion through real Celery workers on PostgreSQL and Redis: the ``workers`` and ``finish``
modes of ``bench.ingest``.

A run: a fresh database, a generated corpus, a Celery worker with N processes and
``manage.py ingest`` over the folder; its JSON row gives articles per second overall, per fifth
and per fiftieth of the files (from each record's finish time), CPU per article by process
(workers, PostgreSQL, Redis, the ingest command), the worker's resident sets and the load
average.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.common import REPO
from bench.postgres import AnalyzeLikeAutovacuum, postgres_cpu_seconds, recreate_database
from bench.processes import (
    cpu_seconds,
    family_cpu_seconds,
    peak_rss_mb,
    process_cpu_seconds,
    redis_pids,
    rss_mb,
    tree_pids,
)

PY = sys.executable
PENDING = "SELECT count(*) FROM ingestion_ingestionrecord WHERE outcome = 'pending'"


def corpus(count: int, seed: int, words: int | None, root: Path) -> Path:
    folder = root / f"corpus-{count}-{seed}-{words or 'short'}"
    if not folder.is_dir() or len(list(folder.iterdir())) != count:
        command = [
            PY,
            "-m",
            "bench.make_corpus",
            str(folder),
            "-n",
            str(count),
            "--seed",
            str(seed),
        ]
        subprocess.run(command + (["--words", str(words)] if words else []), cwd=REPO, check=True)
    return folder


def worker_cpu_seconds(root: int) -> float:
    """CPU of a Celery worker so far: its main process, its live pool processes, and the pool
    processes it has replaced."""
    return family_cpu_seconds(root, tree_pids(root)[1:]) or 0.0


def cpu_readings(worker: int, database: str) -> dict:
    """CPU seconds so far of the worker, the PostgreSQL server (None if not on this host) and
    Redis: the baselines of a run, and the JSON that the finish mode's --before takes."""
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


def print_table(rows: list[dict]) -> None:
    """The runs as a Markdown table, then their CPU per article by process."""
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


def finish(args) -> None:
    """Take over the bookkeeping of a run whose own process cannot wait for it (the finish
    mode of bench.ingest) and write its JSON row to ``args.out``."""
    env = bench_env(args.database, args.broker)
    import psycopg

    stop = threading.Event()
    statistics = AnalyzeLikeAutovacuum(args.database)
    statistics.every(args.naptime, stop)
    peak, rss_samples, next_sample = 0.0, [], 0.0
    ingest_cpu, stopped = 0.0, False
    with psycopg.connect(args.database, autocommit=True) as conn:
        while True:
            pids = tree_pids(args.worker)
            peak = max(peak, peak_rss_mb(pids))
            now = time.perf_counter() - args.started
            if now >= next_sample:
                rss_samples.append(rss_sample(pids, now))
                next_sample = now + 30
            if args.ingest_pid:
                ingest_cpu = process_cpu_seconds(args.ingest_pid) or ingest_cpu
            if conn.execute(PENDING).fetchone()[0] == 0:
                break
            if args.time_limit and now >= args.time_limit:
                stopped = True
                break
            time.sleep(2)
    elapsed = time.perf_counter() - args.started
    load_after = os.getloadavg()[0]
    cpu = {**cpu_since(args.before, args.worker, args.database), "ingest command": ingest_cpu}
    stop.set()
    statistics.close()
    os.kill(args.worker, signal.SIGTERM)
    broker_purge(env)
    row = run_row(
        stored_report(env),
        elapsed,
        cpu,
        label=args.label,
        files=args.files,
        stopped_at_time_limit=stopped,
        words=args.words,
        workers=args.workers,
        peak_worker_rss_mb=round(peak, 1),
        rss_samples=rss_samples,
        load_average=[round(args.load_before, 2), round(load_after, 2)],
        analyze_runs=statistics.analyzed if statistics.active else None,
        finished_by="bench/ingest.py finish",
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps([row], indent=2))
    print(json.dumps({k: v for k, v in row.items() if k != "rss_samples"}))
