"""The real development corpus's scorer (evaluation/score_real.py): how it counts.

Gold: tests/extraction/real/ (annotations only; format in FORMAT.md). The floors measured with
it are in test_quality.py beside the seeds' and held-out sets'.
"""

from datetime import date
from pathlib import Path

from apps.articles.documents import ParsedArticle
from apps.ingestion.extraction.types import (
    EntityExtraction,
    EntityRecord,
    EventActorRef,
    ExtractedEvent,
    Extraction,
)

REPO = Path(__file__).resolve().parents[2]


def _event(when, actor_key, event_type="air_strike"):
    return ExtractedEvent(
        event_type=event_type, cameo_code="", acled_event_type="", acled_sub_event_type="",
        date=when, date_precision="day" if when else "", end_date=None, date_expression="",
        date_is_relative=False, actors=[EventActorRef(actor_key, "initiator", "x")],
        place_key=None, location_text="", agreement_key=None, post_key=None, fatalities=None,
        wounded=None, summary="", sentence_start=0, sentence_end=1, quote="x",
    )  # fmt: skip


def test_scorer_counts_events_by_window_and_actor_and_checks_the_body(real_scorer):
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
    families = real_scorer.Families.load()
    score = real_scorer.score_article("x", raw, gold, parsed, extraction, families)
    assert score.title_ok and score.date_ok
    assert (score.body_passed, score.body_checks) == (1, 2)  # the ad code was left in
    assert (score.events_found, score.events_core, score.events_typed) == (1, 2, 1)
    assert (score.events_undated, score.events_total) == (1, 2)
    assert score.sources_as_actors == ["Anadolu Agency"]
    parsed.published_on = date(2020, 3, 1)
    assert not real_scorer.score_article("x", raw, gold, parsed, extraction, families).date_ok
