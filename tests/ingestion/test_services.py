"""ingest_path / ingest_paths / ingest_upload: one transaction and one record per file."""

import json
import re
import shutil
import threading
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.articles.models import Article
from apps.ingestion import services
from apps.ingestion.models import IngestionRecord, IngestionRun
from apps.ingestion.persist import extraction as store
from apps.ingestion.services import (
    BrokerUnavailable,
    ingest_path,
    ingest_paths,
    ingest_upload,
    paths_expand,
)
from config.celery_app import app


@contextmanager
def celery_conf(**values):
    """Change the Celery app's configuration for the duration of a block."""
    old = {key: app.conf[key] for key in values}
    app.conf.update(values)
    try:
        yield
    finally:
        app.conf.update(old)


GOOD = "Ankara Warns Damascus\n\nTurkey warned Syria on Monday not to attack its posts in Idlib.\n"


@pytest.mark.django_db
def test_seed_goes_in_once(seed_files):
    record = ingest_path(seed_files[4])
    assert record.outcome == "created" and record.reason == ""
    article = record.article
    assert article.title == "Putin, Erdogan Seek to Ease Syria Tensions at High-Stakes Talks"
    assert article.published_on.isoformat() == "2020-03-05"
    assert article.source_path == str(seed_files[4].resolve())
    assert len(article.content_hash) == 64
    again = ingest_path(seed_files[4])
    assert (again.outcome, again.article_id) == ("unchanged", article.pk)
    assert IngestionRecord.objects.filter(article=article).count() == 2


@pytest.mark.django_db
def test_rejection_is_recorded_with_its_reason(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    record = ingest_path(path)
    record.refresh_from_db()
    assert (record.outcome, record.reason, record.article) == ("rejected", "empty file", None)
    assert record.finished_at is not None


@pytest.mark.django_db
def test_duplicate_names_the_stored_file(tmp_path, seed_files):
    ingest_path(seed_files[0])
    copy = tmp_path / "renamed.txt"
    shutil.copy(seed_files[0], copy)
    record = ingest_path(copy)
    assert record.outcome == "duplicate"
    first = Article.objects.get()
    assert record.reason == f"duplicate of article {first.pk} ({seed_files[0].name})"
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_changed_file_is_updated_and_reextracted(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(store, "article_extract", lambda a, force=False: calls.append(force))
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    first = ingest_path(path)
    path.write_text(GOOD + "\nThe defence ministry confirmed the warning later on Monday.\n")
    second = ingest_path(path)
    assert (first.outcome, second.outcome) == ("created", "updated")
    assert second.article_id == first.article_id
    assert "defence ministry" in Article.objects.get().body
    assert calls == [False, True]


@pytest.mark.django_db
def test_sidecar_change_counts_as_a_change(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    ingest_path(path)
    (tmp_path / "a.meta.json").write_text('{"source": "Anadolu Agency"}')
    record = ingest_path(path)
    assert record.outcome == "updated"
    assert record.article.source == "Anadolu Agency"
    assert record.article.metadata_from_sidecar == ["source"]


@pytest.mark.django_db
def test_failed_extraction_stores_nothing(tmp_path, monkeypatch):
    def broken(article, force=False):
        raise ValueError("extractor broke")

    monkeypatch.setattr(store, "article_extract", broken)
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    record = ingest_path(path)
    assert record.outcome == "rejected"
    assert record.reason == "could not store: ValueError: extractor broke"
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_extraction_can_be_switched_off(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(store, "article_extract", lambda a, force=False: calls.append(a))
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    assert ingest_path(path, extract=False).outcome == "created"
    assert calls == []


def test_paths_expand_recurses_and_skips_sidecars_and_dotfiles(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "a.meta.json", "sub/b.md", ".hidden.txt", "sub/c.pdf"):
        (tmp_path / name).write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in paths_expand([tmp_path])]
    assert found == ["a.txt", "sub/b.md", "sub/c.pdf"]
    assert paths_expand([tmp_path / "missing.txt"]) == [tmp_path / "missing.txt"]


@pytest.mark.django_db(transaction=True)
def test_ingest_paths_records_a_run_with_totals(tmp_path, seed_files):
    for seed in seed_files[:2]:
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    run = ingest_paths([tmp_path], origin="api")
    run.refresh_from_db()
    assert run.totals == {"created": 2, "rejected": 1}
    assert run.finished_at is not None
    assert all(r.task_id for r in run.records.all())


@pytest.mark.django_db
def test_queueing_a_large_run_writes_each_record_once(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    for n in range(300):
        (tmp_path / f"{n}.txt").write_text(GOOD)
    sent = []
    monkeypatch.setattr(
        "apps.ingestion.tasks.ingest_file_task.apply_async",
        lambda args, task_id: sent.append((args[1], task_id)),
    )
    with celery_conf(task_always_eager=False):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            run = ingest_paths([tmp_path])
    # Task ids are written with the records: no UPDATE naming every record of the run.
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    ids = dict(run.records.values_list("pk", "task_id"))
    assert len(ids) == 300 and len(set(ids.values())) == 300
    assert sorted(sent) == sorted(ids.items())


@pytest.mark.django_db(transaction=True)
def test_unreachable_broker_queues_nothing(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD)
    dead = "redis://127.0.0.1:1/0"
    monkeypatch.setenv("CELERY_BROKER_URL", dead)  # Celery reads it before its own setting
    with celery_conf(task_always_eager=False, broker_url=dead, broker_write_url=dead):
        with pytest.raises(BrokerUnavailable, match="cannot reach the task broker"):
            ingest_paths([tmp_path])
    assert not IngestionRun.objects.exists() and not IngestionRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_upload_is_stored_safely_and_ingested(tmp_path, settings):
    settings.INGESTION_UPLOAD_DIR = tmp_path / "uploads"
    upload = SimpleUploadedFile("../../etc/evil name.txt", GOOD.encode())
    record = ingest_upload(upload, origin="admin")
    assert record.outcome == "created" and record.task_id
    stored = record.article.source_path
    assert stored.startswith(str(tmp_path / "uploads")) and stored.endswith("/evil_name.txt")
    again = ingest_upload(SimpleUploadedFile("copy.txt", GOOD.encode()), origin="api")
    reason = f"duplicate of article {record.article.pk} (evil_name.txt)"
    assert (again.outcome, again.reason) == ("duplicate", reason)


@pytest.mark.django_db(transaction=True)
def test_upload_of_wrong_type_or_size_is_rejected_unsaved(tmp_path, settings):
    settings.INGESTION_UPLOAD_DIR = tmp_path / "uploads"
    settings.INGESTION_MAX_FILE_BYTES = 100
    record = ingest_upload(SimpleUploadedFile("x.exe", b"MZ"), origin="api")
    assert record.outcome == "rejected" and "unsupported file type" in record.reason
    record = ingest_upload(SimpleUploadedFile("x.txt", b"a" * 500), origin="api")
    assert record.outcome == "rejected" and "file too large" in record.reason
    assert not (tmp_path / "uploads").exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_on_one_file_make_one_article(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that runs transactions concurrently")
    from apps.articles import services as article_services

    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    barrier = threading.Barrier(2, timeout=10)
    real_save = article_services._save

    def save_together(article):
        if article.pk is None:
            try:
                barrier.wait()  # both workers have checked; both now insert
            except threading.BrokenBarrierError:
                pass
        real_save(article)

    monkeypatch.setattr(article_services, "_save", save_together)
    outcomes = []

    def worker():
        try:
            outcomes.append(services.ingest_path(path, extract=False).outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "unchanged"]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_a_run_finishes_with_its_last_file_whatever_order_files_end_in(tmp_path):
    run = IngestionRun.objects.create(origin="command")
    records = IngestionRecord.objects.bulk_create(
        [IngestionRecord(run=run, path=str(tmp_path / f"{i}.txt")) for i in range(4)]
    )
    outcomes = {0: "created", 3: "rejected", 1: "created", 2: "duplicate"}
    for step, (index, outcome) in enumerate(outcomes.items()):
        record = records[index]
        services._record_finish(record, outcome)
        services.run_refresh(run, record)
        run.refresh_from_db()
        last = step == len(outcomes) - 1
        assert (run.finished_at is not None) == last
        assert services.run_totals(run) == {
            k: v
            for k, v in {
                "pending": len(outcomes) - step - 1,
                "created": sum(o == "created" for o in list(outcomes.values())[: step + 1]),
                "duplicate": int(last),
                "rejected": int(step >= 1),
            }.items()
            if v
        }
    assert run.totals == {"created": 2, "duplicate": 1, "rejected": 1}


@pytest.mark.django_db
def test_a_file_of_a_long_run_reads_no_more_of_it_than_of_a_short_one(tmp_path):
    """The check after each file reads the run's pending files near it, not the whole run."""
    from django.test.utils import CaptureQueriesContext

    run = IngestionRun.objects.create(origin="command")
    records = IngestionRecord.objects.bulk_create(
        [IngestionRecord(run=run, path=str(tmp_path / f"{i}.txt")) for i in range(300)]
    )
    for record in records[:200]:
        services._record_finish(record, "created")
    with CaptureQueriesContext(connection) as queries:
        services.run_refresh(run, records[199])
    run.refresh_from_db()
    assert run.finished_at is None
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "COUNT" not in queries[0]["sql"].upper()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_the_check_after_a_file_does_not_read_the_finished_files_first(tmp_path):
    """Halfway through a large run, the pending files sit behind the finished ones in the
    table while its statistics still call most files pending: the check must walk an index
    from the file, not scan the table from its start."""
    run = IngestionRun.objects.create(origin="command")
    records = IngestionRecord.objects.bulk_create(
        [IngestionRecord(run=run, path=f"{i}.txt") for i in range(20_000)], batch_size=5_000
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {IngestionRecord._meta.db_table}")
    middle = records[9_999]
    IngestionRecord.objects.filter(run=run, pk__lte=middle.pk).update(outcome="created")
    for record in (middle, records[-1]):  # one with files behind it, then the last one
        IngestionRecord.objects.filter(pk=record.pk).update(outcome="created")
        with CaptureQueriesContext(connection) as queries:
            services.run_refresh(run, record)
        reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
        for sql in reads[:2]:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                plan = json.dumps(cursor.fetchone()[0])
            assert '"Seq Scan"' not in plan, plan
            removed = sum(int(n) for n in re.findall(r'"Rows Removed by Filter": (\d+)', plan))
            assert removed < 100, plan
