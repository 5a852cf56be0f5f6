"""Dates shown no more precisely than they are known.

A date stored for a month is the 1st of that month, for a year the 1st of January, for a week
its Monday: shown or cited as a day, it would claim a precision the source never gave. Pages
(the ``fuzzy_date`` template filter) and citations (``apps.core.citations``) both go through
``date_text`` and ``date_parts``.
"""

from __future__ import annotations

from datetime import date, timedelta

PRECISIONS = ("day", "week", "month", "year")


def date_text(value: date | None, precision: str = "") -> str:
    """ "5 Mar 2020", "week of 24 Feb 2020", "Mar 2020", "2020"; "undated" without a date.

    A blank or unknown precision reads as a day: the date is all there is to go on.
    """
    if not value:
        return "undated"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return value.strftime("%b %Y")
    day = f"{value.day} {value.strftime('%b %Y')}"
    if precision == "week":
        return f"week of {day}"
    return day


def date_parts(value: date, precision: str = "") -> list[list[int]]:
    """CSL-JSON ``date-parts`` at the date's precision: ``[[2020]]``, ``[[2020, 3]]``,
    ``[[2020, 3, 5]]``; a week is the range from its first to its last day."""
    if precision == "year":
        return [[value.year]]
    if precision == "month":
        return [[value.year, value.month]]
    if precision == "week":
        last = value + timedelta(days=6)
        return [[value.year, value.month, value.day], [last.year, last.month, last.day]]
    return [[value.year, value.month, value.day]]
