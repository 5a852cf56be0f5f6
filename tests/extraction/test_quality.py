"""Extraction quality against the gold annotation: the scorer end to end, then the floors.

The first tests feed the scorer an "oracle" built from the gold itself, so a mistake in how the
scorer reads files, gold or spans shows up as a score below 1. The floor tests run the real
parser and pipeline over the seeds, the held-out articles and the real development corpus
(``../shared/corpus``) and fail if quality drops.
"""

from pathlib import Path

import pytest

from apps.articles.documents import ParsedArticle
from apps.ingestion.extraction.types import (
    EntityExtraction,
    EntityRecord,
    ExtractedEvent,
    Extraction,
    StatedCount,
)


def _plain_parse(path: Path) -> ParsedArticle:
    return ParsedArticle(title="", body=Path(path).read_text(encoding="utf-8"))


def _oracle(scorer, gold, body: str, *, keep_every: int = 1, add_forbidden: bool = False):
    """An Extraction that reports exactly the gold's required items (every n-th actor only)."""
    records: dict[str, EntityRecord] = {}
    actor_keys: dict[str, str] = {}
    required = [a for a in gold.actors if not a.get("optional")]
    for i, entry in enumerate(required):
        key = f"actor:{i}"
        actor_keys[entry["name"]] = key
        if i % keep_every == 0:
            records[key] = EntityRecord(
                kind="actor",
                key=key,
                name=entry["name"],
                subkind=entry["kind"],
                affiliation=entry.get("affiliation") or "",
            )
    if add_forbidden:
        for i, name in enumerate(gold.not_actors):
            records[f"bad:{i}"] = EntityRecord("actor", f"bad:{i}", name, "person")
    agreement_keys = {}
    for i, entry in enumerate(a for a in gold.agreements if not a.get("optional")):
        key = f"agreement:{i}"
        agreement_keys[scorer.name_key(entry["name"])] = key
        records[key] = EntityRecord(
            kind="agreement",
            key=key,
            name=entry["name"],
            subkind=entry["kind"],
            extra={
                "signed_on": entry.get("date"),
                "party_keys": [actor_keys[p] for p in entry.get("parties") or []],
            },
        )
    for i, entry in enumerate(gold.posts):
        key = f"post:{i}"
        link = agreement_keys.get(scorer.name_key(entry.get("agreement") or ""))
        records[key] = EntityRecord("post", key, entry["name"], "", extra={"agreement_key": link})
    events = []
    for entry in gold.events:
        if entry.get("optional"):
            continue
        start, end = scorer.find_span(body, entry["evidence"][0])
        events.append(
            ExtractedEvent(
                event_type=entry["type"][0],
                cameo_code="",
                acled_event_type="",
                acled_sub_event_type="",
                date=entry["date"],
                date_precision=entry.get("precision", ""),
                end_date=None,
                date_expression="",
                date_is_relative=False,
                actors=[],
                place_key=None,
                location_text="",
                agreement_key=None,
                post_key=None,
                fatalities=None,
                wounded=None,
                summary="",
                sentence_start=start,
                sentence_end=end,
                quote=body[start:end],
            )
        )
    counts = []
    for entry in gold.counts:
        start, end = scorer.find_span(body, entry["evidence"])
        number = body.index(str(entry["value"]), start)
        counts.append(
            StatedCount(entry["subject"], entry["value"], None, number, number + 2, body[start:end])
        )
    entities = EntityExtraction(sentences=[], mentions=[], records=records, counts=counts)
    return Extraction(entities, events)


def _oracle_extract(scorer, pairs, **kwargs):
    by_body = {}
    for path, gold in pairs:
        body = _plain_parse(path).body
        by_body[body] = _oracle(scorer, gold, body, **kwargs)

    def extract(text, *, published_on, precision=""):
        return by_body[text]

    return extract


@pytest.mark.parametrize("kind", ["seeds", "heldout", "heldout2", "heldout3"])
def test_scorer_gives_a_perfect_score_to_the_gold_itself(scorer, seeds_dir, kind):
    pairs = scorer.gold_pairs(kind, seeds_dir)
    extract = _oracle_extract(scorer, pairs)
    result = scorer.score_set(pairs, use_gold_date=True, parse_file=_plain_parse, extract=extract)
    assert len(result.documents) == len(pairs) and not result.errors
    for record_type in scorer.RECORD_TYPES:
        total = result.total(record_type)
        assert (total.precision, total.recall) == (1.0, 1.0), (record_type, total.as_dict())
    assert result.tally("actor_kind").rate == 1.0
    assert result.tally("agreement_parties").rate == 1.0
    assert all(ok for doc in result.documents for ok in doc.core.values())


def test_scorer_counts_dropped_actors_and_listed_non_actors(scorer, seeds_dir):
    pairs = scorer.gold_pairs("seeds", seeds_dir)
    extract = _oracle_extract(scorer, pairs, keep_every=2, add_forbidden=True)
    result = scorer.score_set(pairs, use_gold_date=True, parse_file=_plain_parse, extract=extract)
    required = [len([a for a in g.actors if not a.get("optional")]) for _p, g in pairs]
    kept = sum((n + 1) // 2 for n in required)
    total = result.total("actors")
    assert total.tp == kept
    assert total.fn == sum(required) - kept
    # Every listed non-actor is a false positive, unless it happens to name a dropped actor.
    assert total.fp >= sum(len(g.not_actors) for _p, g in pairs) - total.fn
    assert result.total("events").recall == 1.0


# ---------------------------------------------------------------- floors on the real pipeline

# Measured with evaluation/score_extraction.py (figures in docs/quality.md). Each floor is the
# measured value with one more false positive (precision) or one more miss (recall), less 0.02,
# so a single extra error on a small count does not fail the build but a real drop does.
FLOORS = {
    "seeds": {
        "gold_date": {
            "actors": (0.96, 0.96),
            "agreements": (0.85, 0.85),
            "posts": (0.64, 0.64),
            "counts": (0.73, 0.73),
            "events": (0.81, 0.78),
            "events_dated": (0.72, 0.72),
        },
        "parser_date": {"events": (0.81, 0.78), "events_dated": (0.53, 0.53)},
    },
    "heldout": {
        "gold_date": {
            "actors": (0.96, 0.96),
            "agreements": (0.90, 0.83),
            "posts": (0.78, 0.78),
            "counts": (0.73, 0.73),
            "events": (0.87, 0.71),
            "events_dated": (0.79, 0.68),
        },
        "parser_date": {"events": (0.87, 0.71), "events_dated": (0.79, 0.68)},
    },
    # The fresh held-out set, after the rules its first run showed were missing (first-run
    # figures in docs/quality.md).
    "heldout2": {
        "gold_date": {
            "actors": (0.92, 0.96),
            "agreements": (0.88, 0.79),
            "posts": (0.73, 0.48),
            "counts": (0.73, 0.73),
            "events": (0.88, 0.70),
            "events_dated": (0.78, 0.63),
        },
        "parser_date": {"events": (0.88, 0.70), "events_dated": (0.78, 0.63)},
    },
    # The third held-out set, after the rules its first run showed were missing (first-run
    # figures in docs/quality.md). It has no observation posts.
    "heldout3": {
        "gold_date": {
            "actors": (0.90, 0.96),
            "agreements": (0.73, 0.57),
            "counts": (0.48, 0.48),
            "events": (0.76, 0.73),
            "events_dated": (0.70, 0.70),
        },
        "parser_date": {"events": (0.76, 0.73), "events_dated": (0.70, 0.70)},
    },
}
# Core events (the "Done when") found with family, evidence and date right, given the
# article's publication date; one below what was measured.
CORE_FLOOR = {"seeds": 6, "heldout": 3, "heldout2": 9, "heldout3": 12}


@pytest.fixture(scope="module")
def measured(scorer, seeds_dir):
    try:
        return scorer.run(seeds_dir)
    except RuntimeError as err:
        pytest.skip(str(err))


@pytest.mark.parametrize("kind", ["seeds", "heldout", "heldout2", "heldout3"])
def test_quality_floors(measured, scorer, kind):
    for mode, floors in FLOORS[kind].items():
        result = measured[kind][mode]
        assert not result.errors
        for record_type, (min_precision, min_recall) in floors.items():
            total = result.total(record_type)
            assert total.precision >= min_precision, (kind, mode, record_type, total.as_dict())
            assert total.recall >= min_recall, (kind, mode, record_type, total.as_dict())


@pytest.mark.parametrize("kind", ["seeds", "heldout", "heldout2", "heldout3"])
def test_core_events_found_with_their_dates(measured, kind):
    result = measured[kind]["gold_date"]
    found = sum(ok for doc in result.documents for ok in doc.core.values())
    assert found >= CORE_FLOOR[kind]


# ---------------------------------------------------------------- floors on the real corpus

REAL_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
# Measured with evaluation/score_real.py on the development corpus (57 articles in 22 files; gold
# in tests/extraction/real/, figures in docs/quality.md): a regression fails the build.
REAL_FLOORS = {
    "titles_right": 57,
    "dates_right": 56,
    "body_checks": 0.98,
    # counted, not rounded: 136 of the 225 core events is 0.60
    "core_events_found": 136,
    "core_events_typed": 106,
    "events_undated_at_most": 0.26,
    "posts_found": 8,
    "sources_as_actors_at_most": 0,
    "off_topic_events_at_most": 0,
}


@pytest.mark.skipif(not REAL_CORPUS.is_dir(), reason="no real corpus beside the repository")
def test_real_corpus_floors(real_scorer):
    scores = real_scorer.run(REAL_CORPUS, real_scorer.GOLD_DIR)
    assert len(scores) == 57
    summary = real_scorer.summary(scores)
    floors = REAL_FLOORS
    assert sum(s.title_ok for s in scores) >= floors["titles_right"], summary
    assert sum(s.date_ok for s in scores) >= floors["dates_right"], summary
    assert summary["body_checks"] >= floors["body_checks"], summary
    assert sum(s.events_core for s in scores) == 225, summary
    assert sum(s.events_found for s in scores) >= floors["core_events_found"], summary
    assert sum(s.events_typed for s in scores) >= floors["core_events_typed"], summary
    assert summary["events_undated"] <= floors["events_undated_at_most"], summary
    assert sum(s.posts_found for s in scores) >= floors["posts_found"], summary
    assert summary["sources_as_actors"] <= floors["sources_as_actors_at_most"], summary
    assert summary["off_topic_events"] <= floors["off_topic_events_at_most"], summary


def test_an_extractor_crash_is_reported_and_the_other_articles_still_scored(scorer, seeds_dir):
    pairs = scorer.gold_pairs("seeds", seeds_dir)
    good = _oracle_extract(scorer, pairs)
    broken_body = _plain_parse(pairs[0][0]).body

    def extract(text, *, published_on, precision=""):
        if text == broken_body:
            raise ValueError("bad input")
        return good(text, published_on=published_on, precision=precision)

    result = scorer.score_set(pairs, use_gold_date=True, parse_file=_plain_parse, extract=extract)
    assert len(result.documents) == len(pairs) - 1
    assert result.errors == [f"{pairs[0][0].name}: extraction failed: ValueError: bad input"]


# ---------------------------------------------------------------- floors on quotations

# Measured with evaluation/score_quotations.py against the quotation gold of the seeds and the real
# corpus (tests/extraction/quotations/, 214 quotations in 23 files): counted, not rounded.
QUOTATION_FLOORS = {
    "found": 198,  # recall 0.93
    "extracted_at_most": 232,  # precision 0.85
    "speaker_right": 134,  # 0.68 of those found
    "said_on_right": 67,  # 0.78 of the 86 the gold dates
}


@pytest.mark.skipif(not REAL_CORPUS.is_dir(), reason="no real corpus beside the repository")
def test_quotation_floors(quotation_scorer):
    scores = quotation_scorer.run()
    summary = quotation_scorer.summary(scores)
    assert summary["gold"] == 214, summary
    assert summary["found"] >= QUOTATION_FLOORS["found"], summary
    assert summary["extracted"] <= QUOTATION_FLOORS["extracted_at_most"], summary
    assert sum(s.speaker_right for s in scores) >= QUOTATION_FLOORS["speaker_right"], summary
    assert sum(s.date_right for s in scores) >= QUOTATION_FLOORS["said_on_right"], summary
