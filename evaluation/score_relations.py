"""Score the relations between agreements the extractor reads against the gold of the seeds and
the real corpus.

The gold (tests/extraction/relations/gold.yaml) lists, per file, each relation a sentence states
(``agreement`` amends, supersedes, implements or reaffirms ``other``) and the opening words of
every sentence that states it. Every file of both folders is parsed and extracted as the product
does it; an extracted relation is right when its file, agreements and type are the gold's and its
sentence is one of the gold's. Measures: precision and recall of the relations.

    .venv/bin/python -m evaluation.score_relations [--verbose]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from evaluation.score_extraction import _ensure_django
from evaluation.score_real import _parse_items

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "extraction" / "relations" / "gold.yaml"
FOLDERS = {"seeds": REPO.parent / "shared" / "seeds", "real": REPO.parent / "shared" / "corpus"}


@dataclass
class RelationScore:
    gold: int = 0
    extracted: int = 0
    right: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return round(self.right / self.extracted, 2) if self.extracted else None

    @property
    def recall(self) -> float | None:
        return round(self.right / self.gold, 2) if self.gold else None


def _files(folders: dict) -> list[tuple[str, Path]]:
    return [
        (name, path)
        for name, folder in folders.items()
        for path in sorted(folder.glob("*"))
        if path.is_file() and path.name != "SOURCES.md"
    ]


def run(gold_path: Path = GOLD, folders: dict = FOLDERS) -> RelationScore:
    _ensure_django()
    from apps.ingestion.extraction.pipeline import extract

    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))["relations"]
    wanted = {(g["file"], g["agreement"], g["relation"], g["other"]): g for g in gold}
    score = RelationScore(gold=len(wanted))
    found = set()
    for _, path in _files(folders):
        for parsed in _parse_items(path):
            extraction = extract(
                parsed.body,
                published_on=parsed.published_on,
                precision=parsed.published_on_precision or "",
            )
            for relation in extraction.relations:
                score.extracted += 1
                key = (path.name, relation.agreement_key, relation.relation, relation.other_key)
                item = wanted.get(key)
                said = " ".join(relation.quote.split())
                if item and key not in found and any(said.startswith(s) for s in item["sentences"]):
                    found.add(key)
                    score.right += 1
                else:
                    score.spurious.append(f"{' '.join(key)}: {said[:80]!r}")
    score.missed = [" ".join(key) for key in wanted if key not in found]
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and spurious ones")
    args = parser.parse_args(argv)
    score = run()
    if args.verbose:
        for line in [f"MISS {m}" for m in score.missed] + [f"SPURIOUS {s}" for s in score.spurious]:
            print(line)
    print(
        json.dumps(
            {
                "gold": score.gold,
                "extracted": score.extracted,
                "right": score.right,
                "precision": score.precision,
                "recall": score.recall,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
