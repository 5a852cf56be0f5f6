"""Worker and broker faults during ingestion, counted against PostgreSQL and Redis.

Scenarios (each starts from an empty database and an empty queue):

1. pool-kill   the Celery pool processes are SIGKILLed while one ingests; the task is re-queued
               (late acknowledgement, reject on worker lost) and every file ends up stored once.
2. worker-kill the whole worker (main process and pool) is SIGKILLed mid-run; the restarted
               worker gets the tasks the dead one held back after the broker's visibility
               timeout (``--visibility-timeout``, short for the drill) and every file is
               stored exactly once, each record with the outcome of its first, committed run;
               a rerun of the same ingest then changes nothing.
3. broker-down `manage.py ingest` with the broker unreachable fails with a one-line error and
               leaves nothing half-done; the rerun with the broker back ingests everything.

After each scenario it prints: files, articles, articles per file (min/max), half articles
(stored without their extraction), duplicates, records still pending. Lost and duplicated
counts must be zero.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_rel \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/12 \
        .venv/bin/python -m bench.reliability.worker_faults [--files 30]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.common import REPO


def visibility_from_argv(default: int = 30) -> int:
    """--visibility-timeout, read before Django starts: the settings take it from the env."""
    for i, arg in enumerate(sys.argv):
        if arg == "--visibility-timeout" and i + 1 < len(sys.argv):
            return int(sys.argv[i + 1])
        if arg.startswith("--visibility-timeout="):
            return int(arg.split("=", 1)[1])
    return default


VISIBILITY = visibility_from_argv()
# The drill's limits keep their order: soft < hard < visibility timeout (see config/settings).
os.environ["CELERY_VISIBILITY_TIMEOUT"] = str(VISIBILITY)
os.environ["INGESTION_TASK_HARD_LIMIT"] = str(max(VISIBILITY * 2 // 3, 2))
os.environ["INGESTION_TASK_SOFT_LIMIT"] = str(max(VISIBILITY // 2, 1))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")
SEEDS = Path(os.environ.get("SEEDS_DIR", REPO.parent / "shared" / "seeds"))
PYTHON = sys.executable
CLOSED_PORT_BROKER = "redis://127.0.0.1:1/12"


def require_env() -> None:
    db, broker = os.environ.get("DATABASE_URL", ""), os.environ.get("CELERY_BROKER_URL", "")
    if not db.startswith("postgres") or not broker.startswith("redis"):
        sys.exit("set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis); see the docstring")


require_env()

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from apps.articles.models import Article  # noqa: E402
from apps.ingestion.models import IngestionRecord, IngestionRun, Outcome  # noqa: E402
from apps.ingestion.services import ingest_paths  # noqa: E402


def make_corpus(folder: Path, files: int) -> list[Path]:
    """Distinct article files built from the seeds, long enough to be caught mid-ingestion."""
    seeds = sorted(SEEDS.glob("*.txt"))
    paths = []
    for i in range(files):
        seed = seeds[i % len(seeds)]
        text = seed.read_text(encoding="utf-8")
        path = folder / f"{i:03d}_{seed.stem}.txt"
        body = "\n\n".join([text] * 4)
        path.write_text(f"{body}\n\nDispatch {i} filed for the fault drill.\n", encoding="utf-8")
        paths.append(path)
    return paths


def reset() -> None:
    call_command("flush", interactive=False, verbosity=0)
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()


def start_worker(log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--concurrency=2",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--pool=prefork",
        ],
        cwd=REPO,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_worker(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def pool_children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def stored(paths: list[Path]) -> int:
    connection.close()  # read fresh rows, not a stale snapshot
    return Article.objects.filter(source_path__in=[str(p) for p in paths]).count()


def pending() -> int:
    return IngestionRecord.objects.filter(outcome=Outcome.PENDING).count()


def wait_until(predicate, timeout: float, step: float = 0.2) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def half_articles() -> int:
    """Articles stored without the rest of their file's transaction: no finished record
    names them, or (once the extractor stamps articles) they were never extracted."""
    articles = Article.objects.all()
    finished = IngestionRecord.objects.exclude(outcome=Outcome.PENDING).values("article_id")
    half = articles.exclude(pk__in=finished).count()
    if articles.filter(extracted_at__isnull=False).exists():
        half += articles.filter(extracted_at__isnull=True).count()
    return half


def outcomes() -> str:
    counts = Counter(IngestionRecord.objects.values_list("outcome", flat=True))
    return ",".join(f"{k}:{v}" for k, v in sorted(counts.items()))


def redelivered(log: Path, since: int) -> dict:
    """From the worker log: pool processes lost, and files whose task ran more than once."""
    lines = log.read_text(errors="replace").splitlines()[since:]
    runs = Counter(
        line.split("ingesting ", 1)[1].split(" (record")[0]
        for line in lines
        if "ingesting " in line and " (record " in line
    )
    return {
        "worker_lost": sum("WorkerLostError: Worker exited prematurely" in x for x in lines),
        "tasks_run_twice": sum(1 for n in runs.values() if n > 1),
    }


def in_flight(log: Path, since: int) -> bool:
    """A task has started and not yet finished, according to the worker log."""
    lines = log.read_text(errors="replace").splitlines()[since:]
    started = sum("ingesting " in line and " (record " in line for line in lines)
    finished = sum(" succeeded in " in line or " raised " in line for line in lines)
    return started > finished


def log_size(log: Path) -> int:
    return len(log.read_text(errors="replace").splitlines()) if log.exists() else 0


def counts(paths: list[Path]) -> dict:
    connection.close()
    names = {p.name for p in paths}
    articles = Article.objects.all()
    per_file = {name: 0 for name in names}
    for source_file in articles.values_list("source_file", flat=True):
        if source_file in per_file:
            per_file[source_file] += 1
    duplicates = articles.values("content_hash").annotate(n=Count("id")).filter(n__gt=1).count()
    return {
        "files": len(paths),
        "articles": articles.count(),
        "min_per_file": min(per_file.values()),
        "max_per_file": max(per_file.values()),
        "not_stored": sum(1 for n in per_file.values() if n == 0),
        "duplicated": sum(1 for n in per_file.values() if n > 1) + duplicates,
        "half_articles": half_articles(),
        "pending_records": pending(),
        "runs": IngestionRun.objects.count(),
        "outcomes": outcomes(),
    }


def show(label: str, row: dict) -> None:
    print(f"{label:34} " + " ".join(f"{k}={v}" for k, v in row.items()), flush=True)


def scenario_pool_kill(paths: list[Path], log: Path) -> dict:
    reset()
    since = log_size(log)
    worker = start_worker(log)
    try:
        ingest_paths(paths, origin="command")
        busy = wait_until(
            lambda: 0 < stored(paths) < len(paths) - 2 and in_flight(log, since),
            timeout=120,
            step=0.01,
        )
        victims = pool_children(worker.pid)
        if busy and victims:
            for victim in victims:  # the busy one among them; the main process survives
                os.kill(victim, signal.SIGKILL)
            print(f"  SIGKILLed pool processes {victims} with {stored(paths)} stored", flush=True)
        wait_until(lambda: stored(paths) >= len(paths) and not pending(), timeout=300)
    finally:
        stop_worker(worker)
    return {**counts(paths), **redelivered(log, since)}


def scenario_worker_kill(paths: list[Path], log: Path) -> tuple[dict, dict, dict, float]:
    reset()
    since = log_size(log)
    worker = start_worker(log)
    ingest_paths(paths, origin="command")
    wait_until(
        lambda: 0 < stored(paths) < len(paths) - 2 and in_flight(log, since),
        timeout=120,
        step=0.01,
    )
    stop_worker(worker, signal.SIGKILL)
    killed_at = time.monotonic()
    at_kill = counts(paths)
    worker = start_worker(log)
    try:
        # The restarted worker drains the queue; the tasks the dead worker held come back
        # after the broker's visibility timeout, with nothing rerun by hand.
        wait_until(lambda: not pending(), timeout=VISIBILITY + 120, step=0.5)
        back_after = time.monotonic() - killed_at
        after_timeout = counts(paths)
        ingest_paths(paths, origin="command")  # a rerun must change nothing
        wait_until(lambda: not pending(), timeout=300)
    finally:
        stop_worker(worker)
    return at_kill, after_timeout, counts(paths), back_after


def scenario_broker_down(paths: list[Path], folder: Path, log: Path) -> tuple[dict, str, dict]:
    reset()
    env = {
        **os.environ,
        "CELERY_BROKER_URL": CLOSED_PORT_BROKER,
        "CELERY_RESULT_BACKEND": CLOSED_PORT_BROKER,
    }
    started = time.monotonic()
    down = subprocess.run(
        [PYTHON, "manage.py", "ingest", str(folder)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    elapsed = time.monotonic() - started
    message = (down.stderr.strip().splitlines() or ["(no message)"])[-1]
    after_failure = counts(paths)
    after_failure["exit_code"] = down.returncode
    after_failure["seconds_to_fail"] = round(elapsed, 1)
    worker = start_worker(log)
    try:
        rerun = subprocess.run(
            [PYTHON, "manage.py", "ingest", str(folder)],
            cwd=REPO,
            env=os.environ,
            capture_output=True,
            text=True,
            timeout=600,
        )
        wait_until(lambda: stored(paths) >= len(paths) and not pending(), timeout=300)
    finally:
        stop_worker(worker)
    after_rerun = counts(paths)
    after_rerun["exit_code"] = rerun.returncode
    return after_failure, message, after_rerun


def main() -> int:
    parser = argparse.ArgumentParser(description="Worker and broker fault drill.")
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--only", choices=["pool-kill", "worker-kill", "broker-down"])
    parser.add_argument(
        "--visibility-timeout",
        type=int,
        default=VISIBILITY,
        help="seconds before the broker hands a dead worker's task to another (default 30)",
    )
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="kb-faults-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths = make_corpus(folder, args.files)
        log = Path(tmp) / "worker.log"
        if args.only in (None, "pool-kill"):
            result = scenario_pool_kill(paths, log)
            show("pool-kill: final", result)
            failures += result["not_stored"] + result["duplicated"] + result["half_articles"]
        if args.only in (None, "worker-kill"):
            at_kill, restarted, result, back_after = scenario_worker_kill(paths, log)
            show("worker-kill: at the kill", at_kill)
            show("worker-kill: after visibility timeout", restarted)
            print(
                f"  every file finished {back_after:.0f} s after the kill "
                f"(visibility timeout {VISIBILITY} s)"
            )
            show("worker-kill: after a rerun", result)
            failures += at_kill["half_articles"] + at_kill["duplicated"]
            failures += restarted["not_stored"] + restarted["pending_records"]
            failures += restarted["outcomes"] != f"created:{len(paths)}"
            failures += result["not_stored"] + result["duplicated"] + result["half_articles"]
        if args.only in (None, "broker-down"):
            down, message, result = scenario_broker_down(paths, folder, log)
            show("broker-down: after the failure", down)
            print(f"  message: {message}")
            show("broker-down: after the rerun", result)
            failures += down["articles"] + down["half_articles"] + (down["exit_code"] == 0)
            failures += result["not_stored"] + result["duplicated"] + result["half_articles"]
        if failures:
            print("worker log tail:\n" + "\n".join(log.read_text().splitlines()[-30:]))
    print(f"problems: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
