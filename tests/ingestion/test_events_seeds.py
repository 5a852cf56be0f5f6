"""The events a careful reader finds in the seed articles, with their dates and evidence.

Seeds whose files state no date are given the publication date a reader can work out from
the text (000: Wednesday 13 February 2019, the eve of the Sochi summit; 001 and 003: the
Moscow talks of Tuesday 27 August 2019).
"""

import datetime
from functools import cache

import pytest

from apps.ingestion.extraction.pipeline import extract
from apps.ingestion.parsers import parse_file

PUBLISHED = {
    "000": datetime.date(2019, 2, 13),
    "001": datetime.date(2019, 8, 27),
    "003": datetime.date(2019, 8, 27),
    "004": datetime.date(2020, 3, 5),
}


@cache
def _run(path, published_on):
    parsed = parse_file(path)
    return parsed, extract(parsed.body, published_on=published_on, precision="day")


@pytest.fixture
def seed(seed_files):
    def load(prefix, published_on="known"):
        path = next(p for p in seed_files if p.name.startswith(prefix))
        when = PUBLISHED.get(prefix) if published_on == "known" else published_on
        parsed, extraction = _run(path, when)
        return parsed, extraction

    return load


def names(extraction, event, role=None):
    records = extraction.entities.records
    return {
        records[a.key].name if a.key in records else a.text
        for a in event.actors
        if role is None or a.role == role
    }


def find(extraction, event_type, **attrs):
    found = [
        e
        for e in extraction.events
        if e.event_type == event_type and all(getattr(e, k) == v for k, v in attrs.items())
    ]
    assert found, (
        f"no {event_type} with {attrs}: {[(e.event_type, e.date) for e in extraction.events]}"
    )
    return found[0]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_event_cites_its_sentence(seed, prefix):
    parsed, extraction = seed(prefix)
    assert extraction.events
    for event in extraction.events:
        assert parsed.body[event.sentence_start : event.sentence_end] == event.quote
        assert event.cameo_code and event.summary
        if event.date is None:
            assert event.date_precision == ""


def test_004_moscow_summit_strike_and_spring_shield(seed):
    _, extraction = seed("004")
    summit = find(extraction, "meeting", date=datetime.date(2020, 3, 5))
    assert summit.date_precision == "day" and summit.place_key
    strike = find(extraction, "air_strike", fatalities=34)
    assert (strike.date, strike.end_date, strike.date_precision) == (
        datetime.date(2020, 2, 24),
        datetime.date(2020, 3, 1),
        "week",
    )
    assert "Syria" in names(extraction, strike, "initiator")
    operation = find(extraction, "operation_declared")
    assert (operation.date, operation.end_date) == (
        datetime.date(2020, 2, 29),
        datetime.date(2020, 3, 1),
    )
    assert "Turkey" in names(extraction, operation, "initiator")
    peskov = find(extraction, "statement", date=datetime.date(2020, 3, 4))
    assert names(extraction, peskov, "initiator") & {"Dmitry Peskov", "Turkey", "Igor Konashenkov"}


def test_003_convoy_strike_annulment_and_what_followed(seed):
    _, extraction = seed("003")
    strike = find(extraction, "air_strike")
    assert (strike.date, strike.date_precision) == (datetime.date(2019, 8, 19), "week")
    assert (strike.fatalities, strike.wounded) == (3, 12)
    assert strike.post_key == "post:morek"
    annulment = find(extraction, "agreement_annulled")
    assert annulment.date == datetime.date(2019, 8, 5) and annulment.date_precision == "day"
    assert "Syria" in names(extraction, annulment, "initiator")
    warning = find(extraction, "threat")
    assert warning.date == datetime.date(2019, 8, 20)  # "the next day"


def test_000_votel_lavrov_and_the_sochi_talks(seed):
    _, extraction = seed("000")
    votel = find(extraction, "statement", date=datetime.date(2019, 2, 10))
    assert "Joseph Votel" in names(extraction, votel)
    lavrov = find(extraction, "statement", date=datetime.date(2019, 2, 13))
    assert "Sergei Lavrov" in names(extraction, lavrov)
    talks = find(extraction, "meeting", date=datetime.date(2019, 2, 14))
    assert {"Vladimir Putin", "Recep Tayyip Erdogan", "Hassan Rouhani"} <= names(extraction, talks)
    seized = find(extraction, "occupy_territory")
    assert (seized.date, seized.date_precision) == (datetime.date(2019, 1, 1), "month")


def test_001_agreed_steps_posts_and_the_april_offensive(seed):
    _, extraction = seed("001")
    # "Putin said on Tuesday that Russia and Turkey had agreed steps": the agreement, dated
    # by the statement that announced it.
    steps = find(extraction, "agreement_reached", date=datetime.date(2019, 8, 27))
    assert {"Russia", "Turkey"} <= names(extraction, steps, "participant")
    post = find(extraction, "post_established")
    assert (post.date, post.date_precision, post.post_key) == (
        datetime.date(2017, 1, 1),
        "year",
        "post:morek",
    )
    offensive = find(extraction, "offensive", date=datetime.date(2019, 4, 21))
    assert offensive.end_date == datetime.date(2019, 4, 30)


def test_002_deal_of_march_5_and_no_teaser_events(seed):
    parsed, extraction = seed("002", published_on=None)
    deal = find(extraction, "agreement_reached")
    assert deal.date == datetime.date(2020, 3, 5)  # the article says "This year, 2020"
    assert {"Vladimir Putin", "Recep Tayyip Erdogan"} <= names(extraction, deal)
    for event in extraction.events:
        assert not {"Takaichi", "Starmer", "Sudan", "Macron"} & set(event.quote.split())


def test_without_a_publication_date_relative_dates_wait(seed):
    _, extraction = seed("003", published_on=None)
    strike = find(extraction, "air_strike")
    assert strike.date is None and strike.date_is_relative
    assert strike.date_expression.lower() == "last week"
