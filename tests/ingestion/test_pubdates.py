"""Publication dates from datelines and from the text's own evidence."""

from datetime import date

import pytest

from apps.ingestion.pubdates import dateline_parse, pubdate_infer


@pytest.mark.parametrize(
    ("line", "expected", "precision"),
    [
        ("March 05, 2020", date(2020, 3, 5), "day"),
        ("Published: 5 March 2020 10:32 GMT", date(2020, 3, 5), "day"),
        ("Thursday, March 5, 2020 at 14:05", date(2020, 3, 5), "day"),
        ("2019-08-27", date(2019, 8, 27), "day"),
        ("Feb. 12, 2020", date(2020, 2, 12), "day"),
        ("March 2020", date(2020, 3, 1), "month"),
    ],
)
def test_datelines(line, expected, precision):
    found, _ = dateline_parse(line)
    assert (found.value, found.precision, found.source) == (expected, precision, "stated")


@pytest.mark.parametrize(
    "line", ["Turkey said on March 5, 2020 that it would respond.", "March", "By Jane Doe"]
)
def test_sentences_are_not_datelines(line):
    assert dateline_parse(line) is None


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


def test_no_evidence_no_date():
    assert pubdate_infer("The 2018 Sochi deal created a zone. On Aug. 5 the truce ended.") is None
    url_only = "See https://www.example.com/2026/04/08/russia-to-parade for more."
    assert pubdate_infer(url_only) is None
