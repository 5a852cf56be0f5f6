"""Date expressions resolved against the publication date: one row per rule."""

from datetime import date

import pytest

from apps.ingestion.extraction.dates import ResolvedDate, find_dates, resolve_in, year_hint

WED_2019_02_13 = date(2019, 2, 13)
THU_2020_03_05 = date(2020, 3, 5)
TUE_2019_08_27 = date(2019, 8, 27)

CASES = [
    # sentence, publication date, expected (date, precision, end_date, is_relative)
    ("Lavrov on Wednesday indicated", WED_2019_02_13, (date(2019, 2, 13), "day", None, True)),
    (
        "Peskov said Wednesday the leaders would discuss",
        THU_2020_03_05,
        (date(2020, 3, 4), "day", None, True),
    ),
    (
        "The subject is likely to dominate Syria talks on Thursday",
        WED_2019_02_13,
        (date(2019, 2, 14), "day", None, True),
    ),
    ("at talks on Monday", WED_2019_02_13, (date(2019, 2, 11), "day", None, True)),
    (
        "The leaders meet in Moscow on Thursday",
        THU_2020_03_05,
        (date(2020, 3, 5), "day", None, True),
    ),
    (
        "34 died in an air strike last week",
        THU_2020_03_05,
        (date(2020, 2, 24), "week", date(2020, 3, 1), True),
    ),
    (
        "declared an operation over the weekend",
        THU_2020_03_05,
        (date(2020, 2, 29), "week", date(2020, 3, 1), True),
    ),
    ("Votel said Feb. 10 that", WED_2019_02_13, (date(2019, 2, 10), "day", None, True)),
    ("talks resumed on Feb. 20", WED_2019_02_13, (date(2018, 2, 20), "day", None, True)),
    ("annul the ceasefire on Aug. 5 due to", TUE_2019_08_27, (date(2019, 8, 5), "day", None, True)),
    (
        "Trump announced in December that",
        WED_2019_02_13,
        (date(2018, 12, 1), "month", date(2018, 12, 31), True),
    ),
    (
        "In July, Turkey began taking delivery",
        TUE_2019_08_27,
        (date(2019, 7, 1), "month", date(2019, 7, 31), True),
    ),
    (
        "seized by militants last month",
        WED_2019_02_13,
        (date(2019, 1, 1), "month", date(2019, 1, 31), True),
    ),
    (
        "under a deal two years ago",
        TUE_2019_08_27,
        (date(2017, 1, 1), "year", date(2017, 12, 31), True),
    ),
    (
        "began its offensive in late April",
        TUE_2019_08_27,
        (date(2019, 4, 21), "month", date(2019, 4, 30), True),
    ),
    (
        "killed the leader in the province last year",
        THU_2020_03_05,
        (date(2019, 1, 1), "year", date(2019, 12, 31), True),
    ),
    (
        "the scheduled trilateral summit in September",
        TUE_2019_08_27,
        (date(2019, 9, 1), "month", date(2019, 9, 30), True),
    ),
    (
        "the ceasefire agreement in Sochi in September 2018",
        TUE_2019_08_27,
        (date(2018, 9, 1), "month", date(2018, 9, 30), False),
    ),
    (
        "designated HTS a terrorist group in August 2018",
        None,
        (date(2018, 8, 1), "month", date(2018, 8, 31), False),
    ),
    (
        "launched an air campaign in support of Assad in 2015",
        None,
        (date(2015, 1, 1), "year", date(2015, 12, 31), False),
    ),
    ("the summit on March 5, 2020 in Moscow", None, (date(2020, 3, 5), "day", None, False)),
    ("signed on 17 September 2018", None, (date(2018, 9, 17), "day", None, False)),
    ("the attack yesterday", THU_2020_03_05, (date(2020, 3, 4), "day", None, True)),
    ("earlier this month", THU_2020_03_05, (date(2020, 3, 1), "month", date(2020, 3, 31), True)),
    (
        "Erdogan upped the stakes last week",
        THU_2020_03_05,
        (date(2020, 2, 24), "week", date(2020, 3, 1), True),
    ),
    # Without a publication date, relative expressions wait; nothing is guessed.
    ("on Wednesday", None, (None, "", None, True)),
    ("last week", None, (None, "", None, True)),
    ("Feb. 10", None, (None, "", None, True)),
]


@pytest.mark.parametrize(("sentence", "published_on", "expected"), CASES)
def test_resolves_expression(sentence, published_on, expected):
    found = resolve_in(sentence, published_on=published_on)
    assert len(found) == 1, found
    got = found[0]
    assert (got.date, got.precision, got.end_date, got.is_relative) == expected
    assert sentence[got.start : got.end] == got.expression


def test_month_precision_publication_date_does_not_resolve_weekdays():
    found = resolve_in("on Wednesday", published_on=date(2020, 3, 1), published_precision="month")
    assert found[0].date is None
    found = resolve_in("in December", published_on=date(2020, 3, 1), published_precision="month")
    assert found[0].date == date(2019, 12, 1)


def test_previous_event_anchors():
    previous = ResolvedDate(date(2019, 8, 19), "week", date(2019, 8, 25), "last week", True)
    same = resolve_in("The same day the ministry announced", published_on=None, previous=previous)
    assert (same[0].date, same[0].precision) == (date(2019, 8, 19), "week")
    nxt = resolve_in("The next day the minister warned", published_on=None, previous=previous)
    assert (nxt[0].date, nxt[0].end_date) == (date(2019, 8, 20), date(2019, 8, 26))
    orphan = resolve_in("The next day the minister warned", published_on=None)
    assert orphan[0].date is None and orphan[0].is_relative


def test_stated_year_resolves_month_day_without_publication_date():
    text = "This year, 2020, has proven to be especially nightmarish."
    assert year_hint(text) == 2020
    found = resolve_in("On March 5, following weeks", published_on=None, stated_year=2020)
    assert found[0].date == date(2020, 3, 5) and found[0].is_relative


@pytest.mark.parametrize(
    "sentence",
    [
        "Ankara might agree to a limited offensive",  # the modal "may" family is not a month
        "a 1998 security treaty between Turkey and Syria",  # an agreement's year, not a date
        "the September truce negotiated by Moscow",
        "some 2,000 U.S. troops",
        "in recent weeks",
        "talks in Mayor Ahmed's office",  # a month's name only as a whole word
        "as told to Janet Suponina early Marchetti",
    ],
)
def test_not_dates(sentence):
    assert find_dates(sentence) == []


def test_month_day_in_an_article_known_to_the_month():
    found = resolve_in(
        "On March 5, the leaders", published_on=date(2020, 3, 1), published_precision="month"
    )
    assert found[0].date == date(2020, 3, 5)
    found = resolve_in(
        "On May 5, the leaders", published_on=date(2020, 3, 1), published_precision="month"
    )
    assert found[0].date == date(2019, 5, 5)


@pytest.mark.parametrize("sentence", ["3000 years ago", "on Feb. 30", "99999 months ago"])
def test_expressions_outside_the_calendar_stay_unresolved(sentence):
    found = resolve_in(sentence, published_on=date(2020, 3, 5))
    assert all(r.date is None for r in found)


def test_a_day_and_month_takes_the_year_the_text_is_telling_of():
    from apps.ingestion.extraction import dates as dates_mod

    (mention,) = dates_mod.find_dates("On 27 February, Turkish troops were struck.")
    told = dates_mod.resolve(
        mention, published_on=date(2024, 12, 9), published_precision="day", narrative_year=2020
    )
    assert told.date == date(2020, 2, 27)
    # without the text's year, the last 27 February before publication
    plain = dates_mod.resolve(mention, published_on=date(2024, 12, 9), published_precision="day")
    assert plain.date == date(2024, 2, 27)
    # a year later than the publication is no narrative year
    later = dates_mod.resolve(
        mention, published_on=date(2019, 12, 9), published_precision="day", narrative_year=2020
    )
    assert later.date == date(2019, 2, 27)
    # an article with no publication date takes the year told before
    undated = dates_mod.resolve(mention, published_on=None, narrative_year=2014)
    assert undated.date == date(2014, 2, 27)


def test_the_narrative_year_is_the_last_year_named_in_this_paragraph_or_the_one_before():
    from apps.ingestion.extraction.events.dating import narrative_year
    from apps.ingestion.extraction.years import years_told

    text = "In February 2020, talks failed.\n\nOn 27 February, troops were hit.\n\nA.\n\nOn 1 March, more."
    years = years_told(text)
    starts = [o for o, _ in years]
    breaks = [i for i in range(len(text)) if text.startswith("\n\n", i)]
    second = text.index("On 27")
    fourth = text.index("On 1 March")
    assert narrative_year(years, starts, breaks, 1, second) == 2020
    assert narrative_year(years, starts, breaks, 3, fourth) is None
    assert narrative_year(years, starts, breaks, 3, fourth, whole=True) == 2020
    assert narrative_year(years, starts, breaks, 3, fourth, reach=4) == 2020


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 27 February 33 Turkish soldiers were killed", ["27 February"]),
        ("On 5 March 12 people died in Idlib", ["5 March"]),
        ("on 5 March 20", []),  # a clipped year, not a count
        ("On March 5 12 people died", []),  # which number is the day cannot be told
    ],
)
def test_a_count_right_after_a_day_and_month_is_not_part_of_the_date(text, expected):
    assert [m.text for m in find_dates(text) if m.kind == "month_day"] == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("On the 25th of June, Russian aircraft struck", "month_day", date(2023, 6, 25)),
        ("Starting from the 2nd of December 2022, clashes", "full", date(2022, 12, 2)),
    ],
)
def test_a_day_of_a_month_is_a_day(text, kind, expected):
    (mention,) = find_dates(text)
    assert mention.kind == kind
    assert resolve_in(text, published_on=date(2023, 10, 6))[0].date == expected
