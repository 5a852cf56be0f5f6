"""Does parsing and extraction time grow linearly with input size?

For each hostile input class, time parse_text (and extract on the parsed body) at size n and at
8n, and print the ratio. Linear work gives about 8; a ratio above 16 means super-linear growth
and is flagged. Ratios, not absolute times, are what to compare between machines.

    .venv/bin/python -m bench.reliability.fuzz_scaling [--n 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date
from pathlib import Path

from bench.common import REPO

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from apps.ingestion.documents import IngestionError  # noqa: E402
from apps.ingestion.extraction.pipeline import extract  # noqa: E402
from apps.ingestion.parsers import parse_text  # noqa: E402
from tests.reliability.fuzz_inputs import (  # noqa: E402
    deep_markdown,
    html_with_scripts,
    huge_line,
)

SEEDS = Path(os.environ.get("SEEDS_DIR", REPO.parent / "shared" / "seeds"))
LIMIT = 16.0


def seed_text(n: int) -> str:
    """Real article prose repeated to n characters, paragraphs intact."""
    corpus = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return (corpus * (n // len(corpus) + 1))[:n]


def markdown_of(n: int) -> str:
    """Blocks nested 40 deep, repeated to n characters (one block's size is fixed, so the
    input grows linearly with n)."""
    block = deep_markdown(40) + "\n\n"
    return (block * (n // len(block) + 1))[:n]


def html_of(n: int) -> str:
    return html_with_scripts(max(1, n // 11))


def paragraphs_of(n: int) -> str:
    """Many short paragraphs: the worst case for per-paragraph work."""
    unit = "Turkish troops shelled Saraqeb on Monday, killing 3 soldiers.\n\n"
    return (unit * (n // len(unit) + 1))[:n]


CASES = [
    ("seed prose .txt", seed_text, "a.txt"),
    ("huge single line .txt", huge_line, "a.txt"),
    ("many paragraphs .md", paragraphs_of, "a.md"),
    ("deep markdown .md", markdown_of, "a.md"),
    ("nested html + scripts .html", html_of, "a.html"),
]


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def parse(text: str, filename: str):
    try:
        return parse_text(text, filename=filename)
    except IngestionError:
        return None


def extract_body(body: str):
    return extract(body, published_on=date(2020, 3, 5), precision="day")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="small input size in characters")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    small, large = args.n, args.n * 8
    extract("Warm-up: Putin met Erdogan in Sochi.", published_on=date(2020, 3, 5), precision="day")
    print(f"{'input':32} {'stage':8} {'t(n) s':>9} {'t(8n) s':>9} {'ratio':>7}")
    flagged = 0
    for name, build, filename in CASES:
        texts = {size: build(size) for size in (small, large)}
        parsed = {size: parse(texts[size], filename) for size in (small, large)}
        stages = [("parse", lambda s, t=texts, f=filename: parse(t[s], f))]
        if all(parsed.values()):
            stages.append(("extract", lambda s, p=parsed: extract_body(p[s].body)))
        for stage, run in stages:
            t_small = timed(lambda run=run: run(small), args.repeat)
            t_large = timed(lambda run=run: run(large), args.repeat)
            ratio = t_large / t_small if t_small > 0 else float("inf")
            mark = "  SUPER-LINEAR" if ratio > LIMIT else ""
            flagged += bool(mark)
            print(f"{name:32} {stage:8} {t_small:9.4f} {t_large:9.4f} {ratio:7.1f}{mark}")
    print(f"n={small} chars, 8n={large} chars; ratio ~8 is linear; flagged: {flagged}")
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(main())
