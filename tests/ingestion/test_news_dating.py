"""News told without a date of its own: the present perfect of a report dated to the day, and
every undated event of a feed item or teaser, take the report's day; habit and analysis do not."""

from datetime import date

import pytest

from apps.ingestion.extraction.pipeline import extract

PUB = date(2024, 12, 8)
# A paragraph of prose that tells no event; four of them take a report's lead.
FILLER = (
    "Residents of Aleppo described long queues for bread in the city and said prices had "
    "doubled since the winter began."
)


def dated(text: str, published_on=PUB) -> list[tuple[str, date | None, set[str]]]:
    x = extract(text, published_on=published_on, precision="day" if published_on else "")
    names = {k: r.name for k, r in x.entities.records.items()}
    return [(e.event_type, e.date, {names.get(a.key, a.text) for a in e.actors}) for e in x.events]


def test_the_present_perfect_of_a_dated_report_is_the_reports_day():
    text = (
        "Syrian rebels have taken over the presidential palace in Damascus, officials in Idlib "
        "said.\n\nThe conflict has lasted for many years and the country is divided.\n\n"
        "Residents of Aleppo described long queues for bread in the city."
    )
    events = dated(text)
    taken = [e for e in events if "Syrian rebels" in e[2] and e[0] != "statement"]
    assert taken and all(d == PUB for _, d, _ in taken)
    # without a publication day there is no day to give it
    assert all(d is None for t, d, a in dated(text, None) if "Syrian rebels" in a)


def test_a_habitual_present_perfect_stays_undated():
    text = (
        "Russian jets have repeatedly bombed villages in Idlib, monitors in the province say.\n\n"
        "Residents of Aleppo described long queues for bread in the city."
    )
    bombed = [e for e in dated(text) if e[0] in {"air_strike", "attack"}]
    assert bombed and all(d is None for _, d, _ in bombed)


@pytest.mark.parametrize(
    "text",
    [
        "Syrians celebrate the fall of Bashar al-Assad as rebels seize control of Damascus.",
        "Rebels in the Idlib region\n\nSyrians celebrate as rebels seize control of Damascus.",
    ],
)
def test_a_teaser_tells_its_news_by_the_reports_day(text):
    seized = [e for e in dated(text) if "Syrian rebels" in e[2]]
    assert seized and all(d == PUB for _, d, _ in seized)


def test_the_same_present_tense_deep_in_a_long_article_is_not_dated_by_the_report():
    filler = "\n\n".join([FILLER] * 4)
    long_text = (
        f"{filler}\n\nSyrians celebrate the fall of Assad as rebels seize control of Damascus."
    )
    seized = [e for e in dated(long_text) if "Syrian rebels" in e[2]]
    assert seized and all(d is None for _, d, _ in seized)


def test_rebels_are_one_collective_actor_and_a_named_group_stays_itself():
    (named,) = dated("HTS rebels have captured Saraqib in Idlib.")
    assert named[2] == {"Hayat Tahrir al-Sham"}
    (collective,) = dated("Opposition fighters have captured Saraqib in Idlib.")
    assert collective[2] == {"Syrian rebels"}


def test_the_lead_of_a_dated_report_tells_its_news_by_the_reports_day():
    lead = "Syrian rebels shelled Saraqib in Idlib, killing four soldiers."
    later = "\n\n".join([FILLER] * 4)
    text = f"{lead}\n\n{later}\n\nSyrian rebels shelled Saraqib in Idlib, killing four soldiers."
    events = [e for e in dated(text) if "Syrian rebels" in e[2]]
    assert events[0][1] == PUB  # the lead's
    assert events[-1][1] is None  # deep in the article: background, undated
    # stepped back or looking ahead: not the report's news
    for sentence in (
        "Syrian rebels had shelled Saraqib in Idlib, killing four soldiers.",
        "Syrian rebels will attack Saraqib in Idlib, the group said.",
    ):
        events = dated(f"{sentence}\n\n{later}")
        assert all(d is None for t, d, a in events if "Syrian rebels" in a and t != "statement")


def test_a_long_paragraph_that_lost_its_full_stop_is_prose_and_a_short_line_a_label():
    prose = (
        "On Friday, Iran began to evacuate its military commanders and personnel from Syria, "
        "according to regional officials and three Iranian officials, in a sign of Iran's "
        "inability to help keep President Bashar al-Assad in power"
    )
    events = dated(f"{prose}\n\nUnited States")
    assert [(t, d) for t, d, _ in events] == [("withdrawal", date(2024, 12, 6))]
    assert dated("Iran evacuates its commanders from Syria\n\nUnited States") == []


def test_what_a_lead_puts_at_an_unstated_earlier_time_stays_undated():
    later = "\n\n".join([FILLER] * 4)
    for sentence in (
        "A few years ago, Syrian rebels shelled Saraqib in Idlib.",
        "Syrian rebels shelled Saraqib in Idlib in the past, the residents of Aleppo recall.",
    ):
        events = dated(f"{sentence}\n\n{later}")
        assert [d for t, d, a in events if "Syrian rebels" in a] == [None]


def test_what_a_statement_announces_takes_the_day_the_report_gives_the_statement():
    later = "\n\n".join([FILLER] * 4)
    text = f"{later}\n\nA Kurdish-led force said it had deployed in Deir al-Zour, in Syria."
    events = dated(text)
    assert [(t, d) for t, d, _ in events] == [("deployment", PUB)]
    assert events[0][2] == {"Syrian Democratic Forces"}
