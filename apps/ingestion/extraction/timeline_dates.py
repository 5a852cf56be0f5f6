"""Dates of a timeline: an entry that opens its line with a numeric date ("27/02: Russia
kills ...", "01/06/2023 – A suicide bombing ...") and the bare year headings above entries
without a year ("2014").

A numeric date counts only at the head of a line and followed by a colon or a dash, the way
timelines write them; anywhere else "3/4" is a fraction or a score. Day first, as most of the
world writes it, unless only month first makes a date ("12/25").
"""

from __future__ import annotations

import re
from datetime import date

ENTRY = re.compile(
    r"\A[ \t]*(?P<first>[0-3]?\d)[/.](?P<second>[0-3]?\d)(?:[/.](?P<year>(?:19|20)\d{2}))?"
    r"(?=[ \t]*(?::|[-–—][ \t]))"
)
YEAR_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*)?(?P<year>(?:19|20)\d{2})[ \t]*:?[ \t]*$", re.M)


def entry(text: str) -> re.Match | None:
    """The numeric date that opens ``text``, a line of a timeline, or None."""
    return ENTRY.match(text)


def day_month(parts: dict) -> tuple[int, int] | None:
    """(day, month) of an entry's numbers: day first unless only month first is a date."""
    first, second = int(parts["first"]), int(parts["second"])
    if 1 <= first <= 31 and 1 <= second <= 12:
        return first, second
    if 1 <= second <= 31 and 1 <= first <= 12:
        return second, first
    return None


def year_headings(text: str) -> list[tuple[int, int]]:
    """(offset, year) of every line of ``text`` that holds nothing but a year."""
    return [(m.start("year"), int(m.group("year"))) for m in YEAR_HEADING.finditer(text)]


def entry_date(
    parts: dict, *, year: int | None, published_on: date | None, stated_year: int | None
) -> date | None:
    """The day an entry names: its own year, else the year the timeline is at (its last
    heading or named year), else the article's stated year or the last such day on or before
    the publication date."""
    numbers = day_month(parts)
    if numbers is None:
        return None
    day, month = numbers
    own = int(parts["year"]) if parts.get("year") else None
    chosen = own or year or stated_year or (published_on.year if published_on else None)
    if chosen is None:
        return None
    try:
        told = date(chosen, month, day)
        if not (own or year or stated_year) and published_on and told > published_on:
            told = date(chosen - 1, month, day)
    except ValueError:
        return None
    return told
