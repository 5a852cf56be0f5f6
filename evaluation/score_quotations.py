"""Score the quotations the extractor reads against the gold of the seeds and the real corpus.

The gold (tests/extraction/quotations/*.yaml, format in its FORMAT.md) gives each quotation's
words as offsets into the raw file, its speaker's canonical name (or null) and the day it was
said. Each file is parsed and extracted as the product does it; a gold quotation is found when
an extracted quotation of the same file holds the same words (letters and digits compared,
one inside the other, at least 80 % of the longer). Measures:

- precision and recall of the quotations;
- speaker right: of the quotations found, those whose speaker is the gold's (an actor whose
  name or alias is the gold name; no actor but words naming the gold's speaker, or their surname,
  as the text names an unknown person; both null counts as right);
- said on right: of the found quotations the gold dates, those dated to the same day (a day
  inside the gold's month or year at those precisions).

    .venv/bin/python -m evaluation.score_quotations [--only s004 r19] [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from evaluation.score_extraction import _ensure_django, name_key, squash
from evaluation.score_real import _as_date, _parse_items, raw_span_text

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "tests" / "extraction" / "quotations"
FOLDERS = {"seeds": REPO.parent / "shared" / "seeds", "real": REPO.parent / "shared" / "corpus"}


@dataclass
class FileScore:
    file: str
    gold: int = 0
    extracted: int = 0
    found: int = 0
    speaker_right: int = 0
    dated: int = 0
    date_right: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong_speaker: list[str] = field(default_factory=list)


def _same_words(a: str, b: str) -> bool:
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.8 * len(long_)


def _speaker_names(extraction, key: str | None) -> set[str]:
    record = extraction.entities.records.get(key) if key else None
    if record is None:
        return set()
    return {name_key(record.name), *(name_key(a) for a in record.aliases)}


def _date_right(gold: dict, got, precision: str) -> bool:
    want = _as_date(gold["date"])
    if got is None:
        return False
    if gold.get("precision") == "year":
        return got.year == want.year
    if gold.get("precision") == "month":
        return (got.year, got.month) == (want.year, want.month)
    return got == want and precision in ("day", "")


def score_file(gold: dict, folders: dict = FOLDERS) -> FileScore:
    from apps.ingestion.extraction.pipeline import extract

    path = folders[gold["set"]] / gold["file"]
    raw = path.read_text(encoding="utf-8")
    result = FileScore(file=gold["file"])
    extracted = []
    for parsed in _parse_items(path):
        extraction = extract(
            parsed.body,
            published_on=parsed.published_on,
            precision=parsed.published_on_precision or "",
        )
        extracted += [(q, extraction) for q in extraction.quotations]
    keys = [squash(q.text)[0] for q, _ in extracted]
    used: set[int] = set()
    wanted = gold.get("quotations") or []
    result.gold, result.extracted = len(wanted), len(extracted)
    for item in wanted:
        words = squash(raw_span_text(raw, item["span"]))[0]
        match = next(
            (k for k, key in enumerate(keys) if k not in used and _same_words(words, key)), None
        )
        if match is None:
            result.missed.append(item["key"])
            continue
        used.add(match)
        result.found += 1
        quotation, extraction = extracted[match]
        speaker = item.get("speaker")
        names = _speaker_names(extraction, quotation.speaker_key)
        told = name_key(quotation.speaker_text) if quotation.speaker_text else ""
        if (speaker is None and quotation.speaker_key is None) or (
            speaker is not None
            and (
                name_key(speaker) in names
                or (not names and told and name_key(speaker) in told)
                or (not names and told and name_key(speaker).endswith(" " + told))
            )
        ):
            result.speaker_right += 1
        else:
            got = next(iter(sorted(names)), None) or quotation.speaker_text or None
            result.wrong_speaker.append(f"{item['key']}: {got!r}, gold {speaker!r}")
        if item.get("said_on"):
            result.dated += 1
            if _date_right(item["said_on"], quotation.said_on, quotation.said_on_precision):
                result.date_right += 1
    result.spurious = [q.text[:60] for k, (q, _) in enumerate(extracted) if k not in used]
    return result


def run(gold_dir: Path = GOLD_DIR, only: list[str] | None = None) -> list[FileScore]:
    _ensure_django()
    scores = []
    for gold_path in sorted(gold_dir.glob("*.yaml")):
        if only and gold_path.stem not in only:
            continue
        scores.append(score_file(yaml.safe_load(gold_path.read_text(encoding="utf-8"))))
    return scores


def summary(scores: list[FileScore]) -> dict:
    def share(part, whole):
        return round(part / whole, 2) if whole else None

    gold = sum(s.gold for s in scores)
    extracted = sum(s.extracted for s in scores)
    found = sum(s.found for s in scores)
    return {
        "files": len(scores),
        "gold": gold,
        "extracted": extracted,
        "found": found,
        "precision": share(found, extracted),
        "recall": share(found, gold),
        "speaker_right": share(sum(s.speaker_right for s in scores), found),
        "said_on_right": share(sum(s.date_right for s in scores), sum(s.dated for s in scores)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="gold file stems (s004, r19)")
    parser.add_argument("--verbose", action="store_true", help="list misses and wrong speakers")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    scores = run(only=args.only)
    if args.json:
        print(json.dumps({"summary": summary(scores), "files": [asdict(s) for s in scores]}))
        return 0
    for s in scores:
        print(
            f"{Path(s.file).stem[:12]:12} gold {s.gold:3} extracted {s.extracted:3} found "
            f"{s.found:3} speaker {s.speaker_right:3} said_on {s.date_right}/{s.dated}"
        )
        if args.verbose:
            for line in (
                [f"  MISS {k}" for k in s.missed]
                + [f"  SPURIOUS {t!r}" for t in s.spurious]
                + [f"  SPEAKER {w}" for w in s.wrong_speaker]
            ):
                print(line)
    print(json.dumps(summary(scores)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
