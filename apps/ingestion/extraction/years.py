"""The years a text is telling of, paragraph by paragraph: every expression that names a
year (a bare year heading of a timeline included), for ``events.dating`` to give a day and
month ("On 27 February") the year the text last named."""

from __future__ import annotations

import re

from . import timeline_dates
from .dates import YEAR_KINDS, find_dates


def years_told(text: str, *, settings_only: bool = False) -> list[tuple[int, int]]:
    """(offset, year) of every expression in ``text`` that names a year, and of every line
    that is a bare year heading, in order. A year in parentheses is an aside ("(October–
    November 2015)"), not the year the text is telling of. ``settings_only`` (a report with
    its own date): a bare year counts only where it opens its sentence ("In 2019, ..."); one
    inside the prose ("sanctions reimposed in 2018") is background."""
    named = [
        (m.start, int(m.parts["year"]))
        for m in find_dates(text)
        if m.kind in YEAR_KINDS
        and m.parts.get("year")
        and not _aside(text, m.start)
        and not (settings_only and m.kind == "year" and not _opens_sentence(text, m.start))
    ]
    return sorted(named + timeline_dates.year_headings(text))


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the expression at ``start`` opens its sentence, after at most a preposition
    ("In 2019, ...", "By 2020 ...")."""
    head = text[max(0, start - 12) : start]
    return bool(re.search(r"(?:^|[.!?:\n]\s*)(?:[A-Z][a-z]{0,6}\s+)?$", head))


def _aside(text: str, start: int) -> bool:
    """Whether offset ``start`` is inside an open parenthesis of its line."""
    line = text[text.rfind("\n", 0, start) + 1 : start]
    return line.count("(") > line.count(")")
