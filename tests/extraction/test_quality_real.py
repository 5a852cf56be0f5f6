"""The real development corpus (../shared/corpus): the scorer's rules, then the floors.

Gold: tests/extraction/real/ (annotations only; format in FORMAT.md). Floors are what
``bench/score_real.py`` measured (docs/quality.md), so a regression fails the build.
"""

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from apps.ingestion.documents import ParsedArticle
from apps.ingestion.extraction.types import (
    EntityExtraction,
    EntityRecord,
    EventActorRef,
    ExtractedEvent,
    Extraction,
)

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def real():
    spec = importlib.util.spec_from_file_location("score_real", REPO / "bench" / "score_real.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_real"] = module
    spec.loader.exec_module(module)
    return module


def _event(when, actor_key, event_type="air_strike"):
    return ExtractedEvent(
        event_type=event_type, cameo_code="", acled_event_type="", acled_sub_event_type="",
        date=when, date_precision="day" if when else "", end_date=None, date_expression="",
        date_is_relative=False, actors=[EventActorRef(actor_key, "initiator", "x")],
        place_key=None, location_text="", agreement_key=None, post_key=None, fatalities=None,
        wounded=None, summary="", sentence_start=0, sentence_end=1, quote="x",
    )  # fmt: skip


def test_scorer_counts_events_by_window_and_actor_and_checks_the_body(real):
    raw = "<p>Turkey&#8217;s army struck\\. back.</p> Junk [ad_1] here."
    gold = {
        "title": "Strikes",
        "published": {"date": "2020-02-28", "precision": "day"},
        "body": {"absent": ["[ad_1]"], "kept": [[0, 42]]},
        "events": [
            {"id": "a", "type": ["attack"], "date": "2020-02-27", "window": ["2020-02-27", "2020-02-28"], "actors": ["Turkey"]},
            {"id": "b", "type": ["attack"], "date": "2020-02-20", "window": ["2020-02-20", "2020-02-20"], "actors": ["Turkey"]},
        ],
        "posts": [],
        "not_actors": ["Anadolu Agency"],
    }  # fmt: skip
    records = {
        "actor:tur": EntityRecord("actor", "actor:tur", "Turkey", "state", aliases=["Ankara"]),
        "new:aa": EntityRecord("actor", "new:aa", "Anadolu Agency", "organisation"),
    }
    extraction = Extraction(
        entities=EntityExtraction(sentences=[], mentions=[], records=records),
        events=[_event(date(2020, 2, 27), "actor:tur"), _event(None, "actor:tur")],
    )
    parsed = ParsedArticle(
        title="Strikes", body="Turkey’s army struck. back. Junk [ad_1] here.",
        published_on=date(2020, 2, 28), published_on_precision="day",
    )  # fmt: skip
    families = real.Families.load()
    score = real.score_article("x", raw, gold, parsed, extraction, families)
    assert score.title_ok and score.date_ok
    assert (score.body_passed, score.body_checks) == (1, 2)  # the ad code was left in
    assert (score.events_found, score.events_core, score.events_typed) == (1, 2, 1)
    assert (score.events_undated, score.events_total) == (1, 2)
    assert score.sources_as_actors == ["Anadolu Agency"]
    parsed.published_on = date(2020, 3, 1)
    assert not real.score_article("x", raw, gold, parsed, extraction, families).date_ok


# Measured on the development corpus (57 articles in 22 files); see docs/quality.md.
FLOORS = {
    "titles_right": 57,
    "dates_right": 55,
    "body_checks": 0.96,
    "core_events_found": 0.21,
    "events_undated_at_most": 0.45,
    "posts_found": 8,
    "sources_as_actors_at_most": 0,
    "off_topic_events_at_most": 0,
}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no real corpus beside the repository")
def test_real_corpus_floors(real):
    scores = real.run(CORPUS, real.GOLD_DIR)
    assert len(scores) == 57
    summary = real.summary(scores)
    assert sum(s.title_ok for s in scores) >= FLOORS["titles_right"], summary
    assert sum(s.date_ok for s in scores) >= FLOORS["dates_right"], summary
    assert summary["body_checks"] >= FLOORS["body_checks"], summary
    assert summary["core_events_found"] >= FLOORS["core_events_found"], summary
    assert summary["events_undated"] <= FLOORS["events_undated_at_most"], summary
    assert sum(s.posts_found for s in scores) >= FLOORS["posts_found"], summary
    assert summary["sources_as_actors"] <= FLOORS["sources_as_actors_at_most"], summary
    assert summary["off_topic_events"] <= FLOORS["off_topic_events_at_most"], summary
