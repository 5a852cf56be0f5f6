"""Finish the measurement of an ingest_workers.py run whose own process cannot wait for it.

A long run can outlast the process that started it (its wait was cut, or the shell that ran it
has to close). The worker it started keeps ingesting the queued files on its own; this script takes over
that process's bookkeeping, from the start time and CPU baselines it had (read from it, for
example with ``py-spy dump --locals``): it keeps the table statistics as autovacuum would,
samples the worker's resident sets every 30 s, and when no file is pending it stops the worker,
empties the broker and writes the same JSON row as ingest_workers.py.

    .venv/bin/python bench/ingest_finish.py --worker 5291 --started 345.48 \\
        --before '{"workers": 2.87, "postgres": 0.63, "redis": 0.49}' --load-before 0.98 \\
        --files 100000 --database postgres://postgres@127.0.0.1:5432/idlib_scale100k1w \\
        --broker redis://127.0.0.1:6379/11 --label "100k, 1 worker" \\
        --out bench/out/ingest_workers_100k_1w.json

With ``--time-limit`` the run is stopped at that many seconds from its start, as
ingest_workers.py's own limit would, and the files finished by then are reported.
``--started`` is the run's start on the system's monotonic clock (``time.perf_counter()`` of
the starting process on Linux), so the seconds and rates are those of the whole run.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_workers import (  # noqa: E402
    AnalyzeLikeAutovacuum,
    bench_env,
    broker_purge,
    cpu_since,
    peak_rss_mb,
    process_cpu_seconds,
    rss_sample,
    run_row,
    stored_report,
    tree_pids,
)

PENDING = "SELECT count(*) FROM ingestion_ingestionrecord WHERE outcome = 'pending'"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", type=int, required=True, help="the worker's main process id")
    parser.add_argument("--started", type=float, required=True, help="monotonic start, seconds")
    parser.add_argument("--before", type=json.loads, required=True, help="CPU baselines (JSON)")
    parser.add_argument("--load-before", type=float, required=True)
    parser.add_argument("--ingest-pid", type=int, help="the ingest command, for its CPU")
    parser.add_argument("--files", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1, help="the worker's pool processes")
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--database", required=True)
    parser.add_argument("--broker", required=True)
    parser.add_argument("--label")
    parser.add_argument("--naptime", type=float, default=60)
    parser.add_argument(
        "--time-limit",
        type=float,
        help="seconds from --started after which the run is stopped and its finished files reported",
    )
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
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
        finished_by="bench/ingest_finish.py",
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps([row], indent=2))
    print(json.dumps({k: v for k, v in row.items() if k != "rss_samples"}))


if __name__ == "__main__":
    main()
