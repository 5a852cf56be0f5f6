"""ingest_file_task: thin, retries only transient database errors."""

import pytest
from django.db import OperationalError

from apps.ingestion import tasks
from apps.ingestion.models import IngestionRecord
from apps.ingestion.tasks import ingest_file_task

pytestmark = pytest.mark.django_db


def test_task_ingests_and_reports(seed_files):
    record = IngestionRecord.objects.create(path=str(seed_files[1]))
    result = ingest_file_task.apply(args=[str(seed_files[1]), record.pk]).get()
    assert result["outcome"] == "created" and result["record_id"] == record.pk
    record.refresh_from_db()
    assert record.outcome == "created" and record.article is not None


def test_transient_database_error_is_retried(seed_files, monkeypatch):
    real = tasks.ingest_path
    calls = []

    def flaky(path, **kwargs):
        calls.append(path)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(path, **kwargs)

    monkeypatch.setattr(tasks, "ingest_path", flaky)
    result = ingest_file_task.apply(args=[str(seed_files[2])], throw=False).get()
    assert result["outcome"] == "created"
    assert len(calls) == 2


def test_bad_file_is_not_retried(tmp_path, monkeypatch):
    real = tasks.ingest_path
    calls = []
    monkeypatch.setattr(tasks, "ingest_path", lambda p, **kw: calls.append(p) or real(p, **kw))
    path = tmp_path / "x.txt"
    path.write_bytes(b"")
    result = ingest_file_task.apply(args=[str(path)]).get()
    assert (result["outcome"], result["reason"]) == ("rejected", "empty file")
    assert len(calls) == 1


def test_task_options():
    assert ingest_file_task.acks_late and ingest_file_task.reject_on_worker_lost


def test_redelivered_task_keeps_the_recorded_outcome(seed_files):
    # The worker committed the file, then died before acknowledging: the broker delivers again.
    record = IngestionRecord.objects.create(path=str(seed_files[1]))
    ingest_file_task.apply(args=[str(seed_files[1]), record.pk]).get()
    again = ingest_file_task.apply(args=[str(seed_files[1]), record.pk]).get()
    record.refresh_from_db()
    assert again["outcome"] == record.outcome == "created"
    assert record.attempts == 1


def test_a_file_that_keeps_killing_workers_is_rejected(seed_files, monkeypatch):
    record = IngestionRecord.objects.create(path=str(seed_files[1]), attempts=tasks.MAX_LOST)
    called = []
    monkeypatch.setattr(tasks, "ingest_path", lambda p, **kw: called.append(p))
    result = ingest_file_task.apply(args=[str(seed_files[1]), record.pk]).get()
    record.refresh_from_db()
    assert result["outcome"] == record.outcome == "rejected"
    assert "died on this file" in record.reason and record.article is None
    assert called == []


def test_one_lost_delivery_is_tried_again(seed_files):
    record = IngestionRecord.objects.create(path=str(seed_files[1]), attempts=1)
    result = ingest_file_task.apply(args=[str(seed_files[1]), record.pk]).get()
    assert result["outcome"] == "created"


def test_running_over_the_time_limit_rejects_the_file_and_keeps_nothing(seed_files, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from apps.articles.models import Article
    from apps.ingestion.persist import extraction as store

    def too_slow(article, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(store, "article_extract", too_slow)
    record = IngestionRecord.objects.create(path=str(seed_files[1]))
    result = ingest_file_task.apply(args=[str(seed_files[1]), record.pk]).get()
    record.refresh_from_db()
    assert result["outcome"] == record.outcome == "rejected"
    assert "time limit" in record.reason
    assert not Article.objects.exists()


def test_time_limits_leave_room_before_redelivery(settings):
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert (
        settings.CELERY_TASK_TIME_LIMIT
        < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )


def test_database_down_when_the_task_starts_is_retried(seed_files, monkeypatch):
    real = tasks._deliveries_lost
    calls = []

    def flaky(record_id, retries):
        calls.append(retries)
        if len(calls) == 1:
            raise OperationalError("could not connect to server")
        return real(record_id, retries)

    monkeypatch.setattr(tasks, "_deliveries_lost", flaky)
    record = IngestionRecord.objects.create(path=str(seed_files[1]))
    result = ingest_file_task.apply(args=[str(seed_files[1]), record.pk], throw=False).get()
    assert result["outcome"] == "created"
    assert calls == [0, 1]


def test_a_worker_keeps_its_database_connection_and_checks_it_around_each_task(monkeypatch):
    """Celery would close it before and after every task; the check replaces that."""
    from types import SimpleNamespace

    import django.db

    from config.celery_app import app, database_connections_check

    assert app.conf.get("db_reuse_max") >= 100_000
    checks = []
    monkeypatch.setattr(django.db, "close_old_connections", lambda: checks.append(1))
    database_connections_check(sender=SimpleNamespace(request=SimpleNamespace(is_eager=True)))
    assert checks == []  # in-process: the caller's transaction holds the connection
    database_connections_check(sender=SimpleNamespace(request=SimpleNamespace(is_eager=False)))
    assert checks == [1]


def test_a_worker_builds_the_pipeline_before_it_forks_unless_told_not_to(settings, monkeypatch):
    from apps.ingestion.extraction import pipeline
    from config.celery_app import extraction_preload

    calls = []
    monkeypatch.setattr(pipeline, "preload", lambda: calls.append(1))
    settings.INGESTION_PRELOAD = False
    extraction_preload(sender=None)
    assert calls == []
    settings.INGESTION_PRELOAD = True
    extraction_preload(sender=None)
    assert calls == [1]


def test_a_pool_process_is_replaced_after_the_configured_number_of_tasks():
    """What a pool process accumulates from the texts it reads is bounded by its lifetime."""
    from django.conf import settings

    from config.celery_app import app

    assert settings.CELERY_WORKER_MAX_TASKS_PER_CHILD == 5000
    assert app.conf.worker_max_tasks_per_child == settings.CELERY_WORKER_MAX_TASKS_PER_CHILD
