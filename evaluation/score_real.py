"""Score parsing and extraction on the real development corpus (../shared/corpus).

The gold (tests/extraction/real/rNN.yaml, format in tests/extraction/real/FORMAT.md) holds
annotations only: titles, dates, character offsets of sentences in the raw files, names. Each
file is parsed as the product parses it (one or several articles) and each article extracted
with the publication date the parser found. Measures, per the real-articles issue:

- titles right; publication dates right (inside the gold's accepted range; a file the gold
  says nothing dates is right only when no date is claimed);
- body checks: each debris marker absent and each kept sentence present in the clean body;
- core events found: a gold event is found when an extracted event's date lies in its window
  and one of its actors is among the event's actors (the issue's "right date window and an
  actor"); "typed" also asks the event family to match;
- events with no date at all, as a share of all extracted events;
- observation posts named in the text and found; sources stored as actors (news agencies,
  media centres, universities the text only cites); events from off-topic items.

    .venv/bin/python -m evaluation.score_real [--corpus DIR] [--gold DIR] [--only r05 r18]
        [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import yaml

from evaluation.score_extraction import Families, _ensure_django, name_key, squash

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "tests" / "extraction" / "real"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
TAG = re.compile(r"<[^>]*>")
MD_LINK_TARGET = re.compile(r"\]\([^)]*\)|<https?://[^>]*>")


def _as_date(value) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def raw_span_text(raw: str, span: list[int]) -> str:
    """A gold span of the raw file as readable words: tags, entities, link targets and
    Markdown escapes removed (the scorer compares letters and digits only)."""
    text = raw[span[0] : span[1]]
    text = MD_LINK_TARGET.sub("]", text)
    text = html.unescape(TAG.sub(" ", text))
    return re.sub(r"\\([^\w\s])", r"\1", text)


def _title_key(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.casefold().split()).rstrip(".")


@dataclass
class ArticleScore:
    file: str
    title: str
    title_ok: bool
    date_ok: bool
    got_date: str
    want_date: str
    body_checks: int
    body_passed: int
    events_core: int
    events_found: int
    events_typed: int
    events_total: int
    events_undated: int
    posts: int
    posts_found: int
    sources_as_actors: list[str] = field(default_factory=list)
    off_topic_events: int = 0
    missed: list[str] = field(default_factory=list)
    body_failures: list[str] = field(default_factory=list)


def _actor_forms(extraction) -> dict[str, set[str]]:
    forms: dict[str, set[str]] = {}
    for key, record in extraction.entities.records.items():
        if record.kind == "actor":
            forms[key] = {name_key(record.name), *(name_key(a) for a in record.aliases)}
    for mention in extraction.entities.mentions:
        if mention.kind == "actor" and mention.key in forms:
            forms[mention.key].add(name_key(mention.text))
    return forms


def _event_found(gold_event: dict, extraction, forms, families: Families) -> tuple[bool, bool]:
    low, high = (_as_date(d) for d in gold_event["window"])
    wanted = {name_key(a) for a in gold_event.get("actors") or []}
    kinds = set(gold_event.get("type") or [])
    found = typed = False
    for event in extraction.events:
        if event.date is None or not (low <= event.date <= high):
            continue
        keys = set()
        for ref in event.actors:
            keys |= forms.get(ref.key, {name_key(ref.text)})
        if not wanted & keys:
            continue
        found = True
        family = families.family_of(event.event_type, event.cameo_code, event.acled_event_type)
        if family in kinds:
            typed = True
            break
    return found, typed


def score_article(file: str, raw: str, gold: dict, parsed, extraction, families) -> ArticleScore:
    title_ok = _title_key(parsed.title) == _title_key(str(gold["title"]))
    published = gold.get("published")
    got = parsed.published_on
    accept = gold.get("published_accept")
    if published is None:
        # No date of its own (an encyclopedia page): none is right, and so is a date inside
        # the range the gold accepts (from the last event it reports to the copy's date).
        low, high = (_as_date(d) for d in accept) if accept else (None, None)
        date_ok = got is None or (low is not None and low <= got <= high)
        want = "none" + (f" or {low}..{high}" if low else "")
    else:
        low, high = (_as_date(d) for d in (accept or [published["date"], published["date"]]))
        date_ok = got is not None and low <= got <= high
        want = f"{low}..{high}" if low != high else str(low)
    body = parsed.body
    flat, _ = squash(body)
    checks = gold.get("body") or {}
    failures = []
    for marker in checks.get("absent") or []:
        if str(marker) in body:
            failures.append(f"debris left: {marker!r}")
    for span in checks.get("kept") or []:
        target, _ = squash(raw_span_text(raw, span))
        if target and target not in flat:
            failures.append(f"sentence lost: {raw_span_text(raw, span)[:70]!r}")
    total_checks = len(checks.get("absent") or []) + len(checks.get("kept") or [])
    forms = _actor_forms(extraction)
    core = gold.get("events") or []
    found = typed = 0
    missed = []
    for gold_event in core:
        hit, hit_typed = _event_found(gold_event, extraction, forms, families)
        found += hit
        typed += hit_typed
        if not hit:
            missed.append(f"{gold_event['id']} ({gold_event['date']})")
    posts = {name_key(p) for p in gold.get("posts") or []}
    got_posts = {name_key(r.name) for r in extraction.entities.records.values() if r.kind == "post"}
    not_actors = {name_key(n) for n in gold.get("not_actors") or []}
    stored = [
        r.name
        for r in extraction.entities.records.values()
        if r.kind == "actor" and name_key(r.name) in not_actors
    ]
    on_topic = gold.get("on_topic", True)
    return ArticleScore(
        file=file,
        title=parsed.title[:80],
        title_ok=title_ok,
        date_ok=date_ok,
        got_date=f"{got} {parsed.published_on_precision}".strip() if got else "none",
        want_date=want,
        body_checks=total_checks,
        body_passed=total_checks - len(failures),
        events_core=len(core),
        events_found=found,
        events_typed=typed,
        events_total=len(extraction.events),
        events_undated=sum(1 for e in extraction.events if e.date is None),
        posts=len(posts),
        posts_found=len(posts & got_posts),
        sources_as_actors=stored,
        off_topic_events=0 if on_topic else len(extraction.events),
        missed=missed,
        body_failures=failures,
    )


def _parse_items(path: Path) -> list:
    from apps.ingestion import parsers

    items = getattr(parsers, "parse_file_items", None)
    return items(path) if items else [parsers.parse_file(path)]


def _pair(gold_articles: list[dict], parsed: list) -> list[tuple[dict, object | None]]:
    """Gold articles with the parsed article of the same title, else the one in its place."""
    pairs, free = [], list(range(len(parsed)))
    for index, gold in enumerate(gold_articles):
        key = _title_key(str(gold["title"]))
        match = next((i for i in free if _title_key(parsed[i].title) == key), None)
        if match is None and index in free:
            match = index
        if match is not None:
            free.remove(match)
        pairs.append((gold, parsed[match] if match is not None else None))
    return pairs


def run(corpus: Path, gold_dir: Path, only: list[str] | None = None) -> list[ArticleScore]:
    _ensure_django()
    from apps.ingestion.documents import IngestionError
    from apps.ingestion.extraction.pipeline import extract

    families = Families.load()
    scores = []
    for gold_path in sorted(gold_dir.glob("r*.yaml")):
        if only and not any(gold_path.stem.startswith(o) for o in only):
            continue
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        path = corpus / gold["file"]
        raw = path.read_text(encoding="utf-8")
        try:
            parsed_items = _parse_items(path)
        except IngestionError:
            parsed_items = []
        for index, (gold_article, parsed) in enumerate(_pair(gold["articles"], parsed_items)):
            name = gold_path.stem if len(gold["articles"]) == 1 else f"{gold_path.stem}#{index + 1}"
            if parsed is None:
                from apps.articles.documents import ParsedArticle

                parsed = ParsedArticle(title="", body="")
            extraction = extract(
                parsed.body,
                published_on=parsed.published_on,
                precision=parsed.published_on_precision or "",
            )
            scores.append(score_article(name, raw, gold_article, parsed, extraction, families))
    return scores


def summary(scores: list[ArticleScore]) -> dict:
    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 2) if whole else None

    return {
        "articles": len(scores),
        "titles_right": f"{sum(s.title_ok for s in scores)}/{len(scores)}",
        "dates_right": f"{sum(s.date_ok for s in scores)}/{len(scores)}",
        "body_checks": share(
            sum(s.body_passed for s in scores), sum(s.body_checks for s in scores)
        ),
        "core_events_found": share(
            sum(s.events_found for s in scores), sum(s.events_core for s in scores)
        ),
        "core_events_typed": share(
            sum(s.events_typed for s in scores), sum(s.events_core for s in scores)
        ),
        "events_undated": share(
            sum(s.events_undated for s in scores), sum(s.events_total for s in scores)
        ),
        "events_total": sum(s.events_total for s in scores),
        "posts_found": f"{sum(s.posts_found for s in scores)}/{sum(s.posts for s in scores)}",
        "sources_as_actors": sum(len(s.sources_as_actors) for s in scores),
        "off_topic_events": sum(s.off_topic_events for s in scores),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    scores = run(args.corpus, args.gold, args.only)
    result = summary(scores)
    if args.json:
        print(json.dumps({"summary": result, "articles": [asdict(s) for s in scores]}, indent=1))
        return 0
    for s in scores:
        flags = ("T" if s.title_ok else "t") + ("D" if s.date_ok else "d")
        print(
            f"{s.file:8} {flags} body {s.body_passed}/{s.body_checks} events "
            f"{s.events_found}/{s.events_core} (typed {s.events_typed}) undated "
            f"{s.events_undated}/{s.events_total} posts {s.posts_found}/{s.posts} "
            f"date {s.got_date} want {s.want_date}"
            + (f" sources-as-actors {s.sources_as_actors}" if s.sources_as_actors else "")
            + (f" off-topic events {s.off_topic_events}" if s.off_topic_events else "")
        )
        if args.verbose:
            if not s.title_ok:
                print(f"         title: {s.title!r}")
            for line in s.body_failures + [f"missed {m}" for m in s.missed]:
                print(f"         {line}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
