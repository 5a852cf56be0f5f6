"""What the event tagger costs: extraction CPU with and without it, per article and per
parsed sentence, and the time to load its model.

Parses every file of the real corpus (../shared/corpus, as ``evaluation.score_real`` reads it)
and of the seed articles (../shared/seeds) once, then extracts each article's body
(``pipeline.extract``) with the tagger off and on, alternating rounds so that the machine's
load weighs on both alike. CPU is this process's (``time.process_time``). The model is loaded
before the clock starts; its load is timed on its own.

    .venv/bin/python -m bench.tagger_cost [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench.common import SEEDS
from evaluation.score_extraction import _ensure_django

CORPORA = {"real": SEEDS.parent / "corpus", "seeds": SEEDS}


def _articles(folder: Path) -> list:
    from apps.ingestion import parsers
    from apps.ingestion.documents import IngestionError

    items = getattr(parsers, "parse_file_items", None)
    found = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        try:
            found.extend(items(path) if items else [parsers.parse_file(path)])
        except IngestionError:
            continue
    return [a for a in found if a.body]


def _extract_all(articles) -> float:
    from apps.ingestion.extraction.pipeline import extract

    start = time.process_time()
    for a in articles:
        extract(a.body, published_on=a.published_on, precision=a.published_on_precision or "")
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    _ensure_django()
    from apps.ingestion.extraction.events import tagging

    started = time.process_time()
    if tagging._nlp() is None:
        print("the tagger is not installed", file=sys.stderr)
        return 1
    load = time.process_time() - started

    # Count the sentences the tagger parses, by wrapping its batch entry point.
    parsed = [0]
    ahead = tagging.parse_ahead

    def counting(tokens, sentences):
        if tagging.available():
            parsed[0] += len(sentences)
        ahead(tokens, sentences)

    tagging.parse_ahead = counting
    report = {"model_load_cpu_s": round(load, 2), "load": os.getloadavg()[0]}
    for name, folder in CORPORA.items():
        articles = _articles(folder)
        words = sum(len(a.body.split()) for a in articles)
        with tagging.forced(True):
            _extract_all(articles)  # warm: matchers, dictionaries
        cpu = {False: 0.0, True: 0.0}
        parsed[0] = 0
        for _ in range(args.rounds):
            for on in (False, True):
                tagging._parses.clear()
                with tagging.forced(on):
                    cpu[on] += _extract_all(articles)
        sentences = parsed[0] / args.rounds
        off, on = cpu[False] / args.rounds, cpu[True] / args.rounds
        report[name] = {
            "articles": len(articles),
            "words": words,
            "cpu_off_s": round(off, 3),
            "cpu_on_s": round(on, 3),
            "ratio": round(on / off, 2),
            "ms_per_article_off": round(1000 * off / len(articles), 1),
            "ms_per_article_on": round(1000 * on / len(articles), 1),
            "parsed_sentences": round(sentences),
            "ms_per_parsed_sentence": round(1000 * (on - off) / max(sentences, 1), 2),
        }
    report["load_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
