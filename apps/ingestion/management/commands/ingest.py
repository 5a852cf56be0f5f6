"""``python manage.py ingest PATH [PATH ...]``: ingest article files and folders."""

from __future__ import annotations

import os
import sys
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.events.pairs import actor_pairs_settle_all
from apps.ingestion.models import Outcome
from apps.ingestion.services import (
    BrokerUnavailable,
    broker_check,
    ingest_paths,
    run_wait,
    workers_online,
)

PROGRESS_ABOVE = 20  # files; fewer finish before a bar would be worth drawing


def _shown(path: str) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return relative if len(relative) < len(path) else path


class Command(BaseCommand):
    help = (
        "Ingest article files or folders (recursively): one task per file, one line per file "
        "(created, updated, unchanged, duplicate of X, rejected: reason), then totals. "
        "Exits with status 1 if any file was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--timeout",
            type=float,
            default=None,
            help=f"seconds to wait for results (default {settings.INGESTION_TASK_TIMEOUT})",
        )
        parser.add_argument("--no-progress", action="store_true", help="never draw a progress bar")

    def handle(self, *args, **options):
        try:
            broker_check()
            # Asked before queueing: a busy single-process worker cannot answer a ping.
            online = workers_online()
            run = ingest_paths(options["paths"], origin="command")
        except BrokerUnavailable as err:
            raise CommandError(f"{err}; nothing was queued, run the command again later") from err
        total = run.records.count()
        if total == 0:
            raise CommandError("no files found under the given paths")
        if online is False:
            self.stderr.write(
                "No Celery worker answered; the files are queued and will be ingested when "
                "a worker starts (make worker)."
            )
        show_bar = total > PROGRESS_ABOVE and not options["no_progress"]
        with tqdm(total=total, unit="file", file=sys.stderr, disable=not show_bar) as bar:
            records = run_wait(run, timeout=options["timeout"], progress=bar.update)

        # The batch's changes to the co-actor counts, folded now rather than by the first
        # reader of each actor's page.
        actor_pairs_settle_all()
        counts: Counter = Counter()
        for record in records:
            counts[record.outcome] += 1
            if record.outcome == Outcome.PENDING:
                line = "pending: no result in time (is a worker running?)"
            elif record.outcome == Outcome.REJECTED:
                line = f"rejected: {record.reason}"
            elif record.outcome == Outcome.DUPLICATE:
                line = (
                    f"duplicate of {_shown(record.article.source_path if record.article else '')}"
                )
            else:
                line = record.outcome
            self.stdout.write(f"{_shown(record.path)}: {line}")

        summary = ", ".join(
            f"{counts[o]} {o}" for o in Outcome.values if counts[o] or o != Outcome.PENDING
        )
        self.stdout.write(f"{total} file{'s' if total != 1 else ''}: {summary}")
        failed = counts[Outcome.REJECTED] + counts[Outcome.PENDING]
        if failed:
            raise CommandError(f"{failed} of {total} files not ingested (see the lines above)")
