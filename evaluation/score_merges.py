"""Score how reports of one real event become one stored Event (and distinct events stay apart).

The gold (tests/extraction/merges.yaml) groups the gold events of the real corpus
(tests/extraction/real) and of the seeds (tests/extraction/gold) that report the same real
event; an event in no group is a real event of its own. The corpus and the seeds are ingested
together, as the product ingests them, and each gold event is tied to the stored event that
reports it: an event cited by the gold event's article, dated inside its window, with one of
its actors and of one of its families, whose evidence holds most of the gold sentence's words
(it is the event that sentence reports); of several, the one sharing the most words. Then, over every pair of gold events tied to stored events:

- a pair of one group is a merge the gold asks for: found when both are one stored event;
- any other pair sharing a stored event is a false merge (an error just like a missed one);
- pairs with a group's ``optional`` member are not scored.

Precision = right merges / merges made; recall = right merges / merges asked for.

    .venv/bin/python -m evaluation.score_merges [--corpus DIR] [--seeds DIR] [--verbose] [--json]

The command ingests into a throw-away SQLite database; ``score_stored`` scores whatever the
current database holds (the quality tests call it after ingesting in their test database).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
MERGES_FILE = REPO / "tests" / "extraction" / "merges.yaml"
REAL_GOLD = REPO / "tests" / "extraction" / "real"
SEED_GOLD = REPO / "tests" / "extraction" / "gold"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
WORD = re.compile(r"[a-z0-9]+")
TAG = re.compile(r"<[^>]*>")
# Share of the gold sentence's words an event's evidence must hold to be the event it reports.
SAME_SENTENCE = 0.6
NOT_ARTICLES = {"SOURCES.md", "README.md"}


@dataclass(frozen=True)
class GoldEvent:
    ref: str  # "r18:air-strike-kills-33", "r01#3:rebels-seize-damascus", "s002:..."
    article: str  # "r18", "r01#3", "s002"
    file: str  # the corpus or seed file's name
    index: int  # the article's place in its file (1-based)
    title: str
    low: date
    high: date
    families: frozenset[str]
    actors: frozenset[str]
    words: frozenset[str]


@dataclass
class MergeScore:
    gold_events: int = 0
    tied: int = 0  # gold events tied to a stored event
    asked: int = 0  # pairs the gold asks to merge, both tied
    merged_right: int = 0
    merged_wrong: int = 0
    groups: int = 0
    groups_one_record: int = 0  # groups (2+ tied members) whose members are all one event
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        made = self.merged_right + self.merged_wrong
        return self.merged_right / made if made else 1.0

    @property
    def recall(self) -> float:
        return self.merged_right / self.asked if self.asked else 1.0


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _words(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(TAG.sub(" ", text).lower()))


def _precision_window(day: date, precision: str) -> tuple[date, date]:
    if precision == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    if precision == "month":
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return day.replace(day=1), following - timedelta(days=1)
    return day, day


def gold_events(real_dir: Path = REAL_GOLD, seed_dir: Path = SEED_GOLD) -> dict[str, GoldEvent]:
    """Every dated gold event of the real corpus and the seeds, by reference."""
    from evaluation.score_extraction import name_key

    found: dict[str, GoldEvent] = {}
    for path in sorted(real_dir.glob("r*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        raw = (DEFAULT_CORPUS / gold["file"]).read_text(encoding="utf-8")
        many = len(gold["articles"]) > 1
        for index, article in enumerate(gold["articles"], start=1):
            key = f"{path.stem}#{index}" if many else path.stem
            for event in article.get("events") or []:
                start, end = event["span"]
                ref = f"{key}:{event['id']}"
                found[ref] = GoldEvent(
                    ref=ref,
                    article=key,
                    file=gold["file"],
                    index=index,
                    title=str(article["title"]),
                    low=_as_date(event["window"][0]),
                    high=_as_date(event["window"][1]),
                    families=frozenset(event.get("type") or []),
                    actors=frozenset(name_key(a) for a in event.get("actors") or []),
                    words=_words(raw[start:end]),
                )
    for path in sorted(seed_dir.glob("0*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        key = f"s{path.stem[:3]}"
        for event in gold.get("events") or []:
            if not event.get("date"):
                continue
            low, high = _precision_window(_as_date(event["date"]), event.get("precision", "day"))
            actors = [a["name"] if isinstance(a, dict) else a for a in event.get("actors") or []]
            ref = f"{key}:{event['id']}"
            found[ref] = GoldEvent(
                ref=ref,
                article=key,
                file=gold["file"],
                index=1,
                title="",
                low=low,
                high=high,
                families=frozenset(event.get("type") or []),
                actors=frozenset(name_key(a) for a in actors),
                words=_words(" ".join(event.get("evidence") or [])),
            )
    return found


def load_groups(path: Path = MERGES_FILE) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]


def _articles_of(events: dict[str, GoldEvent]) -> dict[str, int]:
    """The stored article of each gold article: by source file, then title, then place."""
    from apps.articles.models import Article
    from evaluation.score_real import _title_key

    by_file: dict[str, list] = defaultdict(list)
    for pk, path, title in Article.objects.values_list("pk", "source_path", "title"):
        name = Path(path.split("#")[0]).name
        place = int(path.rsplit("#", 1)[1]) if "#" in path else 1
        by_file[name].append((place, pk, _title_key(title)))
    result = {}
    for event in events.values():
        if event.article in result:
            continue
        rows = by_file.get(event.file, [])
        title = _title_key(event.title) if event.title else ""
        match = next((pk for _, pk, key in rows if title and key == title), None)
        if match is None:
            match = next((pk for place, pk, _ in rows if place == event.index), None)
        if match is not None:
            result[event.article] = match
    return result


def _stored_events(article_ids) -> dict[int, list[dict]]:
    """Per article, its stored events: id, date span, family, actor names and quotes."""
    from apps.actors.models import ActorAlias
    from apps.core.choices import ReviewStatus
    from apps.events.models import EventActor, Evidence
    from evaluation.score_extraction import Families, name_key

    families = Families.load()
    rows = (
        Evidence.objects.filter(article_id__in=article_ids)
        .exclude(event__review_status=ReviewStatus.REJECTED)
        .values_list(
            "article_id",
            "event_id",
            "quote",
            "event__date",
            "event__end_date",
            "event__event_type",
            "event__cameo_code",
            "event__acled_event_type",
        )
    )
    events: dict[int, dict] = {}
    per_article: dict[int, dict[int, dict]] = defaultdict(dict)
    for article_id, event_id, quote, day, end, kind, cameo, acled in rows:
        if day is None:
            continue
        event = events.setdefault(
            event_id,
            {
                "id": event_id,
                "low": day,
                "high": end or day,
                "family": families.family_of(kind, cameo, acled),
                "actors": set(),
            },
        )
        entry = per_article[article_id].setdefault(event_id, {"event": event, "words": set()})
        entry["words"] |= _words(quote)
    names: dict[int, set[str]] = defaultdict(set)
    links = EventActor.objects.filter(event_id__in=events).values_list(
        "event_id", "actor_id", "actor__name"
    )
    actor_ids = set()
    for event_id, actor_id, name in links:
        events[event_id]["actors"].add(actor_id)
        names[actor_id].add(name_key(name))
        actor_ids.add(actor_id)
    for actor_id, alias in ActorAlias.objects.filter(actor_id__in=actor_ids).values_list(
        "actor_id", "alias"
    ):
        names[actor_id].add(name_key(alias))
    for event in events.values():
        event["names"] = (
            set().union(*(names[a] for a in event["actors"])) if event["actors"] else set()
        )
    return per_article


def tie(events: dict[str, GoldEvent]) -> dict[str, int]:
    """The stored event each gold event is tied to (gold events tied to none are left out)."""
    articles = _articles_of(events)
    stored = _stored_events(set(articles.values()))
    tied = {}
    for ref, gold in events.items():
        article = articles.get(gold.article)
        best = None
        for entry in stored.get(article, {}).values():
            event = entry["event"]
            if event["high"] < gold.low or event["low"] > gold.high:
                continue
            if event["family"] not in gold.families or not (gold.actors & event["names"]):
                continue
            overlap = len(gold.words & entry["words"])
            if overlap < SAME_SENTENCE * len(gold.words):
                continue  # an event of another sentence: the gold event's own was not found
            if best is None or overlap > best[0]:
                best = (overlap, event["id"])
        if best is not None:
            tied[ref] = best[1]
    return tied


def score_stored(groups: list[dict] | None = None) -> MergeScore:
    """Score the events the current database holds against the merge gold."""
    groups = load_groups() if groups is None else groups
    events = gold_events()
    tied = tie(events)
    group_of: dict[str, str] = {}
    optional: set[tuple[str, str]] = set()
    for group in groups:
        for ref in group["members"]:
            group_of[ref] = group["id"]
        for ref in group.get("optional") or []:
            for other in [*group["members"], *(group.get("optional") or [])]:
                optional.add((ref, other))
                optional.add((other, ref))
    score = MergeScore(gold_events=len(events), tied=len(tied))
    for a, b in itertools.combinations(sorted(tied), 2):
        if (a, b) in optional:
            continue
        same_event = tied[a] == tied[b]
        if a in group_of and group_of.get(b) == group_of[a]:
            score.asked += 1
            if same_event:
                score.merged_right += 1
            else:
                score.missed.append(f"{a} ({tied[a]}) / {b} ({tied[b]})")
        elif same_event:
            score.merged_wrong += 1
            score.wrong.append(f"{a} / {b} (event {tied[a]})")
    for group in groups:
        members = [ref for ref in group["members"] if ref in tied]
        if len(members) >= 2:
            score.groups += 1
            score.groups_one_record += len({tied[ref] for ref in members}) == 1
    return score


def _ingest(corpus: Path, seeds: Path, *, migrate: bool = True) -> None:
    from django.core.management import call_command

    from apps.ingestion.services import ingest_path

    if migrate:
        call_command("migrate", verbosity=0, interactive=False)
    for directory in (seeds, corpus):
        for path in sorted(directory.iterdir()):
            if path.is_file() and path.name not in NOT_ARTICLES and not path.name.startswith("."):
                ingest_path(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--gold", type=Path, default=MERGES_FILE)
    parser.add_argument("--verbose", action="store_true", help="list missed and wrong merges")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/merges.sqlite3"
        os.environ.pop("CELERY_BROKER_URL", None)
        from evaluation.score_extraction import _ensure_django

        _ensure_django()
        _ingest(args.corpus, args.seeds)
        score = score_stored(load_groups(args.gold))
    figures = {
        "gold events": score.gold_events,
        "tied to a stored event": score.tied,
        "merges asked (pairs)": score.asked,
        "right merges": score.merged_right,
        "false merges": score.merged_wrong,
        "precision": round(score.precision, 3),
        "recall": round(score.recall, 3),
        "real events told 2+ times, one record": f"{score.groups_one_record}/{score.groups}",
    }
    if args.json:
        print(json.dumps({**figures, **asdict(score)}, indent=2, default=str))
        return 0
    for name, value in figures.items():
        print(f"{name:40} {value}")
    if args.verbose:
        for line in score.missed:
            print("missed:", line)
        for line in score.wrong:
            print("wrong: ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
