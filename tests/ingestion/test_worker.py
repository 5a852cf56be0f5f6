"""Ingestion through a real broker and a real Celery worker process.

Runs only when CELERY_BROKER_URL is set (``make test`` in CI does it against Redis and
PostgreSQL). The worker is pointed at this test run's database.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from apps.articles.models import Article
from apps.ingestion.models import IngestionRecord
from apps.ingestion.tasks import ingest_file_task
from config.celery_app import app

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL"),
        reason="needs a broker: set CELERY_BROKER_URL (and DATABASE_URL) to run",
    ),
]


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        if "memory" in str(db["NAME"]):
            pytest.skip("the worker cannot share an in-memory SQLite database; use DATABASE_URL")
        return f"sqlite:///{db['NAME']}"
    scheme = "postgres" if "postgresql" in db["ENGINE"] else db["ENGINE"].rsplit(".", 1)[-1]
    auth = db["USER"] or ""
    if db["PASSWORD"]:
        auth += f":{db['PASSWORD']}"
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"{scheme}://{auth}{'@' if auth else ''}{host}{port}/{db['NAME']}"


@pytest.fixture
def worker(settings):
    """A Celery worker on a queue of its own, using the test database."""
    queue = f"ingest-test-{uuid.uuid4().hex[:8]}"
    node = f"{queue}@localhost"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TEST_REAL_WORKER": "1",
        "INGESTION_QUEUE": queue,
    }
    command = [
        str(Path(sys.executable).with_name("celery")), "-A", "config", "worker",
        "--pool=solo", "-Q", queue, "-n", node, "--without-gossip", "--without-mingle",
        "--loglevel=WARNING",
    ]  # fmt: skip
    eager = app.conf.task_always_eager  # read before the override: the conf loads lazily
    process = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[node], timeout=1.0):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start (exit code {process.poll()})")
        yield queue
    finally:
        app.conf.task_always_eager = eager
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.mark.django_db(transaction=True)
def test_seeds_ingested_by_a_real_worker(worker, seed_files):
    records = [IngestionRecord.objects.create(path=str(path)) for path in seed_files]
    results = [
        ingest_file_task.apply_async(args=[str(path), record.pk], queue=worker)
        for path, record in zip(seed_files, records, strict=True)
    ]
    outcomes = [result.get(timeout=120)["outcome"] for result in results]
    assert outcomes == ["created"] * len(seed_files)
    assert Article.objects.count() == len(seed_files)
    stored = set(Article.objects.values_list("source_path", flat=True))
    assert stored == {str(path.resolve()) for path in seed_files}
    for record in records:
        record.refresh_from_db()
        assert record.outcome == "created" and record.article_id

    # The same files again, through the broker: nothing changes.
    again = [
        ingest_file_task.apply_async(args=[str(path)], queue=worker).get(timeout=120)
        for path in seed_files
    ]
    assert {result["outcome"] for result in again} == {"unchanged"}
    assert Article.objects.count() == len(seed_files)
