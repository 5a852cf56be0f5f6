"""Load-test a filtered event list under gunicorn, on the database DATABASE_URL points to.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_bench   # see load_events.py
    .venv/bin/python bench/api_load.py --duration 30 --concurrency 8

Starts gunicorn on 127.0.0.1:8105 (production settings, plain HTTP on loopback), warms it up,
then drives --concurrency client threads with keep-alive connections for --duration seconds
(never more than --max-requests requests), each asking for one page of events filtered by
actor and date (the actors rotate so the database cannot answer from one cached plan row).
Prints p50/p90/p99 latency, requests per second and any non-200 answers, then stops gunicorn.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8105


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


def gunicorn_start(workers: int, threads: int, port: int = PORT) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-secret-key"),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "API_ANON_RATE": os.environ.get("API_ANON_RATE", "10000000/minute"),
        "LOG_LEVEL": "ERROR",
    }
    command = [
        str(REPO / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/api/v1/", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        time.sleep(0.3)
    gunicorn_stop(process)
    sys.exit("gunicorn did not answer within 30 s")


def gunicorn_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def query_paths(base: str, count: int, seed: int) -> list[str]:
    """Filtered event-list URLs: one actor and a date window, like a researcher's query."""
    first = httpx.get(f"{base}/api/v1/actors/", params={"page_size": 100}, timeout=30).json()
    actor_ids = [row["id"] for row in first["results"]]
    if not actor_ids:
        sys.exit("no actors in this database; load events first (bench/load_events.py)")
    rng = random.Random(seed)
    paths = []
    for _ in range(count):
        year = rng.choice([2018, 2019, 2020])
        paths.append(
            f"/api/v1/events/?actor={rng.choice(actor_ids)}&date_after={year}-01-01"
            f"&date_before={year + 1}-06-30&page_size=50"
        )
    return paths


def drive(base, paths, concurrency, duration, max_requests, headers=None):
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + duration
    budget = iter(range(max_requests))

    def worker(offset: int) -> None:
        with httpx.Client(base_url=base, timeout=30, headers=headers) as client:
            i = offset
            while time.monotonic() < stop_at:
                with lock:
                    if next(budget, None) is None:
                        return
                path = paths[i % len(paths)]
                i += concurrency
                began = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - began
                with lock:
                    latencies.append(elapsed)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (max 300)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (max 64)")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    if not 0 < args.duration <= 300 or not 0 < args.concurrency <= 64:
        parser.error("--duration must be in (0, 300] and --concurrency in [1, 64]")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("warning: DATABASE_URL is not PostgreSQL; the figures will not be comparable")

    base = f"http://{HOST}:{PORT}"
    process = gunicorn_start(args.workers, args.threads)
    try:
        paths = query_paths(base, 500, args.seed)
        drive(base, paths, args.concurrency, 5, 2000)  # warm-up: connections, caches
        latencies, statuses, elapsed = drive(
            base, paths, args.concurrency, args.duration, args.max_requests
        )
    finally:
        gunicorn_stop(process)
    if not latencies:
        sys.exit("no request completed")
    ms = [x * 1000 for x in latencies]
    print("endpoint: GET /api/v1/events/?actor=<id>&date_after=..&date_before=..&page_size=50")
    print(
        f"gunicorn {args.workers} workers x {args.threads} threads, "
        f"{args.concurrency} client threads, {elapsed:.1f} s"
    )
    print(f"requests: {len(ms):,}  statuses: {dict(sorted(statuses.items()))}")
    print(
        f"latency ms: p50 {percentile(ms, 50):.1f}  p90 {percentile(ms, 90):.1f}  "
        f"p99 {percentile(ms, 99):.1f}  mean {statistics.fmean(ms):.1f}"
    )
    print(f"throughput: {len(ms) / elapsed:.0f} requests/s")


if __name__ == "__main__":
    main()
