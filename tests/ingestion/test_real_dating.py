"""Dating and anchoring rules read off real reports and reference pages: a toll anchors the
strike it counts, a chronicle's month keeps the year it tells of, a day told without an event
anchors "the same day", a recent event is not the report's day, and the time of a predicate
after "and" is its own."""

from datetime import date, timedelta

from apps.ingestion.extraction.pipeline import extract

PUB = date(2020, 2, 28)  # a Friday


def _events(text, published_on=PUB, precision="day"):
    return extract(text, published_on=published_on, precision=precision).events


def _keys(event):
    return {a.key for a in event.actors}


def test_a_toll_from_a_strike_makes_the_strike_an_event():
    text = (
        "Turkey on Friday raised the death toll from a Syrian government airstrike on its "
        "forces in northwestern Syria to 33 soldiers."
    )
    (event,) = _events(text)
    assert event.event_type == "air_strike"
    assert "actor:saa" in _keys(event)
    # without the toll, a strike the sentence does not anchor is no event
    assert _events("Analysts debated a Syrian government airstrike on its forces.") == []


def test_a_chronicle_without_a_date_of_its_own_gives_a_month_the_year_it_tells_of():
    text = (
        "On 3 December 2017, the Syrian Army captured three villages in Idlib.\n\n"
        "In mid-December, the Syrian Army captured four villages from HTS.\n\n"
        "A report from 2019 said the campaign had ended."
    )
    dated = [e.date for e in _events(text, published_on=None, precision="")]
    assert dated[:2] == [date(2017, 12, 3), date(2017, 12, 11)]
    # a report dated to the day keeps its own reading: the last December before its day
    text = "By October 2018 the groups were to leave. The Syrian Army launched an offensive in December."
    (event,) = [
        e for e in _events(text, published_on=date(2020, 1, 15)) if e.event_type == "offensive"
    ]
    assert event.date == date(2019, 12, 1)


def test_a_day_told_without_an_event_anchors_the_same_day():
    text = (
        "On 6 January, the Syrian Army captured Sinjar. "
        "In the morning of 7 January, three additional villages were taken. "
        "The same day, a rocket attack targeted a Turkish military convoy in Idlib."
    )
    (strike,) = [e for e in _events(text) if "convoy" in e.quote]
    assert strike.date == date(2020, 1, 7)
    # whom the attack targeted is its target
    assert ("actor:tur-forces", "target") in {(a.key, a.role) for a in strike.actors}


def test_a_planned_day_does_not_move_the_narration():
    text = (
        "Putin and Erdogan were due to hold talks in Sochi on Monday. "
        "The same day, Turkish soldiers shelled positions of the Assad regime near Idlib."
    )
    shelled = [e for e in _events(text) if e.event_type == "shelling"]
    assert all(e.date is None or e.date <= PUB for e in shelled)


def test_a_recent_event_takes_the_days_before_the_report_not_its_day():
    text = (
        "The readout from a recent phone conversation between Putin and Erdogan underscored the "
        "need for cooperation."
    )
    (event,) = _events(text)
    assert event.event_type == "meeting"
    assert (event.date, event.end_date, event.date_precision) == (
        PUB - timedelta(days=6),
        PUB,
        "week",
    )
    text = "A phone conversation between Putin and Erdogan underscored the need for cooperation."
    (event,) = _events(text)
    assert (event.date, event.date_precision) == (PUB, "day")


def test_the_time_of_a_predicate_after_and_is_its_own():
    text = (
        "On 17 October 2014, it was confirmed the base had been captured by the Syrian Army and later "
        "in the day it made more advances on the outskirts of the town."
    )
    (event,) = [
        e
        for e in _events(text, published_on=None, precision="")
        if e.event_type == "occupy_territory"
    ]
    assert event.date == date(2014, 10, 17)


def test_claiming_that_something_happened_is_a_statement_and_claiming_lives_is_not():
    text = "The Russian government claimed that a cease-fire had been established in Idlib."
    assert "statement" in [e.event_type for e in _events(text)]
    text = "The Syrian Army's shelling of Idlib claimed 30 lives on Thursday."
    assert "statement" not in [e.event_type for e in _events(text)]
