"""Ingestion throughput through real Celery workers on PostgreSQL and Redis.

For each corpus size and number of worker processes: a fresh database, a generated corpus
(bench/make_corpus.py, deterministic), a Celery worker with that many processes, and
``manage.py ingest`` over the folder. Reports articles per second overall and for each fifth of
the run (the cost per article should stay flat as the database grows) and the peak resident
memory of the worker processes.

    .venv/bin/python bench/ingest_workers.py --counts 1000 10000 --workers 1 2 \
        --database postgres://postgres@127.0.0.1:5432/idlib_scale \
        --broker redis://127.0.0.1:6379/11

The database named in --database is dropped and created again for every run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
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


def corpus(count: int, seed: int) -> Path:
    folder = REPO / "var" / "bench" / f"corpus-{count}-{seed}"
    if not folder.is_dir() or len(list(folder.iterdir())) < count:
        subprocess.run(
            [PY, "bench/make_corpus.py", str(folder), "-n", str(count), "--seed", str(seed)],
            cwd=REPO,
            check=True,
        )
    return folder


def tree_pids(root: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(root)], capture_output=True, text=True)
    children = [int(p) for p in out.stdout.split()]
    return [root] + [pid for child in children for pid in tree_pids(child)]


def peak_rss_mb(pids: list[int]) -> float:
    """Largest peak resident set (VmHWM) among the processes, in MB."""
    peak = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024


def run_once(count: int, workers: int, args, env: dict) -> dict:
    recreate_database(args.database)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    folder = corpus(count, args.seed)
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

    def watch():
        while not stop.is_set():
            peak["mb"] = max(peak["mb"], peak_rss_mb(tree_pids(worker.pid)))
            time.sleep(0.5)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    time.sleep(3)  # let the worker connect
    started = time.perf_counter()
    try:
        subprocess.run(
            [PY, "manage.py", "ingest", "--no-progress", str(folder)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - started
    finally:
        stop.set()
        watcher.join()
        worker.terminate()
        worker.wait(timeout=30)
    report = subprocess.run(
        [PY, "manage.py", "shell", "-v0", "-c", REPORT],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    stored = json.loads(report.strip().splitlines()[-1])
    # Throughput over each fifth of the files, from when each file's ingestion finished.
    done = stored.pop("finished")
    fifths = []
    step = max(1, len(done) // 5)
    for i in range(0, len(done) - step + 1, step):
        span = done[i + step - 1] - (done[i - 1] if i else done[0])
        fifths.append(round(step / span, 1) if span > 0 else None)
    return {
        "articles": count,
        "workers": workers,
        "seconds": round(elapsed, 1),
        "articles_per_s": round(count / elapsed, 1),
        "per_fifth_articles_per_s": fifths,
        "peak_worker_rss_mb": round(peak["mb"], 1),
        "stored": stored,
    }


REPORT = """
import json
from apps.articles.models import Article
from apps.events.models import Event, Evidence
from apps.ingestion.models import IngestionRecord
finished = sorted(
    t.timestamp() for t in IngestionRecord.objects.exclude(finished_at=None)
    .values_list("finished_at", flat=True)
)
print(json.dumps({"articles": Article.objects.count(), "events": Event.objects.count(),
                  "evidence": Evidence.objects.count(), "finished": finished}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/idlib_scale")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "ingest_workers.json")
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "CELERY_BROKER_URL": args.broker,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
    }
    rows = []
    for count in args.counts:
        for workers in args.workers:
            row = run_once(count, workers, args, env)
            rows.append(row)
            print(json.dumps(row), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))
    print("\n| articles | workers | seconds | articles/s | per fifth (articles/s) | peak RSS MB |")
    print("|---:|---:|---:|---:|---|---:|")
    for r in rows:
        fifths = " · ".join(map(str, r["per_fifth_articles_per_s"]))
        print(
            f"| {r['articles']} | {r['workers']} | {r['seconds']} | {r['articles_per_s']} "
            f"| {fifths} | {r['peak_worker_rss_mb']} |"
        )


if __name__ == "__main__":
    main()
