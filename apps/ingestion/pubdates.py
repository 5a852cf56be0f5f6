"""Publication dates: stated ones (datelines, page metadata) and ones the text itself implies.

Never from URLs: links to related articles carry their own, unrelated dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import dateparser

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_YEAR = r"(?:19|20)\d{2}"
_ORD = r"(?:st|nd|rd|th)?"
_DAY_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}{_ORD},?\s+{_YEAR}"
    rf"|\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"
    rf"|{_YEAR}-\d{{2}}-\d{{2}})"
)
_MONTH_DATE = rf"{_MONTH},?\s+{_YEAR}"
_TIME = (
    r"(?:\s*(?:,|at|-|\||·)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:\(?(?:[A-Z]{2,5}|(?:GMT|UTC)\s*[+-]?\s*\d{0,2}(?::?\d{2})?)\)?)?)?"
)
_LABEL = (
    r"(?:(?P<label>published|posted|updated|last\s+updated|last\s+modified|modified|date|"
    r"first\s+published|created)(?:\s+(?:on|at))?\s*:?\s*)?"
)
DATELINE = re.compile(
    rf"^{_LABEL}(?:{_WEEKDAY},?\s+)?(?P<date>{_DAY_DATE}|{_MONTH_DATE}){_TIME}\.?$",
    re.IGNORECASE,
)
_MONTH_ONLY = re.compile(rf"^{_MONTH_DATE}$", re.IGNORECASE)

_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}


@dataclass(frozen=True)
class PubDate:
    value: date
    precision: str  # day | week | month | year
    source: str  # stated | inferred
    evidence: str


def date_parse(expression: str) -> tuple[date, str] | None:
    """A calendar date and its precision from one explicit date expression."""
    expression = " ".join(expression.replace(",", " ").split())
    parsed = dateparser.parse(expression, languages=["en"], settings=_SETTINGS)
    if parsed is None:
        return None
    if _MONTH_ONLY.match(expression):
        return parsed.date().replace(day=1), "month"
    return parsed.date(), "day"


def dateline_parse(line: str) -> tuple[PubDate, str] | None:
    """``("March 05, 2020")`` -> a stated day-precision date and its label ("" or "updated")."""
    match = DATELINE.match(line.strip())
    if not match:
        return None
    parsed = date_parse(match["date"])
    if parsed is None:
        return None
    label = " ".join((match["label"] or "").casefold().split())
    return PubDate(parsed[0], parsed[1], "stated", line.strip()), label


# --- inference from the text's own evidence -------------------------------------------------

_YEAR_ANCHOR = re.compile(
    rf"\b(?:this|the\s+current)\s+year,?\s*\(?(?P<y1>{_YEAR})\b"
    rf"|\b(?:so|thus)\s+far\s+in\s+(?P<y2>{_YEAR})\b"
    rf"|\bin\s+(?P<y3>{_YEAR}),?\s+so\s+far\b"
    rf"|\bearlier\s+in\s+(?P<y4>{_YEAR})\b",
    re.IGNORECASE,
)
# "March 5", "5 March", with an optional year; a weekday just before marks recent reporting.
_MONTH_DAY = re.compile(
    rf"\b(?:(?P<weekday>{_WEEKDAY}),?\s+(?:\()?)?"
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}}){_ORD}|(?P<d2>\d{{1,2}}){_ORD}\s+(?P<m2>{_MONTH}))"
    rf"(?!\d)(?:,?\s+(?P<year>{_YEAR}))?\b",
    re.IGNORECASE,
)
_THIS_MONTH = re.compile(r"\b(?:earlier|later|early|late)?\s*this\s+month\b", re.IGNORECASE)


def _snippet(text: str, start: int, end: int, pad: int = 0) -> str:
    return " ".join(text[max(0, start - pad) : end + pad].split())


def pubdate_infer(text: str) -> PubDate | None:
    """A publication date implied by the text itself, with the words it rests on.

    * A full date with its weekday ("on Wednesday, March 4, 2020") is reported as recent:
      the article is from that week.
    * "This year, 2020" dates the article to that year; if it also reports a dated event of
      that year "earlier this month", the month of the latest such event.
    """
    weekday_dates: list[tuple[date, str]] = []
    for match in _MONTH_DAY.finditer(text):
        if match["weekday"] and match["year"]:
            found = date_parse(
                f"{match['m1'] or match['m2']} {match['d1'] or match['d2']} {match['year']}"
            )
            if found:
                weekday_dates.append((found[0], _snippet(text, *match.span())))
    if weekday_dates:
        value, evidence = max(weekday_dates)
        return PubDate(value, "week", "inferred", evidence)

    anchor = _YEAR_ANCHOR.search(text)
    if not anchor:
        return None
    year = int(next(g for g in anchor.groups() if g))
    evidence = [_snippet(text, *anchor.span())]
    this_month = _THIS_MONTH.search(text)
    if this_month:
        events: list[tuple[date, str]] = []
        for match in _MONTH_DAY.finditer(text):
            if match["year"] and int(match["year"]) != year:
                continue
            found = date_parse(f"{match['m1'] or match['m2']} {match['d1'] or match['d2']} {year}")
            if found:
                events.append((found[0], _snippet(text, *match.span())))
        if events:
            latest, said = max(events)
            evidence += [said, _snippet(text, *this_month.span()).strip()]
            return PubDate(latest.replace(day=1), "month", "inferred", " … ".join(evidence))
    return PubDate(date(year, 1, 1), "year", "inferred", evidence[0])
