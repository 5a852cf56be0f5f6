"""Publication dates from datelines and from the text's own evidence."""

from datetime import date

import pytest

from apps.ingestion.parsers import parse_text
from apps.ingestion.pubdates import (
    dateline_parse,
    pubdate_infer,
    signed_date,
    yearless_complete,
    yearless_parse,
)


@pytest.mark.parametrize(
    ("line", "expected", "precision"),
    [
        ("March 05, 2020", date(2020, 3, 5), "day"),
        ("Published: 5 March 2020 10:32 GMT", date(2020, 3, 5), "day"),
        ("Thursday, March 5, 2020 at 14:05", date(2020, 3, 5), "day"),
        ("2019-08-27", date(2019, 8, 27), "day"),
        ("Feb. 12, 2020", date(2020, 2, 12), "day"),
        ("March 2020", date(2020, 3, 1), "month"),
        # Wire style: uppercase month, time after a slash, an update marker.
        ("FEBRUARY 28, 2020 / 6:41 AM / UPDATED", date(2020, 2, 28), "day"),
        # A ministry page's time in brackets; a situation report's "As of".
        ("25.11.2018 (14:20)", date(2018, 11, 25), "day"),
        ("As of 27 December 2019", date(2019, 12, 27), "day"),
        ("Issued 3 March 2020", date(2020, 3, 3), "day"),
        ("March 5, 2020 / 3:12 PM / Updated 6 years ago", date(2020, 3, 5), "day"),
        # Al-Monitor, Daily Sabah, the Guardian.
        ("Mar 5, 2020", date(2020, 3, 5), "day"),
        ("MAR 05, 2020 - 12:00 AM GMT+3", date(2020, 3, 5), "day"),
        ("Thu 5 Mar 2020 12.30 GMT", date(2020, 3, 5), "day"),
        # Anadolu, Sputnik: day.month.year, time first, an update after the date.
        ("05.03.2020", date(2020, 3, 5), "day"),
        ("09.01.2020", date(2020, 1, 9), "day"),
        ("14:52 GMT 09.01.2020", date(2020, 1, 9), "day"),
        ("05.03.2020 - Update : 06.03.2020", date(2020, 3, 5), "day"),
        # Month first only where day first is impossible; slashes only when unambiguous.
        ("01.15.2020", date(2020, 1, 15), "day"),
        ("Date: 15/03/2020", date(2020, 3, 15), "day"),
        ("3/15/2020", date(2020, 3, 15), "day"),
        # ISO dates and timestamps.
        ("2020-03-05T14:20:00+03:00", date(2020, 3, 5), "day"),
        ("2020-03-05T11:20:00Z", date(2020, 3, 5), "day"),
        ("2020-03-05 14:20", date(2020, 3, 5), "day"),
        # Labelled lines.
        ("Published: March 5, 2020 at 3:12 p.m. ET", date(2020, 3, 5), "day"),
        ("Posted on March 5, 2020", date(2020, 3, 5), "day"),
        ("Date: 5 March 2020", date(2020, 3, 5), "day"),
        ("Last updated: 05 Mar 2020 15:00 GMT", date(2020, 3, 5), "day"),
        ("1 March , 2020", date(2020, 3, 1), "day"),  # a monitor group's site
    ],
)
def test_datelines(line, expected, precision):
    found, _ = dateline_parse(line)
    assert (found.value, found.precision, found.source) == (expected, precision, "stated")


@pytest.mark.parametrize(
    "line",
    [
        "Turkey said on March 5, 2020 that it would respond.",
        "March",
        "By Jane Doe",
        "03/05/2020",  # 3 May or 5 March: not read
        "31.02.2020",  # no such day
        "Posted in Syria, 2020",
        "As of 27 December 2019 people had fled",
    ],
)
def test_sentences_are_not_datelines(line):
    assert dateline_parse(line) is None


def test_update_after_the_date_is_not_the_date():
    found, label = dateline_parse("05.03.2020 - Update : 06.03.2020")
    assert (found.value, label) == (date(2020, 3, 5), "")
    found, label = dateline_parse("Updated: 06.03.2020")
    assert (found.value, label) == (date(2020, 3, 6), "updated")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("5 MAR, 18:03", (3, 5)),
        ("September 17", (9, 17)),
        ("Tuesday, March 10", (3, 10)),
        ("Feb 29", (2, 29)),
        ("March 5, 2020", None),  # has a year: a dateline, not a yearless one
        ("Feb 30", None),
        ("March", None),
        ("The talks began on March 5.", None),
    ],
)
def test_yearless_datelines(line, expected):
    assert yearless_parse(line) == expected


def test_yearless_dateline_takes_the_latest_year_the_text_names():
    text = (
        "Putin said on Monday the two leaders had agreed a zone. Traffic should be restored "
        "before the end of 2018. The zone was set up in May 2017."
    )
    found = yearless_complete(9, 17, text, "SOCHI, September 17")
    assert (found.value, found.precision, found.source) == (date(2018, 9, 17), "day", "inferred")
    assert "2018" in found.evidence and "Monday" in found.evidence


def test_yearless_dateline_with_a_stated_year():
    found = yearless_complete(3, 10, "This year, 2020, was hard. Talks resumed.", "March 10")
    assert found.value == date(2020, 3, 10)


def test_yearless_dateline_whose_weekday_does_not_fit_stays_undated():
    # 10 March 2018 was a Saturday: a report "on Tuesday" naming only 2018 was written later.
    text = "The 2018 memorandum failed, Turkey said on Tuesday."
    assert yearless_complete(3, 10, text, "MOSCOW, March 10") is None


def test_yearless_dateline_without_any_year_stays_undated():
    assert yearless_complete(3, 10, "Turkey said on Tuesday that talks failed.", "X") is None
    # Years inside links are not the article's.
    url = "See https://example.com/2019/03/10/story for more; Turkey said talks failed."
    assert yearless_complete(3, 10, url, "X") is None


# --- whole files through the parser ------------------------------------------------------------

BODY = (
    "Russia and Turkey have agreed to create a demilitarized zone in Idlib, Russian President "
    "Vladimir Putin said on Monday after talks with his Turkish counterpart.\n\n"
    "Transit traffic along the M4 and M5 highways should be restored before the end of 2018, "
    "the two presidents agreed."
)


def test_wire_dateline_with_slash_and_time():
    text = f"Turkey hits back\n\nFEBRUARY 28, 2020 / 6:41 AM / UPDATED\n\n{BODY}"
    article = parse_text(text, filename="wire.txt")
    assert (article.published_on, article.published_on_source) == (date(2020, 2, 28), "stated")
    assert "FEBRUARY" not in article.body


def test_agency_dateline_without_year_is_completed_from_the_text():
    text = f"Russia, Turkey agree on zone\n\nSOCHI, September 17. /TASS/. {BODY}"
    article = parse_text(text, filename="tass.txt")
    assert article.published_on == date(2018, 9, 17)
    assert (article.published_on_precision, article.published_on_source) == ("day", "inferred")
    assert article.published_on_evidence.startswith("SOCHI, September 17")
    # the dateline is the first sentence's own start: it stays in the body
    assert article.body.startswith("SOCHI, September 17. /TASS/. Russia and Turkey")


def test_agency_dateline_with_year_is_stated():
    text = f"Headline here\n\nMOSCOW, March 5, 2020 (Reuters) - {BODY}"
    article = parse_text(text, filename="wire.txt")
    assert (article.published_on, article.published_on_source) == (date(2020, 3, 5), "stated")


def test_yearless_line_dateline_without_evidence_stays_undated():
    body = BODY.replace(" before the end of 2018", "")
    article = parse_text(f"Headline here\n\n5 MAR, 18:03\n\n{body}", filename="tass.txt")
    assert article.published_on is None
    assert any("states no year" in note for note in article.notes)


def test_numeric_day_first_dateline_under_a_section_label():
    text = f"Ceasefire comes into force\n\nMIDDLE EAST\n14:52 GMT 09.01.2020\n\n{BODY}"
    article = parse_text(text, filename="agency.txt")
    assert (article.published_on, article.published_on_source) == (date(2020, 1, 9), "stated")


def test_updated_label_is_reported():
    assert dateline_parse("Updated: March 6, 2020")[1] == "updated"


def test_year_anchor_gives_year_precision():
    found = pubdate_infer("This year, 2020, has been hard for Idlib. In 2018 a deal was signed.")
    assert (found.value, found.precision, found.source) == (date(2020, 1, 1), "year", "inferred")
    assert found.evidence == "This year, 2020"


def test_year_anchor_and_this_month_give_the_month():
    text = (
        "This year, 2020, was bad. On March 5, the leaders met. Talks in January failed. "
        "The deal reached earlier this month holds."
    )
    found = pubdate_infer(text)
    assert (found.value, found.precision) == (date(2020, 3, 1), "month")


def test_weekday_date_is_reported_as_recent():
    found = pubdate_infer("Troops moved on Sunday, March 15, 2020, officials said.")
    assert (found.value, found.precision) == (date(2020, 3, 15), "week")


def test_weekday_date_on_a_short_line_of_its_own_dates_the_issue():
    found = pubdate_infer("# The Brief\n\n**Issue 61 · Tuesday 23 March 2021**\n\nTroops moved.")
    assert (found.value, found.precision) == (date(2021, 3, 23), "day")


def test_no_evidence_no_date():
    assert pubdate_infer("The 2018 Sochi deal created a zone. On Aug. 5 the truce ended.") is None
    url_only = "See https://www.example.com/2026/04/08/russia-to-parade for more."
    assert pubdate_infer(url_only) is None


SIGNED = (
    "---\ntitle: Shelling in Idlib\ndate: {front}\n---\n\n"
    "October 6th. Syrian army artillery shelled villages south of Idlib, monitors said.\n\n"
    "By October 11th the shelling had displaced thousands of families toward the border.\n\n"
    "-Jane Doe. (12/10/23)\n"
)


def test_a_sign_off_later_than_the_front_matter_dates_the_article():
    article = parse_text(SIGNED.format(front="2023-08-10"), filename="post.md")
    assert (article.published_on, article.published_on_precision) == (date(2023, 10, 12), "day")
    assert "sign-off" in article.published_on_evidence
    assert "front matter" in article.published_on_evidence


def test_a_sign_off_earlier_than_the_front_matter_leaves_it():
    # Written first, published later: the front matter's day stands.
    article = parse_text(SIGNED.format(front="2023-11-02"), filename="post.md")
    assert article.published_on == date(2023, 11, 2)


def test_a_sign_off_dates_an_article_without_another_date():
    text = SIGNED.split("---\n\n", 1)[1]
    article = parse_text(text, filename="post.md")
    assert article.published_on == date(2023, 10, 12)


@pytest.mark.parametrize(
    "last_line",
    [
        "Casualties rose to 12/10 of the previous week's figure.",
        "Read more at example.org (12/10/23) and elsewhere in our long coverage of the war",
    ],
)
def test_a_sentence_with_numbers_is_no_sign_off(last_line):
    assert signed_date(f"Some text.\n\n{last_line}") is None
