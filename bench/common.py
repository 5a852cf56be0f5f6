"""What the benchmarks share: where things are, Django set up for a benchmark database, and
latency percentiles."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The seed articles and the real development corpus live beside the repository, never in it.
SEEDS = REPO.parent / "shared" / "seeds"
OUT = REPO / "bench" / "out"


def django_setup(database: str | None = None, settings: str = "config.settings.local") -> None:
    """Set Django up in this process for a benchmark: ``database`` (a URL) if given, else
    DATABASE_URL; no broker, so nothing is queued behind the benchmark's back."""
    if database:
        os.environ["DATABASE_URL"] = database
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile of ``values``."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]
