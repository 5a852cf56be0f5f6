"""The ingestion pipeline: files -> Celery tasks -> one transaction per file -> Article.

* ``ingest_path`` does the work for one file (called by the task, and directly by tests and
  benchmarks). Every file ends with a finished IngestionRecord, rejections included.
* ``ingest_paths`` expands folders, records a run and enqueues one task per file.
* ``ingest_upload`` stores an uploaded file safely and enqueues it.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import get_valid_filename

from apps.articles.services import DUPLICATE, article_upsert

from . import parsers, sources
from .documents import IngestionError
from .models import IngestionRecord, IngestionRun, Outcome
from .persist import extraction as store

logger = logging.getLogger(__name__)

# Database errors worth retrying: the server went away or a lock timed out.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)


class BrokerUnavailable(Exception):
    """The task broker cannot be reached; nothing was enqueued."""


def _one_line(text: str, limit: int = 480) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def source_path_of(path: Path | str) -> str:
    """The stored form of a path: absolute, with symlinks resolved."""
    return str(Path(path).expanduser().resolve(strict=False))


def _record_finish(record: IngestionRecord, outcome: str, reason: str = "", article=None):
    record.outcome = outcome
    record.reason = _one_line(reason)
    record.article = article
    record.finished_at = timezone.now()
    if record.pk is None:
        record.save()
    else:
        record.save(update_fields=["outcome", "reason", "article", "finished_at"])
    return record


def run_refresh(run: IngestionRun | None, record: IngestionRecord | None = None) -> None:
    """Mark a run finished, with its totals, once no file of it is pending.

    Called after every file. Its cost must not grow with the run: it asks for the nearest
    pending record after ``record`` (the files still queued behind it), then before it, and
    the totals are counted once, when none is left. Asked in id order, the nearest one is
    found by walking an index outward from ``record``; asked as EXISTS, PostgreSQL took the
    pending records to be spread evenly over the table and scanned it from the start,
    reading every finished record first (15 ms per file 50,000 files into a run).
    """
    if run is None or run.finished_at is not None:
        return
    pending = IngestionRecord.objects.filter(run_id=run.pk, outcome=Outcome.PENDING)
    ids = pending.values_list("pk", flat=True)
    if record is not None and record.pk is not None:
        if (
            ids.filter(pk__gt=record.pk).order_by("pk").first() is not None
            or ids.filter(pk__lt=record.pk).order_by("-pk").first() is not None
        ):
            return
    elif ids.order_by("pk").first() is not None:
        return
    run.totals = _outcomes_counted(run)
    run.finished_at = timezone.now()
    # Two workers may finish a run's last files together: either may write, once.
    IngestionRun.objects.filter(pk=run.pk, finished_at__isnull=True).update(
        totals=run.totals, finished_at=run.finished_at
    )


def run_totals(run: IngestionRun) -> dict[str, int]:
    """A run's outcomes so far: the stored totals once finished, counted while it runs."""
    if run.finished_at is not None:
        return dict(run.totals)
    return _outcomes_counted(run)


def _outcomes_counted(run: IngestionRun) -> dict[str, int]:
    """How many of the run's files have each outcome (outcomes none has are left out)."""
    counts = dict(
        IngestionRecord.objects.filter(run_id=run.pk)
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {outcome: counts[outcome] for outcome in Outcome.values if counts.get(outcome)}


def ingest_path(
    path: Path | str,
    *,
    run: IngestionRun | None = None,
    record_id: int | None = None,
    extract: bool = True,
) -> IngestionRecord:
    """Ingest one file in one transaction: its Article and extraction, or nothing.

    Transient database errors propagate so the task can retry; anything else wrong with the
    file ends as a rejected record with a one-line reason.
    """
    source_path = source_path_of(path)
    record = (
        IngestionRecord.objects.select_related("run").filter(pk=record_id).first()
        if record_id
        else None
    )
    if record is not None and record.finished_at is not None:
        # A redelivered task (its worker died after committing, before acknowledging):
        # the file's outcome is already recorded and must not turn into "unchanged".
        logger.info("record %s already finished as %s; not redone", record.pk, record.outcome)
        return record
    if record is None:
        # Saved with its outcome, inside the file's transaction: one commit per file.
        record = IngestionRecord(run=run, path=source_path)
    run = record.run

    try:
        raw = sources.file_read(source_path)
        items = parsers.parse_raw_items(raw)
    except IngestionError as err:
        _record_finish(record, Outcome.REJECTED, str(err))
        run_refresh(run, record)
        return record

    try:
        with transaction.atomic():
            results = []
            for index, parsed in enumerate(items, start=1):
                # A feed's entries are articles of their own: "feed.json#3", hashed apart.
                many = len(items) > 1
                item_hash = feed_item_hash(raw.content_hash, index) if many else raw.content_hash
                result = article_upsert(
                    parsed=parsed,
                    source_path=f"{source_path}#{index}" if many else source_path,
                    content_hash=item_hash,
                    source_file=Path(source_path).name,
                )
                if extract and result.outcome in (Outcome.CREATED, Outcome.UPDATED):
                    store.article_extract(result.article, force=result.outcome == Outcome.UPDATED)
                results.append(result)
            outcome, reason, article = _items_outcome(results)
            _record_finish(record, outcome, reason, article)
    except TRANSIENT_DB_ERRORS:
        raise
    except SoftTimeLimitExceeded:
        logger.error("ingesting %s ran over the time limit", source_path)
        record = _record_after_rollback(record)
        limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
        _record_finish(record, Outcome.REJECTED, f"gave up after the {limit} s time limit")
    except Exception as err:  # a bug in extraction must not stop the batch
        logger.exception("ingesting %s failed", source_path)
        record = _record_after_rollback(record)
        _record_finish(record, Outcome.REJECTED, f"could not store: {type(err).__name__}: {err}")
    run_refresh(run, record)
    return record


def feed_item_hash(file_hash: str, index: int) -> str:
    """The content hash of entry ``index`` (from 1) of a feed file whose hash is ``file_hash``."""
    return hashlib.sha256(f"{file_hash}#{index}".encode()).hexdigest()


def duplicate_reason(article) -> str:
    """Why a file is a duplicate: the stored article, by id and original file name (never
    the server's path, which the ingestion record's readers have no business knowing)."""
    return f"duplicate of article {article.pk} ({article.source_file})"


def _items_outcome(results: list) -> tuple[str, str, object]:
    """One record's outcome for the articles of one file (a feed holds several)."""
    first = results[0]
    if len(results) == 1:
        reason = duplicate_reason(first.article) if first.outcome == DUPLICATE else ""
        return first.outcome, reason, first.article
    counts: dict[str, int] = {}
    for result in results:
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    order = (Outcome.CREATED, Outcome.UPDATED, DUPLICATE, Outcome.UNCHANGED)
    outcome = next(o for o in order if counts.get(o))
    reason = f"{len(results)} feed entries: " + ", ".join(
        f"{counts[o]} {o}" for o in order if counts.get(o)
    )
    return outcome, reason, first.article


def _record_after_rollback(record: IngestionRecord) -> IngestionRecord:
    """The record as the database holds it after the file's transaction rolled back."""
    if record.pk is not None and not IngestionRecord.objects.filter(pk=record.pk).exists():
        record.pk = None  # it was created inside the rolled-back transaction
    elif record.pk is not None:
        record.refresh_from_db()
    return record


def paths_expand(paths: Iterable[Path | str]) -> list[Path]:
    """Files named and files under folders named (recursively), without sidecars or dotfiles.

    A path that does not exist is kept, so it is reported as such rather than silently lost.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if any(part.startswith(".") for part in relative):
                    continue
                if child.is_file() and not sources.is_sidecar(child):
                    found.append(child)
        elif not sources.is_sidecar(path):
            found.append(path)
    return list(dict.fromkeys(found))


def broker_check() -> None:
    """Raise ``BrokerUnavailable`` unless tasks run in-process or the broker answers."""
    from config.celery_app import app

    if app.conf.task_always_eager:
        return
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0.5, timeout=5
            )
    except Exception as err:
        uri = app.connection_for_write().as_uri()  # password masked
        raise BrokerUnavailable(
            f"cannot reach the task broker at {uri}: {_one_line(err, 200).rstrip('.')}"
        ) from err


def workers_online() -> bool | None:
    """Whether any Celery worker answers a ping; None when tasks run in-process."""
    from config.celery_app import app

    if app.conf.task_always_eager:
        return None
    try:
        return bool(app.control.ping(timeout=1.0))
    except Exception:
        return False


def _task_id() -> str:
    return str(uuid.uuid4())


def _enqueue(records: list[IngestionRecord]) -> None:
    """Send one task per record once the records are committed."""
    from config.celery_app import app

    from .tasks import ingest_file_task

    # In-process mode runs the task right here; no broker connection is involved.
    send_one = (
        ingest_file_task.apply if app.conf.task_always_eager else ingest_file_task.apply_async
    )
    # Records made by ``ingest_paths`` carry their task id from their insert: one UPDATE
    # naming 100,000 records would cost PostgreSQL time quadratic in their number.
    unnamed = [record for record in records if not record.task_id]
    for record in unnamed:
        record.task_id = _task_id()
    IngestionRecord.objects.bulk_update(unnamed, ["task_id"], batch_size=500)

    def send():
        for index, record in enumerate(records):
            try:
                send_one(args=[record.path, record.pk], task_id=record.task_id)
            except TRANSIENT_DB_ERRORS:
                raise
            except Exception as err:
                if not _is_broker_error(err):
                    raise
                for unsent in records[index:]:
                    _record_finish(unsent, Outcome.REJECTED, f"not queued: broker error: {err}")
                run_refresh(records[0].run)
                raise BrokerUnavailable(f"lost the task broker while queueing: {err}") from err

    transaction.on_commit(send, robust=False)


def _is_broker_error(err: Exception) -> bool:
    from kombu.exceptions import KombuError
    from kombu.exceptions import OperationalError as KombuOperationalError

    return isinstance(err, KombuError | KombuOperationalError | ConnectionError | OSError)


def ingest_paths(
    paths: Iterable[Path | str], *, origin: str = "command", user=None
) -> IngestionRun:
    """Record a run with one pending record per file and enqueue one task per file.

    Checks the broker first: when it is unreachable nothing is recorded or queued.
    """
    files = paths_expand(paths)
    broker_check()
    with transaction.atomic():
        run = IngestionRun.objects.create(
            origin=origin,
            requested_by=getattr(user, "username", "") or "",
            paths=[str(p) for p in paths],
        )
        records = IngestionRecord.objects.bulk_create(
            [IngestionRecord(run=run, path=source_path_of(p), task_id=_task_id()) for p in files],
            batch_size=2000,
        )
        if not records:
            run_refresh(run)
            return run
        _enqueue(records)
    return run


def run_wait(
    run: IngestionRun,
    *,
    timeout: float | None = None,
    poll: float = 0.25,
    progress: Callable[[int], None] | None = None,
) -> list[IngestionRecord]:
    """Wait until every file of ``run`` is finished or ``timeout`` seconds pass.

    Each look counts the files still queued (a partial index holds just those), so it costs
    less as the run goes on; a run of many files is looked at less often (every 2 s from
    100,000 files on).
    """
    timeout = settings.INGESTION_TASK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    total = run.records.count()
    poll = max(poll, min(2.0, total / 50_000))
    queued = run.records.filter(outcome=Outcome.PENDING)
    done = 0
    while True:
        now_done = total - queued.count()
        if progress and now_done != done:
            progress(now_done - done)
        done = now_done
        if done >= total or time.monotonic() >= deadline:
            break
        time.sleep(poll)
    run.refresh_from_db()
    return list(run.records.select_related("article").order_by("id"))


def ingest_upload(uploaded_file, *, origin: str, user=None) -> IngestionRecord:
    """Store an uploaded file under INGESTION_UPLOAD_DIR and enqueue its ingestion.

    The file goes into a fresh folder of its own under a sanitised name, so uploads can
    neither overwrite each other nor escape the upload folder. Files of the wrong type or
    over the size limit are rejected (and recorded) before anything is written.
    """
    name = get_valid_filename(Path(uploaded_file.name or "").name) or "upload.txt"
    broker_check()
    run = IngestionRun.objects.create(
        origin=origin, requested_by=getattr(user, "username", "") or "", paths=[name]
    )
    try:
        sources.suffix_check(name)
        sources.size_check(uploaded_file.size or 0)
    except IngestionError as err:
        record = IngestionRecord.objects.create(run=run, path=name)
        _record_finish(record, Outcome.REJECTED, str(err))
        run_refresh(run)
        return record

    folder = Path(settings.INGESTION_UPLOAD_DIR) / timezone.now().strftime("%Y/%m/%d")
    folder = folder / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=False)
    target = folder / name
    written = 0
    max_bytes = settings.INGESTION_MAX_FILE_BYTES
    with target.open("xb") as out:
        for chunk in uploaded_file.chunks():
            written += len(chunk)
            if written > max_bytes:
                break
            out.write(chunk)
    record = IngestionRecord.objects.create(run=run, path=source_path_of(target))
    if written > max_bytes:
        target.unlink(missing_ok=True)
        _record_finish(record, Outcome.REJECTED, "file too large")
        run_refresh(run)
        return record
    with transaction.atomic():
        _enqueue([record])
    record.refresh_from_db()
    return record
