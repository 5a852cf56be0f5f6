"""HTTP and page load: one client, one mode per measurement.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_bench   # see bench.load_events
    .venv/bin/python -m bench.load api --duration 30 --concurrency 8
    .venv/bin/python -m bench.load read --duration 10 --concurrency 8 --label final
    .venv/bin/python -m bench.load admin [--synthesize 100000]

api
    Load-test the filtered event list under gunicorn on 127.0.0.1:8105 (production settings,
    plain HTTP on loopback): warm it up, then drive --concurrency clients (--client) with
    keep-alive connections for --duration seconds (never more than --max-requests requests),
    each asking for one page of events filtered by actor and date (the actors rotate so the
    database cannot answer from one cached plan row). Prints p50/p90/p99 latency, requests per
    second and any non-200 answers.
read
    Read latency and throughput at size, each compared with its SQL floor, under gunicorn on
    127.0.0.1:8109, one scenario after another over a rotation of URLs:

    - events: the filtered event list, one actor and an 18-month window, 50 a page;
    - timeline: one actor's events in date order (``?actor=ID&ordering=date``);
    - actor_page: the actor's browse page ``/actors/ID/``;
    - fts_rare / fts_common: full-text article search for a word found in a handful of
      articles and for one found in nearly every article;
    - admin_events: the admin event changelist, with a logged-in editor's session.

    The SQL floor of a scenario is what PostgreSQL alone spends on one request: every query
    the request runs is captured in-process and timed with EXPLAIN ANALYZE (best of three); the
    report gives that floor, the slowest single query, and the ratio of the measured p50 to it.
    Each line also gives the whole machine's CPU per request (split between the server, the
    database and the clients) and how the clients' connections were spread over the server's
    processes halfway through the run (``connections_per_process``): with keep-alive clients
    an uneven spread, not the code, can make the p99. With ``--cache-url redis://…`` the
    server runs with the API read cache (apps/core/api/cache.py); the warm-up fills it, so the
    API scenarios then measure answers to repeated questions. Results go to
    bench/out/read_bench_<label>.json (plot them with ``bench.plot_benchmarks``).
admin
    Time the editors' admin pages in-process on the database DATABASE_URL points to (the seeds
    after ``make ingest``, the PostgreSQL benchmark database, or with ``--synthesize N`` an
    EMPTY, migrated database filled first with N events shaped like the real corpus). Prints,
    per page, the best of three wall-clock times and the number of SQL queries, and exits
    non-zero when a page fails or is slower than --budget seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote_plus

import httpx

from bench.common import OUT, REPO, percentile

HOST = "127.0.0.1"
SECRET = "bench-only-secret-key"


def in_process_production() -> None:
    """Settle the environment for requests answered in this process through Django's test
    client: production settings, no read cache (the first visitor's cost), no throttling."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    os.environ.setdefault("DJANGO_SECRET_KEY", SECRET)
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("API_ANON_RATE", "10000000/minute")
    os.environ.pop("CACHE_URL", None)


def gunicorn_start(
    workers: int, threads: int, port: int, checkout: Path = REPO, name: str = ""
) -> subprocess.Popen:
    """gunicorn serving ``checkout`` (this one by default) on ``port``; with ``name``, its
    database connections carry it as their application name (``bench.paired``)."""
    env = {
        **os.environ,
        **({"PGAPPNAME": name} if name else {}),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", SECRET),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "API_ANON_RATE": os.environ.get("API_ANON_RATE", "10000000/minute"),
        "LOG_LEVEL": "ERROR",
    }
    command = [
        str(REPO / ".venv" / "bin" / "gunicorn"),
        "--config",
        "python:config.gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=checkout, env=env, start_new_session=True)
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


def drive(base, paths, concurrency, duration, max_requests, headers=None, client="light"):
    """Ask for ``paths`` in rotation from ``concurrency`` keep-alive clients for ``duration``
    seconds or ``max_requests`` requests; (latencies in seconds, statuses, elapsed).

    The ``light`` client (the default) runs each client in its own process with the standard
    library's HTTP connection: about a tenth of a millisecond of CPU per request, and no
    client waits for another's turn on an interpreter lock. The ``httpx`` client runs them as
    threads of this process with httpx, which spends about 1.5 ms of CPU per request on these
    two cores: the server then shares the machine with a busier client, and latencies also
    count the client threads' waits for each other."""
    if client == "httpx":
        return _drive_threads(base, paths, concurrency, duration, max_requests, headers)
    return _drive_processes(base, paths, concurrency, duration, max_requests, headers)


def _light_client(base, paths, offset, step, stop_at, budget, headers, results) -> None:
    """One client process: keep-alive GETs until ``stop_at`` or the shared budget runs out."""
    import http.client
    from urllib.parse import urlsplit

    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    latencies, statuses = [], {}
    i = offset
    try:
        while time.monotonic() < stop_at:
            with budget.get_lock():
                if budget.value <= 0:
                    break
                budget.value -= 1
            path = paths[i % len(paths)]
            i += step
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0  # no answer: counted under status 0, on a new connection
                connection.close()
            latencies.append(time.perf_counter() - began)
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        connection.close()
        results.put((latencies, statuses))


def _drive_processes(base, paths, concurrency, duration, max_requests, headers):
    import multiprocessing

    context = multiprocessing.get_context("fork")
    budget = context.Value("q", max_requests)
    results = context.Queue()
    began = time.perf_counter()
    stop_at = time.monotonic() + duration
    clients = [
        context.Process(
            target=_light_client,
            args=(base, paths, n, concurrency, stop_at, budget, headers, results),
        )
        for n in range(concurrency)
    ]
    for process in clients:
        process.start()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    for _ in clients:
        some, counts = results.get()
        latencies.extend(some)
        for status, count in counts.items():
            statuses[status] = statuses.get(status, 0) + count
    elapsed = time.perf_counter() - began
    for process in clients:
        process.join()
    return latencies, statuses, elapsed


def _drive_threads(base, paths, concurrency, duration, max_requests, headers):
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


def event_list_path(actor: int, year: int) -> str:
    """One page of an actor's events in an 18-month window, like a researcher's query."""
    return (
        f"/api/v1/events/?actor={actor}&date_after={year}-01-01"
        f"&date_before={year + 1}-06-30&page_size=50"
    )


YEARS = [2018, 2019, 2020]


# -- api ----------------------------------------------------------------------------------------

API_PORT = 8105


def api(args) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("warning: DATABASE_URL is not PostgreSQL; the figures will not be comparable")
    base = f"http://{HOST}:{API_PORT}"
    process = gunicorn_start(args.workers, args.threads, API_PORT)
    try:
        first = httpx.get(f"{base}/api/v1/actors/", params={"page_size": 100}, timeout=30).json()
        actor_ids = [row["id"] for row in first["results"]]
        if not actor_ids:
            sys.exit("no actors in this database; load events first (bench.load_events)")
        rng = random.Random(args.seed)
        paths = []
        for _ in range(500):
            year = rng.choice(YEARS)
            paths.append(event_list_path(rng.choice(actor_ids), year))
        drive(base, paths, args.concurrency, 5, 2000, client=args.client)  # warm-up
        latencies, statuses, elapsed = drive(
            base, paths, args.concurrency, args.duration, args.max_requests, client=args.client
        )
    finally:
        gunicorn_stop(process)
    if not latencies:
        sys.exit("no request completed")
    ms = [x * 1000 for x in latencies]
    print("endpoint: GET /api/v1/events/?actor=<id>&date_after=..&date_before=..&page_size=50")
    print(
        f"gunicorn {args.workers} workers x {args.threads} threads, "
        f"{args.concurrency} {args.client} clients, {elapsed:.1f} s"
    )
    print(f"requests: {len(ms):,}  statuses: {dict(sorted(statuses.items()))}")
    print(
        f"latency ms: p50 {percentile(ms, 50):.1f}  p90 {percentile(ms, 90):.1f}  "
        f"p99 {percentile(ms, 99):.1f}  mean {statistics.fmean(ms):.1f}"
    )
    print(f"throughput: {len(ms) / elapsed:.0f} requests/s")


# -- read ---------------------------------------------------------------------------------------

READ_PORT = 8109
SCENARIOS = ("events", "timeline", "actor_page", "fts_rare", "fts_common", "admin_events")
EDITOR = "bench-editor"


def word_matches(word: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM articles_article "
            "WHERE search_vector @@ websearch_to_tsquery('english', %s)",
            [word],
        )
        return cursor.fetchone()[0]


def scenario_paths(name: str, rng: random.Random, count: int, words: dict) -> list[str]:
    from apps.actors.models import Actor

    actor_ids = list(Actor.objects.order_by("id").values_list("id", flat=True)[:300])
    if not actor_ids:
        sys.exit("no actors in this database; load events first (bench.load_events)")
    paths = []
    for _ in range(count):
        actor = rng.choice(actor_ids)
        if name == "events":
            paths.append(event_list_path(actor, rng.choice(YEARS)))
        elif name == "timeline":
            paths.append(f"/api/v1/events/?actor={actor}&ordering=date")
        elif name == "actor_page":
            paths.append(f"/actors/{actor}/")
        elif name == "fts_rare":
            paths.append(f"/api/v1/articles/?q={quote_plus(words['rare'])}")
        elif name == "fts_common":
            paths.append(f"/api/v1/articles/?q={quote_plus(words['common'])}")
        elif name == "admin_events":
            page = rng.choice([1, 1, 1, 2, 3])
            paths.append("/admin/events/event/" + (f"?p={page}" if page > 1 else ""))
    return paths


def editor_session() -> str:
    """A saved session of a superuser, for the admin scenario (the cookie value)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username=EDITOR, defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def sql_floor(path: str, session: str | None) -> dict:
    """Run the request in-process, then EXPLAIN ANALYZE each query it ran (best of three),
    with the values it ran with (a prepared statement's are bound apart from its SQL). A
    statement the connection prepared is timed as it ran, ``EXPLAIN ANALYZE EXECUTE``: with the
    generic plan PostgreSQL keeps for it, when it keeps one, its planning is next to nothing."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    if session:
        client.cookies["sessionid"] = session
    ran: list[tuple[str, tuple]] = []

    def record(execute, sql, params, many, context):
        ran.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        status = client.get(path).status_code
    timings = []
    with connection.cursor() as cursor:
        for sql, params in ran:
            if not sql.lstrip().upper().startswith(("SELECT", "EXECUTE")):
                continue  # PREPARE, DEALLOCATE: once per connection, not per request
            best = None
            for _ in range(3):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                spent = plan[0]["Planning Time"] + plan[0]["Execution Time"]
                best = spent if best is None else min(best, spent)
            timings.append((best, cursor.mogrify(sql, params) if params else sql))
    timings.sort(reverse=True)
    return {
        "status": status,
        "queries": len(ran),
        "floor_ms": round(sum(t for t, _ in timings), 2),
        "main_ms": round(timings[0][0], 2) if timings else 0.0,
        "main_sql": timings[0][1][:400] if timings else "",
    }


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def cpu_ticks() -> list[int] | None:
    """The machine's CPU time so far, from /proc/stat (None where there is none)."""
    try:
        with open("/proc/stat") as stat:
            return [int(x) for x in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None


def cpu_use(before: list[int] | None, after: list[int] | None, requests: int) -> dict:
    """Busy CPU per request over the whole machine (server, database and client), and the
    share of time a virtual machine's host took away (steal): a run with much steal was
    measured on a slower machine than its neighbours."""
    if not before or not after or not requests:
        return {}
    user, nice, system, idle, iowait, irq, softirq, steal = (
        b - a for a, b in zip(before, after, strict=True)
    )
    total = user + nice + system + idle + iowait + irq + softirq + steal
    busy = user + nice + system + irq + softirq
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    return {
        "cpu_ms_per_request": round(busy * tick_ms / requests, 1),
        "steal_percent": round(100 * steal / total, 1) if total else 0.0,
    }


def processes():
    """(pid, process group, command name, CPU seconds so far) of each process in /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                head, _, rest = stat.read().rpartition(")")
        except OSError:
            continue  # gone since the listing
        fields = rest.split()
        name = head.partition("(")[2]
        yield pid, int(fields[2]), name, (int(fields[11]) + int(fields[12])) / tick


def connections_per_process(server_group: int, port: int) -> list[int]:
    """How many established client connections each process of the server (process group
    ``server_group``) holds on ``port``, most first. A keep-alive client stays on the process
    that accepted it, so an uneven spread (5, 2, 1 on three processes) makes the clients of the
    busiest one wait for each other, whatever the code does: read it beside the p99."""
    established: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as lines:
                next(lines)  # the header
                for line in lines:
                    fields = line.split()
                    local_port = int(fields[1].rpartition(":")[2], 16)
                    if local_port == port and fields[3] == "01":  # 01: ESTABLISHED
                        established.add(f"socket:[{fields[9]}]")
        except OSError:
            continue
    counts = []
    for pid, group, _, _ in processes():
        if group != server_group or pid == server_group:  # the arbiter holds none
            continue
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            continue  # gone, or not ours to read
        counts.append(sum(link in established for link in links))
    return sorted(counts, reverse=True)


def _record_spread(into: list[int], server_group: int) -> None:
    into.extend(connections_per_process(server_group, READ_PORT))


def process_cpu(server_group: int) -> dict:
    """CPU seconds so far of each process of the server (process group ``server_group``) and
    of the database (every ``postgres`` process), by group and pid, and of this process's
    finished children (the clients): with ``cpu_ticks``, where a request's CPU goes."""
    spent: dict = {"server": {}, "database": {}}
    for pid, group, name, cpu in processes():
        if group == server_group:
            spent["server"][pid] = cpu
        elif name == "postgres":
            spent["database"][pid] = cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent["client"] = {0: children.ru_utime + children.ru_stime}
    return spent


def spent_since(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two readings of the same processes, by pid: a process that
    started in between counts whole; one that ended in between (a database connection past its
    age) loses what it spent after ``before``, so the figure is a floor."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def cpu_split(before: dict | None, after: dict | None, requests: int) -> dict:
    """Milliseconds of CPU per request spent by the server, the database and the clients,
    from two ``process_cpu`` readings (each group's figure a floor, see ``spent_since``)."""
    if not before or not after or not requests:
        return {}
    return {
        f"{group}_cpu_ms": round(spent_since(before[group], after[group]) * 1000 / requests, 2)
        for group in before
    }


def read_scenarios(args) -> list[dict]:
    from django.core.management import call_command

    if not (REPO / "staticfiles" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    words = {"rare": args.rare_word, "common": args.common_word}
    matches = {key: word_matches(word) for key, word in words.items()}
    session = editor_session()
    rng = random.Random(args.seed)
    base = f"http://{HOST}:{READ_PORT}"
    if args.cache_url:
        # Only the server gets the shared cache: the SQL floors above and below stay real.
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()
        os.environ["CACHE_URL"] = args.cache_url
    process = gunicorn_start(args.workers, args.threads, READ_PORT)
    rows = []
    try:
        for name in args.scenarios:
            paths = scenario_paths(name, rng, 200, words)
            headers = {"Cookie": f"sessionid={session}"} if name == "admin_events" else {}
            floors = [sql_floor(p, session if name == "admin_events" else None) for p in paths[:5]]
            drive(base, paths, args.concurrency, 3, 200, headers, args.client)  # warm-up
            began_load = load_average()
            ticks, split_before = cpu_ticks(), process_cpu(process.pid)
            spread: list[int] = []
            sampler = threading.Timer(args.duration / 2, _record_spread, (spread, process.pid))
            sampler.start()
            latencies, statuses, elapsed = drive(
                base,
                paths,
                args.concurrency,
                args.duration,
                args.max_requests,
                headers,
                args.client,
            )
            sampler.cancel()
            use = cpu_use(ticks, cpu_ticks(), len(latencies))
            use.update(cpu_split(split_before, process_cpu(process.pid), len(latencies)))
            ms = [x * 1000 for x in latencies]
            floor = sorted(f["floor_ms"] for f in floors)[len(floors) // 2]
            row = {
                "scenario": name,
                "label": args.label,
                "example": paths[0],
                "requests": len(ms),
                "statuses": {str(k): v for k, v in sorted(statuses.items())},
                "seconds": round(elapsed, 1),
                "rps": round(len(ms) / elapsed, 1),
                "p50_ms": round(percentile(ms, 50), 1),
                "p95_ms": round(percentile(ms, 95), 1),
                "p99_ms": round(percentile(ms, 99), 1),
                "sql_floor_ms": floor,
                "sql_main_ms": sorted(f["main_ms"] for f in floors)[len(floors) // 2],
                "queries": floors[0]["queries"],
                "ratio_p50_to_floor": round(percentile(ms, 50) / floor, 1) if floor else None,
                "main_sql": max(floors, key=lambda f: f["main_ms"])["main_sql"],
                "concurrency": args.concurrency,
                "api_cache": bool(args.cache_url),
                "gunicorn": f"{args.workers}x{args.threads}",
                "client": args.client,
                "load_average": [began_load, load_average()],
                "connections_per_process": spread,
                **use,
            }
            if name.startswith("fts"):
                row["word"] = words[name.split("_")[1]]
                row["matches"] = matches[name.split("_")[1]]
            rows.append(row)
            print(
                f"{name:13} {row['rps']:7.1f} req/s  p50 {row['p50_ms']:7.1f}  "
                f"p95 {row['p95_ms']:7.1f}  p99 {row['p99_ms']:7.1f} ms  "
                f"SQL floor {floor:6.1f} ms (x{row['ratio_p50_to_floor']})  "
                f"statuses {row['statuses']}  load {row['load_average']}  "
                f"CPU {use.get('cpu_ms_per_request', '?')} ms/req (server "
                f"{use.get('server_cpu_ms', '?')}, database {use.get('database_cpu_ms', '?')}, "
                f"clients {use.get('client_cpu_ms', '?')})  steal {use.get('steal_percent', '?')} %  "
                f"connections per process {'/'.join(map(str, spread)) or '?'}",
                flush=True,
            )
    finally:
        gunicorn_stop(process)
    return rows


def read(args) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must point to the PostgreSQL benchmark database")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ.setdefault("DJANGO_SECRET_KEY", SECRET)
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", HOST)
    import django

    django.setup()
    rows = read_scenarios(args)
    out = OUT / f"read_bench_{args.label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))
    print(f"wrote {out.relative_to(REPO)}")


# -- admin --------------------------------------------------------------------------------------


def synthesize(n_events: int, seed: int = 7) -> None:
    """Fill an empty database with a corpus shaped like the real one, fast (bulk inserts)."""
    from django.db import transaction

    from apps.actors.models import Actor
    from apps.agreements.models import Agreement
    from apps.articles.models import Article
    from apps.events.models import Event, EventActor, Evidence
    from apps.places.models import ObservationPost, Place

    if Event.objects.exists():
        sys.exit("--synthesize needs an empty database")
    rng = random.Random(seed)
    sentence = "Turkish troops shelled positions of the Syrian army near the town on Tuesday."
    body = "\n\n".join(f"Paragraph {i}. " + sentence for i in range(12))
    kinds = ["state", "armed_forces", "armed_group", "person", "government_body"]
    types = [
        ("shelling", "194"),
        ("air_strike", "195"),
        ("armed_clash", "190"),
        ("meeting", "040"),
        ("statement", "010"),
        ("deployment", "154"),
    ]
    with transaction.atomic():
        actors = Actor.objects.bulk_create(
            Actor(name=f"Actor {i}", normalized_name=f"actor {i}", kind=kinds[i % 5])
            for i in range(max(50, n_events // 20))
        )
        agreements = Agreement.objects.bulk_create(
            Agreement(name=f"Agreement {i}", normalized_name=f"agreement {i}", kind="memorandum")
            for i in range(30)
        )
        places = Place.objects.bulk_create(
            Place(name=f"Town {i}", normalized_name=f"town {i}", kind="town") for i in range(800)
        )
        posts = ObservationPost.objects.bulk_create(
            ObservationPost(
                name=f"Post {i}",
                normalized_name=f"post {i}",
                agreement=agreements[i % 30],
                place=places[i],
            )
            for i in range(20)
        )
        articles = Article.objects.bulk_create(
            Article(
                title=f"Report {i}",
                body=body,
                source=f"Outlet {i % 40}",
                published_on=dt.date(2018, 1, 1) + dt.timedelta(days=i % 1800),
                source_file=f"r{i}.txt",
                source_path=f"bench/r{i}.txt",
                content_hash=f"{i:064d}",
            )
            for i in range(max(10, n_events // 25))
        )
        batch = 5000
        for offset in range(0, n_events, batch):
            events, links, evidence = [], [], []
            for i in range(offset, min(n_events, offset + batch)):
                event_type, cameo = types[i % len(types)]
                date = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(2000))
                events.append(
                    Event(
                        event_type=event_type,
                        cameo_code=cameo,
                        date=date,
                        date_precision="day",
                        summary=f"{event_type} number {i}",
                        place=rng.choice(places),
                        agreement=rng.choice(agreements) if i % 3 == 0 else None,
                        observation_post=rng.choice(posts) if i % 7 == 0 else None,
                        review_status=("extracted", "extracted", "verified", "rejected")[i % 4],
                    )
                )
            Event.objects.bulk_create(events)
            for event in events:
                a, b = rng.sample(actors[: len(actors) // 10] if rng.random() < 0.5 else actors, 2)
                links += [
                    EventActor(event=event, actor=a, role="initiator", event_date=event.date),
                    EventActor(event=event, actor=b, role="target", event_date=event.date),
                ]
                article = rng.choice(articles)
                start = body.index(sentence)
                evidence.append(
                    Evidence(
                        event=event,
                        article=article,
                        quote=sentence,
                        start=start,
                        end=start + len(sentence),
                    )
                )
            EventActor.objects.bulk_create(links)
            Evidence.objects.bulk_create(evidence)
            print(f"  {offset + len(events)} events", file=sys.stderr)


def pages() -> list[tuple[str, str]]:
    from django.db.models import Count
    from django.urls import reverse

    from apps.actors.models import Actor
    from apps.articles.models import Article
    from apps.events.models import Event

    event = Event.objects.order_by("-id").first()
    busiest = (
        Actor.objects.annotate(n=Count("event_links"))
        .order_by("-n")
        .values_list("pk", flat=True)[:2]
    )
    article = Article.objects.order_by("-id").first()
    events = reverse("admin:events_event_changelist")
    actors = reverse("admin:actors_actor_changelist")
    found = [
        ("events: review queue", events),
        ("events: all", events + "?review_status=all"),
        ("events: 2020", events + "?date__year=2020"),
        ("events: shelling in 2020", events + "?date__year=2020&event_type=shelling"),
        ("events: search", events + "?q=number 4&review_status=all"),
        ("actors", actors),
        ("actors: search", actors + "?q=actor 1"),
        ("articles", reverse("admin:articles_article_changelist")),
        ("ingestion log", reverse("admin:ingestion_ingestionrecord_changelist")),
        (
            "actor picker",
            reverse("admin:autocomplete")
            + "?app_label=events&model_name=eventactor&field_name=actor&term=act",
        ),
    ]
    if event:
        found += [
            ("event page", reverse("admin:events_event_change", args=[event.pk])),
            ("event history", reverse("admin:events_event_history", args=[event.pk])),
        ]
    if busiest:
        found += [
            ("events: busiest actor", events + f"?actor={busiest[0]}&review_status=all"),
            ("actor page", reverse("admin:actors_actor_change", args=[busiest[0]])),
        ]
    if article:
        found += [
            ("events: one article", events + f"?article={article.pk}&review_status=all"),
            ("article page", reverse("admin:articles_article_change", args=[article.pk])),
        ]
    return found


def admin(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    if args.synthesize:
        started = time.perf_counter()
        synthesize(args.synthesize)
        print(f"synthesized {args.synthesize} events in {time.perf_counter() - started:.0f}s")
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    # The merge confirmation counts every row that would move: try the two busiest actors.
    from django.db.models import Count

    from apps.actors.models import Actor

    ids = list(
        Actor.objects.annotate(n=Count("event_links"))
        .order_by("-n")
        .values_list("pk", flat=True)[:2]
    )
    merge = ("actors: merge confirmation", ids) if len(ids) == 2 else None
    failures = 0
    print(f"{'page':32} {'best s':>7} {'queries':>7}  status")
    for label, url in pages():
        times, status, queries = [], None, 0
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            status, queries = response.status_code, len(captured)
        slow = min(times) > args.budget
        failures += status != 200 or slow
        print(f"{label:32} {min(times):7.3f} {queries:7d}  {status}{'  SLOW' if slow else ''}")
    if merge:
        from django.urls import reverse

        started = time.perf_counter()
        response = client.post(
            reverse("admin:actors_actor_changelist"),
            {"action": "merge_selected", "_selected_action": merge[1]},
        )
        took = time.perf_counter() - started
        failures += response.status_code != 200 or took > args.budget
        print(f"{merge[0]:32} {took:7.3f} {'':7}  {response.status_code}")
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    modes = parser.add_subparsers(dest="mode", required=True, metavar="MODE")

    def served(p, duration: float, max_requests: int) -> None:
        p.add_argument("--duration", type=float, default=duration, help="seconds of load")
        p.add_argument("--concurrency", type=int, default=8, help="clients (max 64)")
        p.add_argument(
            "--client",
            choices=("light", "httpx"),
            default="light",
            help="light: a process per client, standard-library HTTP (default); httpx: a "
            "thread per client with httpx, the client of the rounds before 7 Dec 2026 (second)",
        )
        p.add_argument("--max-requests", type=int, default=max_requests)
        # The Dockerfile's 3 processes of one thread each: on 2 cores, threads of one process
        # take turns on its interpreter lock, and 2x4 gave a lower throughput and twice the p99.
        p.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
        p.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
        p.add_argument("--seed", type=int, default=5)

    p = modes.add_parser("api", help="the filtered event list under gunicorn")
    served(p, 30.0, 200_000)
    p.set_defaults(run=api, max_duration=300)

    p = modes.add_parser("read", help="read scenarios under gunicorn, each with its SQL floor")
    served(p, 20.0, 20_000)
    p.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    p.add_argument("--rare-word", default="Tal Abyad")
    p.add_argument("--common-word", default="Turkey")
    p.add_argument("--label", default="run", help="names the output file")
    p.add_argument(
        "--cache-url",
        help="serve with the API read cache in this Redis database (emptied first), "
        "e.g. redis://127.0.0.1:6379/9; the warm-up fills it",
    )
    p.set_defaults(run=read, max_duration=120)

    p = modes.add_parser("admin", help="the editors' admin pages, in-process")
    p.add_argument("--synthesize", type=int, default=0, metavar="N")
    p.add_argument("--budget", type=float, default=1.0, help="seconds per page")
    p.set_defaults(run=admin)

    args = parser.parse_args()
    if args.mode in ("api", "read"):
        if not 0 < args.duration <= args.max_duration or not 0 < args.concurrency <= 64:
            parser.error(
                f"--duration must be in (0, {args.max_duration}] and --concurrency in [1, 64]"
            )
        if args.mode == "read" and not 0 < args.max_requests <= 100_000:
            parser.error("--max-requests must be in [1, 100000]")
    sys.exit(args.run(args))


if __name__ == "__main__":
    main()
