"""The pipeline: entities then events over one text; a text too long is a clear error."""

from datetime import date

import pytest

from apps.ingestion.documents import IngestionError
from apps.ingestion.extraction.pipeline import MAX_TEXT_CHARS, extract


def test_events_use_the_entities_of_the_same_text():
    text = (
        "Turkey officially declared an operation against the Assad regime over the weekend, "
        'named "Spring Shield".'
    )
    result = extract(text, published_on=date(2020, 3, 5), precision="day")
    (event,) = result.events
    assert event.event_type == "operation_declared"
    assert {a.key for a in event.actors} <= set(result.entities.records)
    assert event.date == date(2020, 2, 29)


def test_a_text_too_long_is_rejected_in_one_line():
    with pytest.raises(IngestionError) as err:
        extract("word " * (MAX_TEXT_CHARS // 5 + 1), published_on=None)
    assert "too long" in str(err.value) and "\n" not in str(err.value)


def test_preload_builds_the_pipeline_and_takes_it_from_the_collectors_watch():
    import gc

    from apps.ingestion.extraction.nlp import get_matchers
    from apps.ingestion.extraction.pipeline import preload

    try:
        preload()
        assert get_matchers.cache_info().currsize == 1
        assert gc.get_freeze_count() > 10_000  # the dictionary's and matchers' objects
    finally:
        gc.unfreeze()


def test_an_article_off_the_subject_adds_no_actors_and_no_events():
    from apps.ingestion.extraction.pipeline import extract

    sport = (
        "Lando Norris won the Abu Dhabi Grand Prix on Sunday, and McLaren clinched the "
        "constructors' title, the team said."
    )
    off = extract(sport, published_on=date(2024, 12, 8), precision="day")
    assert off.events == [] and off.entities.records == {}
    syria = "Syrian rebels seized Hama on Thursday, the Syrian Observatory said."
    on = extract(syria, published_on=date(2024, 12, 6), precision="day")
    assert on.events and on.entities.records
