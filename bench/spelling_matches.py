"""Every place and post found by its spelling key alone, in every scored text, for review.

A name matched by an exact alias is not listed; one matched only by the transliteration key
(``apps/ingestion/extraction/spelling.py``: "Murak" for Morek, "Sheikh Aqeel" for Sheikh Aqil)
is, with its context, so that the key's precision is judged by reading every match. Texts:
the seeds, the held-out sets and the real corpus (../shared/corpus).

    .venv/bin/python -m bench.spelling_matches [--json]
"""

from __future__ import annotations

import argparse
import json

from evaluation.score_extraction import SETS, _ensure_django, gold_pairs
from evaluation.score_real import DEFAULT_CORPUS, GOLD_DIR, _parse_items


def texts():
    """(set, file, body, published_on) of every scored text."""
    import yaml

    for kind in SETS:
        for path, _gold in gold_pairs(kind):
            for item in _parse_items(path):
                yield kind, path.name, item.body, item.published_on
    for gold_path in sorted(GOLD_DIR.glob("r*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        for item in _parse_items(DEFAULT_CORPUS / gold["file"]):
            yield "real", gold["file"], item.body, item.published_on


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    _ensure_django()
    from apps.ingestion.extraction.entities import extract_entities

    rows = []
    for kind, name, body, published_on in texts():
        found = extract_entities(body, published_on=published_on)
        for m in found.mentions:
            if m.via != "spelling":
                continue
            context = " ".join(body[max(0, m.start - 60) : m.end + 40].split())
            rows.append({"set": kind, "file": name, "kind": m.kind, "key": m.key,
                         "text": m.text, "context": context})  # fmt: skip
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        for r in rows:
            print(f"{r['set']:8} {r['file'][:36]:36} {r['kind']:5} {r['key']:28} {r['text']!r}")
            print(f"{'':9}... {r['context']} ...")
        print(f"{len(rows)} mentions found by spelling alone")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
