"""Timelines: an entry opened by a numeric date ("27/02: Russia kills ..."), below a bare year
heading or with its own year, is dated and read as a fact told in note form."""

from datetime import date

import pytest

from apps.ingestion.extraction import timeline_dates
from apps.ingestion.extraction.dates import find_dates
from apps.ingestion.extraction.entities import extract_entities
from apps.ingestion.extraction.pipeline import extract
from apps.ingestion.extraction.years import years_told


@pytest.mark.parametrize(
    ("line", "kind", "day_month"),
    [
        ("27/02: Russian jets struck the town", "numeric_day", (27, 2)),
        ("01/06/2023 – A bombing in the capital", "numeric_full", (1, 6)),
        ("12/25: talks in Moscow", "numeric_day", (25, 12)),
        ("05.08.2019 - Damascus annulled the truce", "numeric_full", (5, 8)),
    ],
)
def test_a_numeric_date_opening_a_line_is_an_entry_date(line, kind, day_month):
    found = find_dates(line)
    assert found[0].kind == kind and found[0].start == 0
    assert timeline_dates.day_month(found[0].parts) == day_month


@pytest.mark.parametrize(
    "text",
    [
        "Turkey holds 3/4 of the border: the rest is Syrian.",
        "27/02 Russia kills soldiers",  # no colon or dash: not an entry
        "The score was 2/1 - a draw was expected.",
        "45/13: no such day",
    ],
)
def test_a_numeric_date_elsewhere_is_no_date(text):
    assert not [m for m in find_dates(text) if m.kind.startswith("numeric")]


def test_bare_year_lines_are_headings_and_count_as_years_told():
    text = "Timeline\n\n2015\n\n30/09: Russia entered the war\n\n## 2016\n\nIn 2017 nothing."
    assert timeline_dates.year_headings(text) == [(10, 2015), (50, 2016)]
    assert [year for _, year in years_told(text)] == [2015, 2016, 2017]


TIMELINE = (
    "Idlib timeline\n\n"
    "2015\n\n"
    "21/10: Assad makes a surprise visit to Moscow\n\n"
    "01/12: Russia deploys S-400 missiles in Syria\n\n"
    "2017\n\n"
    "25/07: TR signs deal to buy Russian S-400 defense system\n\n"
    "2020\n\n"
    "27/02: Russia kills 33 TR soldiers by air strikes in Idlib\n\n"
    "05/03/2020 – Russia and Turkey agree a ceasefire in Idlib\n"
)


@pytest.mark.parametrize("published_on", [None, date(2024, 1, 1)])
def test_timeline_entries_are_events_dated_by_their_heading_year(published_on):
    events = extract(TIMELINE, published_on=published_on, precision="day").events
    by_day = {}
    for e in events:
        by_day.setdefault(e.date, set()).add(e.event_type)
    assert "visit" in by_day[date(2015, 10, 21)]
    assert "deployment" in by_day[date(2015, 12, 1)]
    assert "agreement_reached" in by_day[date(2017, 7, 25)]
    assert by_day[date(2020, 2, 27)] & {"air_strike", "casualties"}
    assert "ceasefire_agreed" in by_day[date(2020, 3, 5)]
    strike = next(e for e in events if e.date == date(2020, 2, 27))
    assert {a.key for a in strike.actors} >= {"actor:state-rus"}


def test_tr_is_turkey_and_a_verb_before_deal_is_not_part_of_its_name():
    entities = extract_entities("25/07: TR signs deal to buy Russian S-400 defense system")
    mentions = {(m.text, m.kind) for m in entities.mentions}
    assert ("TR", "actor") in mentions
    assert not any(kind == "agreement" and "signs" in text for text, kind in mentions)


def test_a_hyphenated_name_before_a_verb_is_its_subject():
    events = extract(
        "Syrian President Bashar al-Assad visited Turkey on 16 September 2009.",
        published_on=None,
    ).events
    visit = next(e for e in events if e.event_type == "visit")
    assert visit.date == date(2009, 9, 16)
    assert any(a.role == "initiator" and "Assad" in a.text for a in visit.actors)


CHRONICLE = (
    "The battle of the town was fought between rebels and the Syrian government. The army "
    "tried to regain the town after it was lost to the rebels on 1 February 2014. The town "
    "was retaken by rebels after a later offensive (October–November 2015).\n\n"
    "Army counter-attack\n\n"
    "On 17 February, the Army stormed the town of Morek, but was pushed back.\n\n"
    "Stalemate\n\n"
    "On 24 March, Syrian army artillery shelled the rebel positions in Idlib.\n\n"
    "Summer assault\n\n"
    "On 16 July, the Army bombed the town over 20 times.\n"
)


def test_a_chronicle_without_a_date_carries_its_year_past_headings_and_asides():
    events = extract(CHRONICLE, published_on=None).events
    dated = {e.date for e in events if e.date is not None}
    assert {date(2014, 2, 17), date(2014, 3, 24), date(2014, 7, 16)} <= dated
    assert not any(d.year == 2015 and d.month in (2, 3, 7) for d in dated)


def test_the_army_alone_is_the_army_of_the_state_the_text_is_about():
    events = extract(
        "Syrian government forces pressed on in Idlib. On 17 February 2014, the Army stormed "
        "the town of Morek.",
        published_on=None,
    ).events
    storm = next(e for e in events if e.date == date(2014, 2, 17))
    assert [(a.key, a.role) for a in storm.actors][:1] == [("actor:saa", "initiator")]


def test_the_army_after_another_state_is_that_states_army():
    entities = extract_entities("Turkey said the army would stay at its posts in Idlib.")
    assert "actor:tur-forces" in {m.key for m in entities.mentions}


# Paragraphs that take a report's lead (dates.yaml lead_paragraphs), whose undated news is
# the report's day: what follows them is read on its own words.
PAST_THE_LEAD = (
    "Residents of Aleppo described long queues for bread in the city and said prices had "
    "doubled since the winter began.\n\n"
) * 4


def test_a_date_heading_a_paragraph_dates_the_story_it_continues():
    text = (
        "In late August 2019, Syrian forces encircled a Turkish observation post at Morek.\n\n"
        "In late August 2019, the post was cut off. Turkish troops shelled Syrian army "
        "positions near Idlib, monitors said.\n\n"
        + PAST_THE_LEAD
        + "Turkish troops shelled Syrian army positions near Idlib, monitors said."
    )
    events = extract(text, published_on=date(2019, 12, 1), precision="day").events
    shelling = [e for e in events if e.event_type == "shelling"]
    assert len(shelling) == 2
    carried, alone = sorted(shelling, key=lambda e: e.sentence_start)
    assert (carried.date, carried.date_precision) == (date(2019, 8, 21), "month")
    assert alone.date is None  # a paragraph of its own, with no date at its head


def test_a_date_inside_a_paragraph_sets_no_month_for_it():
    text = PAST_THE_LEAD + (
        "Syrian forces, which had encircled a post in late August 2019, held their lines. "
        "Turkish troops shelled Syrian army positions near Idlib, monitors said."
    )
    events = extract(text, published_on=date(2019, 12, 1), precision="day").events
    (shelling,) = [e for e in events if e.event_type == "shelling"]
    assert shelling.date is None


def test_a_report_dates_a_day_and_month_by_its_own_year_past_a_paragraph_naming_another():
    text = (
        "The European Union suspended relations with Damascus in 2011.\n\n"
        "On 7 July, Turkish President Recep Tayyip Erdogan said he would invite Bashar al-Assad "
        "for talks on Idlib."
    )
    events = extract(text, published_on=date(2024, 8, 6), precision="day").events
    (said,) = [e for e in events if e.event_type == "statement"]
    assert said.date == date(2024, 7, 7)
    # in the same paragraph a year that opens its sentence still dates it
    text = (
        "In 2011, the European Union suspended relations with Damascus."
        + text[text.index("\n\nOn") :]
    )
    text = text.replace(".\n\nOn 7 July", ". On 7 July")
    events = extract(text, published_on=date(2024, 8, 6), precision="day").events
    (said,) = [e for e in events if e.event_type == "statement"]
    assert said.date == date(2011, 7, 7)


def test_a_year_in_the_background_of_a_paragraph_does_not_date_its_day_and_month():
    text = (
        "Iran has struggled since sanctions were reimposed in 2018. Abdullah bin Zayed, the "
        "UAE's foreign minister, visited Damascus on January 4th for talks on Idlib."
    )
    events = extract(text, published_on=date(2023, 1, 19), precision="day").events
    (visit,) = [e for e in events if e.event_type == "visit"]
    assert visit.date == date(2023, 1, 4)
    # a year that opens its sentence sets the story's year
    text = text.replace(
        "Iran has struggled since sanctions were reimposed in 2018.", "In 2018, Iran struggled."
    )
    events = extract(text, published_on=date(2023, 1, 19), precision="day").events
    (visit,) = [e for e in events if e.event_type == "visit"]
    assert visit.date == date(2018, 1, 4)
