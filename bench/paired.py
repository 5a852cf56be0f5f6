"""Two versions of the site under the same load at the same moment: a paired comparison.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_scale1m   # bench.load_events
    git worktree add --detach ../base <commit> && ln -s "$PWD/.venv" ../base/.venv
    .venv/bin/python -m bench.paired ../base --scenario events --concurrency 8 --duration 20

On a shared virtual machine the speed of the cores moves by a quarter from one minute to the
next, so two versions measured one after the other differ by more than most changes do. Here
both are served at once, each by gunicorn as ``bench.load read`` starts it (``checkout`` on
port 8110, this checkout on 8109, both on the database ``DATABASE_URL`` names), and each
client asks both for the same URL in turn, in alternating order, so both versions see the
same machine. For each version it prints the latency percentiles, and the CPU per request
its gunicorn processes and its database connections spent (told apart by their application
name); the ratio of this checkout's figure to the other's is what to read. Requests per second
are not measured: at saturation they follow from the CPU per request.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from bench.common import percentile
from bench.load import (
    HOST,
    READ_PORT,
    SCENARIOS,
    cpu_ticks,
    cpu_use,
    gunicorn_start,
    gunicorn_stop,
    in_process_production,
    processes,
    scenario_paths,
    spent_since,
)

PORTS = {"this": READ_PORT, "other": READ_PORT + 1}


def backend_cpu(names: dict[str, str]) -> dict[str, dict[int, float]]:
    """CPU seconds so far of each database connection of each version, by pid (the versions'
    connections are told apart by their application name)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name FROM pg_stat_activity WHERE application_name = ANY(%s)",
            [list(names.values())],
        )
        version_of = {pid: name for pid, name in cursor.fetchall()}
    by_name = {name: version for version, name in names.items()}
    spent: dict[str, dict[int, float]] = {version: {} for version in names}
    for pid, _, _, cpu in processes():
        if pid in version_of:
            spent[by_name[version_of[pid]]][pid] = cpu
    return spent


def server_cpu(servers: dict) -> dict[str, dict[int, float]]:
    """CPU seconds so far of each gunicorn process of each version, by pid."""
    groups = {process.pid: version for version, process in servers.items()}
    spent: dict[str, dict[int, float]] = {version: {} for version in servers}
    for pid, group, _, cpu in processes():
        if group in groups:
            spent[groups[group]][pid] = cpu
    return spent


def _client(paths, offset, step, stop_at, results) -> None:
    """One client process: each URL from both versions, the first asked alternating."""
    import http.client

    connections = {
        version: http.client.HTTPConnection(HOST, port, timeout=30)
        for version, port in PORTS.items()
    }
    latencies: dict[str, list[float]] = {version: [] for version in PORTS}
    failures = 0
    i = offset
    order = list(PORTS)
    while time.monotonic() < stop_at:
        path = paths[i % len(paths)]
        i += step
        order.reverse()
        for version in order:
            began = time.perf_counter()
            try:
                connections[version].request("GET", path)
                response = connections[version].getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connections[version].close()
                ok = False
            if ok:
                latencies[version].append(time.perf_counter() - began)
            else:
                failures += 1
    results.put((latencies, failures))


def drive_both(paths, concurrency, duration):
    import multiprocessing

    context = multiprocessing.get_context("fork")
    results = context.Queue()
    stop_at = time.monotonic() + duration
    clients = [
        context.Process(target=_client, args=(paths, n, concurrency, stop_at, results))
        for n in range(concurrency)
    ]
    for process in clients:
        process.start()
    latencies: dict[str, list[float]] = {version: [] for version in PORTS}
    failures = 0
    for _ in clients:
        some, failed = results.get()
        failures += failed
        for version, values in some.items():
            latencies[version].extend(values)
    for process in clients:
        process.join()
    return latencies, failures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("checkout", type=Path, help="the other version's checkout")
    parser.add_argument("--scenario", choices=SCENARIOS[:5], default="events")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=1, help="measurements, one after another")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workers", type=int, default=3, help="this checkout's gunicorn processes")
    parser.add_argument(
        "--other-workers", type=int, default=3, help="the other checkout's gunicorn processes"
    )
    args = parser.parse_args()
    if not (args.checkout / "manage.py").is_file():
        parser.error(f"{args.checkout} is not a checkout of this project")
    if not 1 <= args.concurrency <= 32 or not 0 < args.duration <= 300 or args.rounds < 1:
        parser.error("--concurrency must be in [1, 32], --duration in (0, 300], --rounds >= 1")
    if not (1 <= args.workers <= 16 and 1 <= args.other_workers <= 16):
        parser.error("--workers and --other-workers must be in [1, 16]")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must point to the PostgreSQL benchmark database")
    in_process_production()
    import django

    django.setup()
    paths = scenario_paths(
        args.scenario, random.Random(args.seed), 200, {"rare": "Tal Abyad", "common": "Turkey"}
    )
    names = {"this": "kb-bench-this", "other": "kb-bench-other"}
    servers = {
        "this": gunicorn_start(args.workers, 1, PORTS["this"], name=names["this"]),
        "other": gunicorn_start(
            args.other_workers,
            1,
            PORTS["other"],
            checkout=args.checkout.resolve(),
            name=names["other"],
        ),
    }
    try:
        drive_both(paths, args.concurrency, 3)  # warm-up: connections, prepared statements
        for number in range(1, args.rounds + 1):
            ticks = cpu_ticks()
            server_before, database_before = server_cpu(servers), backend_cpu(names)
            latencies, failures = drive_both(paths, args.concurrency, args.duration)
            server_after, database_after = server_cpu(servers), backend_cpu(names)
            requests = sum(len(values) for values in latencies.values())
            machine = cpu_use(ticks, cpu_ticks(), requests)
            figures = {}
            for version in PORTS:
                done = len(latencies[version]) or 1
                ms = [x * 1000 for x in latencies[version]]
                figures[version] = {
                    "requests": len(ms),
                    "p50": percentile(ms, 50),
                    "p95": percentile(ms, 95),
                    "p99": percentile(ms, 99),
                    "server": spent_since(server_before[version], server_after[version])
                    * 1000
                    / done,
                    "database": spent_since(database_before[version], database_after[version])
                    * 1000
                    / done,
                }
            print(
                f"round {number}: {args.scenario}, {args.concurrency} clients, "
                f"{args.duration:g} s, failures {failures}, whole machine "
                f"{machine.get('cpu_ms_per_request', '?')} ms of CPU a request, steal "
                f"{machine.get('steal_percent', '?')} %"
            )
            for version in PORTS:
                f = figures[version]
                print(
                    f"  {version:6} {f['requests']:6} requests  p50 {f['p50']:6.1f}  "
                    f"p95 {f['p95']:6.1f}  p99 {f['p99']:6.1f} ms  CPU a request: server "
                    f"{f['server']:5.2f}, database {f['database']:5.2f} ms"
                )
            this, other = figures["this"], figures["other"]
            print(
                "  this / other: "
                + " · ".join(
                    f"{key} {this[key] / other[key]:.3f}" if other[key] else f"{key} ?"
                    for key in ("p50", "server", "database")
                ),
                flush=True,
            )
    finally:
        for process in servers.values():
            gunicorn_stop(process)


if __name__ == "__main__":
    main()
