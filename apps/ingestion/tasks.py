"""Celery tasks of the ingestion pipeline. Thin: they take a path and call the service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db.models import F
from kombu.exceptions import OperationalError as BrokerError

from .models import IngestionRecord, Outcome
from .services import TRANSIENT_DB_ERRORS, _record_finish, ingest_path, run_refresh

logger = logging.getLogger(__name__)
MAX_RETRIES = 5
MAX_LOST = 2  # deliveries of one file that may end with a dead worker before it is rejected


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def ingest_file_task(self, path: str, record_id: int | None = None) -> dict:
    """Ingest one file. Retries only when the database or broker is briefly unavailable."""
    logger.info("ingesting %s (record %s, try %s)", path, record_id, self.request.retries + 1)
    try:
        if record_id is not None and _deliveries_lost(record_id, self.request.retries) >= MAX_LOST:
            reason = f"a worker died on this file {MAX_LOST} times (time or memory limit)"
            _give_up(record_id, reason)
            return _report(IngestionRecord.objects.get(pk=record_id))
        record = ingest_path(path, record_id=record_id)
    except (*TRANSIENT_DB_ERRORS, BrokerError) as err:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=err, countdown=min(2**self.request.retries, 30)) from err
        _give_up(record_id, f"database unavailable after {MAX_RETRIES} retries: {err}")
        raise
    return _report(record)


def _deliveries_lost(record_id: int, retries: int) -> int:
    """Count this start; return how many earlier starts ended without a result or a retry.

    A worker killed mid-file (hard time limit, out of memory) has its task delivered again;
    a file that kills every worker it meets must not do so for ever.
    """
    IngestionRecord.objects.filter(pk=record_id, finished_at__isnull=True).update(
        attempts=F("attempts") + 1
    )
    attempts = (
        IngestionRecord.objects.filter(pk=record_id).values_list("attempts", flat=True).first()
    )
    return max((attempts or 0) - 1 - retries, 0)


def _report(record: IngestionRecord) -> dict:
    return {
        "record_id": record.pk,
        "path": record.path,
        "outcome": record.outcome,
        "reason": record.reason,
        "article_id": record.article_id,
    }


def _give_up(record_id: int | None, reason: str) -> None:
    try:
        record = (
            IngestionRecord.objects.select_related("run").filter(pk=record_id).first()
            if record_id
            else None
        )
        if record is not None and record.outcome == Outcome.PENDING:
            _record_finish(record, Outcome.REJECTED, reason)
            run_refresh(record.run, record)
    except Exception:  # the database is what failed; the log has the reason
        logger.exception("could not record the failure of record %s", record_id)
