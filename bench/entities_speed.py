"""How fast the entity recogniser runs on the seed articles (CPU time, one process).

    .venv/bin/python -m bench.entities_speed [--seeds DIR] [--rounds N]

Prints, per article, the words and the median CPU milliseconds of ``extract_entities`` over
``--rounds`` runs, then the mean per 800 words. The first call builds the spaCy pipeline and
the phrase matchers (once per process) and is reported separately.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from bench.common import SEEDS

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from apps.ingestion.extraction.entities import extract_entities
    from apps.ingestion.parsers import parse_file

    files = sorted(args.seeds.glob("*.txt"))
    if not files:
        print(f"no seed articles in {args.seeds}", file=sys.stderr)
        return 1
    articles = [(f.name, parse_file(f)) for f in files]
    start = time.process_time()
    extract_entities(articles[0][1].body)
    print(
        f"first call (builds pipeline and matchers): {(time.process_time() - start) * 1000:.0f} ms"
    )
    per_word = []
    for name, parsed in articles:
        words = len(parsed.body.split())
        timings = []
        for _ in range(args.rounds):
            start = time.process_time()
            extract_entities(parsed.body, published_on=parsed.published_on)
            timings.append((time.process_time() - start) * 1000)
        median = statistics.median(timings)
        per_word.append(median / words)
        print(f"{name:32} {words:5} words  {median:6.1f} ms")
    print(f"mean per 800 words: {statistics.mean(per_word) * 800:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
