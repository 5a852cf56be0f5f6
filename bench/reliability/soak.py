"""Sustained mixed load against gunicorn on PostgreSQL: reads and editor writes, then a check
that every acknowledged write is in the database and in its history, under the editor's name.

Loopback only (127.0.0.1), bounded in time. Readers walk the API lists (with filters and
paging), detail endpoints and the browse pages; writers PATCH actors' descriptions and events'
summaries with a token, each writer owning its own records so the last acknowledged value of
every record is known. ``--drop-connections`` also terminates every database connection of
the app half-way through, to show the app recovers without a restart. ``--restart-command``
runs a shell command half-way instead, meant to restart the PostgreSQL server itself (use a
server of its own: every other client of it is cut off too); requests that meet the outage must
be answered 503 with Retry-After, never 500, and the app must serve again once the server is
back, with no restart of its own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_rel \
        .venv/bin/python -m bench.reliability.soak [--seconds 180] [--readers 6] [--writers 2]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from bench.common import REPO

HOST, PORT = "127.0.0.1", 8108
BASE = f"http://{HOST}:{PORT}"
SEEDS = Path(os.environ.get("SEEDS_DIR", REPO.parent / "shared" / "seeds"))

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("set DATABASE_URL to a PostgreSQL database of its own; see the docstring")
os.environ.pop("CELERY_BROKER_URL", None)  # setup ingests in-process
SERVER_ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": HOST,
    "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; no proxy in front
}
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["DJANGO_DEBUG"] = "false"

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.contrib.auth.models import Permission, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from apps.actors.models import Actor  # noqa: E402
from apps.events.models import Event  # noqa: E402

WRITABLE = {"actors": (Actor, "description"), "events": (Event, "summary")}
LISTS = [
    "/api/v1/articles/",
    "/api/v1/articles/?q=Idlib",
    "/api/v1/articles/?page=2&page_size=2",
    "/api/v1/actors/",
    "/api/v1/actors/?kind=person",
    "/api/v1/agreements/",
    "/api/v1/observation-posts/",
    "/api/v1/events/",
    "/api/v1/events/?ordering=-date",
    "/articles/",
    "/actors/",
    "/events/",
    "/",
]


def setup(extra_actors: int) -> tuple[str, str, dict[str, list[int]]]:
    from apps.ingestion.services import ingest_path

    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    for seed in sorted(SEEDS.glob("*.txt")):
        ingest_path(seed)
    for i in range(extra_actors):
        Actor.objects.create(name=f"Soak actor {i}", kind="armed_group")
    editor = User.objects.create_user("soak-editor", password=secrets.token_urlsafe(16))
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_actor", "change_event"])
    )
    reader = User.objects.create_user("soak-reader", password=secrets.token_urlsafe(16))
    ids = {
        name: list(model.objects.order_by("pk").values_list("pk", flat=True))
        for name, (model, _) in WRITABLE.items()
    }
    return Token.objects.create(user=editor).key, Token.objects.create(user=reader).key, ids


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = Counter()
        self.errors = Counter()
        self.examples: list[str] = []
        self.acked: dict[tuple[str, int], str] = {}
        self.writes = 0
        self.last_error_at = 0.0
        self.retry_after_missing = 0

    def unavailable(self, key: str, response) -> None:
        """A 503: the clean answer while the database is away."""
        with self.lock:
            self.errors[key] += 1
            self.last_error_at = time.monotonic()
            if not response.headers.get("Retry-After"):
                self.retry_after_missing += 1

    def error(self, key: str, detail: str) -> None:
        with self.lock:
            self.errors[key] += 1
            self.last_error_at = time.monotonic()
            if len(self.examples) < 10:
                self.examples.append(detail[:300])


def reader_loop(token: str, ids: dict, stop: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    while time.monotonic() < stop:
        if rng.random() < 0.7:
            path = rng.choice(LISTS)
        else:
            name = rng.choice(list(ids))
            path = f"/api/v1/{name}/{rng.choice(ids[name])}/" if ids[name] else LISTS[0]
        try:
            response = session.get(BASE + path, timeout=30)
        except requests.RequestException as exc:
            tally.error("read-exception", f"GET {path}: {exc}")
            continue
        if response.status_code == 200:
            with tally.lock:
                tally.ok["read"] += 1
        elif response.status_code == 503:
            tally.unavailable("read-503", response)
            time.sleep(0.2)
        else:
            tally.error(f"read-{response.status_code}", f"GET {path}: {response.text[:200]}")


def writer_loop(token: str, owned: list[tuple[str, int]], stop: float, tally: Tally, n: int):
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    i = 0
    while time.monotonic() < stop and owned:
        name, pk = owned[i % len(owned)]
        field = WRITABLE[name][1]
        value = f"soak w{n} #{i} {secrets.token_hex(4)}"
        i += 1
        try:
            response = session.patch(f"{BASE}/api/v1/{name}/{pk}/", json={field: value}, timeout=30)
        except requests.RequestException as exc:
            tally.error("write-exception", f"PATCH {name}/{pk}: {exc}")
            continue
        if response.status_code == 200:
            with tally.lock:
                tally.ok["write"] += 1
                tally.acked[(name, pk)] = value
                tally.writes += 1
        elif response.status_code == 503:  # not acknowledged, so not a lost write
            tally.unavailable("write-503", response)
            time.sleep(0.2)
        else:
            tally.error(f"write-{response.status_code}", f"PATCH {name}/{pk}: {response.text}")


def drop_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def verify(tally: Tally) -> dict:
    """Every acknowledged write is the record's current value and has its history row."""
    connection.close()
    lost = 0
    for (name, pk), value in tally.acked.items():
        model, field = WRITABLE[name]
        if getattr(model.objects.get(pk=pk), field) != value:
            lost += 1
    history = sum(
        model.history.filter(**{f"{field}__startswith": "soak w"}).count()
        for model, field in WRITABLE.values()
    )
    by_editor = sum(
        model.history.filter(
            **{f"{field}__startswith": "soak w", "history_user__username": "soak-editor"}
        ).count()
        for model, field in WRITABLE.values()
    )
    return {
        "records_written": len(tally.acked),
        "lost_writes": lost,
        "history_rows": history,
        "history_missing": tally.writes - history,
        "history_without_editor": history - by_editor,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Mixed read/write soak against gunicorn.")
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--drop-connections", action="store_true")
    parser.add_argument(
        "--restart-command",
        help="shell command run half-way that restarts the database server, e.g. "
        "'pg_ctlcluster 15 rel restart' for a cluster of its own",
    )
    args = parser.parse_args()

    editor_token, reader_token, ids = setup(extra_actors=40)
    # The deploy step production needs before serving (hashed static file names).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env=SERVER_ENV,
        check=True,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(args.workers),
            "--threads",
            "2",
            "--timeout",
            "60",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=REPO,
        env=SERVER_ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                requests.get(BASE + "/api/v1/", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.2)
        owned = [(name, pk) for name in WRITABLE for pk in ids[name]]
        random.Random(1).shuffle(owned)
        tally = Tally()
        started = time.monotonic()
        stop = started + args.seconds
        threads = [
            threading.Thread(target=reader_loop, args=(reader_token, ids, stop, tally, i))
            for i in range(args.readers)
        ]
        threads += [
            threading.Thread(
                target=writer_loop, args=(editor_token, owned[i :: args.writers], stop, tally, i)
            )
            for i in range(args.writers)
        ]
        for thread in threads:
            thread.start()
        dropped = None
        restart = None
        if args.drop_connections:
            time.sleep(args.seconds / 2)
            dropped = drop_connections()
        elif args.restart_command:
            time.sleep(args.seconds / 2)
            began = time.monotonic()
            done = subprocess.run(args.restart_command, shell=True, capture_output=True, text=True)
            restart = {"began": began, "took": time.monotonic() - began, "rc": done.returncode}
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        _, server_log = server.communicate(timeout=60)
    result = verify(tally)
    requests_done = sum(tally.ok.values()) + sum(tally.errors.values())
    print(
        f"seconds={elapsed:.0f} readers={args.readers} writers={args.writers} "
        f"gunicorn_workers={args.workers}"
    )
    print(
        f"requests={requests_done} reads_ok={tally.ok['read']} writes_ok={tally.ok['write']} "
        f"errors={sum(tally.errors.values())} rate={requests_done / elapsed:.1f}/s"
    )
    if dropped is not None:
        print(f"database connections terminated half-way: {dropped}")
    if restart is not None:
        recovered = max(tally.last_error_at - restart["began"], 0.0)
        print(
            f"database restarted half-way: command exit {restart['rc']}, "
            f"took {restart['took']:.1f} s; last failed request {recovered:.1f} s after it began; "
            f"503 without Retry-After: {tally.retry_after_missing}"
        )
    print(" ".join(f"{k}={v}" for k, v in result.items()))
    for key, count in tally.errors.items():
        print(f"  error {key}: {count}")
    for example in tally.examples:
        print(f"  e.g. {example}")
    if "Traceback" in server_log:
        print("server log:\n" + server_log[-3000:])
    # While the server restarts, 503 with Retry-After is the right answer; anything else fails.
    tolerated = tally.errors["read-503"] + tally.errors["write-503"] if restart else 0
    failed = sum(tally.errors.values()) - tolerated + tally.retry_after_missing
    failed += result["lost_writes"] + result["history_missing"] + result["history_without_editor"]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
