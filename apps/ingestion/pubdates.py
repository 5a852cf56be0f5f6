"""Publication dates: stated ones (datelines, page metadata) and ones the text itself implies.

A URL dates an article only when it is the article's own address (its canonical or source URL,
or the permalink in its front matter): ``url_date``. Links inside the text (related articles,
sources) carry their own, unrelated dates and are never read.

Dateline shapes read (tests/ingestion/test_pubdates.py has one golden case for each): "March 5,
2020", "Mar 5, 2020", "MAR 05, 2020 - 12:00 AM GMT+3", "5 March 2020 10:32 GMT", "Thursday,
March 5, 2020 at 14:05", wire style "FEBRUARY 28, 2020 / 6:41 AM / UPDATED", "March 5, 2020 /
3:12 PM / Updated 6 years ago", ISO "2020-03-05" and "2020-03-05T14:20:00+03:00", numeric
"05.03.2020" and "14:52 GMT 09.01.2020", each optionally labelled ("Published:", "Updated:",
"Date:", "Posted on"). What is stated after "Updated" is the update, not the publication.

Numeric dates: with dots they are day.month.year ("09.01.2020" is 9 January 2020). Dotted dates
are the European and Russian/Turkish convention (Anadolu, TASS, Sputnik, RIA); American outlets
write the month first with slashes. So a dotted date is read month-first only when it cannot be
day-first ("01.15.2020"), and a slashed date only when one of its numbers is above 12 and says
which is the day; "03/05/2020" is ambiguous and is not read at all (no date beats a wrong one).

A dateline without a year ("SOCHI, September 17. /TASS/.", "5 MAR, 18:03") states the day and
the month; ``yearless_complete`` takes the year from the text's own evidence (see there) and the
date is then stored as ``inferred`` at day precision, with the words it rests on. When the text
gives no year, no date is stored: the model holds whole dates only, and a guessed year would be
wrong as often as right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dateparser.date import DateDataParser

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_YEAR = r"(?:19|20)\d{2}"
_ORD = r"(?:st|nd|rd|th)?"
_NUMERIC = rf"\d{{1,2}}\.\d{{1,2}}\.{_YEAR}|\d{{1,2}}/\d{{1,2}}/{_YEAR}"
# "1 March , 2020": some sites put a space before the comma.
_DAY_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}{_ORD}\s*,?\s+{_YEAR}"
    rf"|\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}"
    rf"|{_YEAR}-\d{{1,2}}-\d{{1,2}}|{_NUMERIC})"
)
_MONTH_DATE = rf"{_MONTH},?\s+{_YEAR}"
# "September 17", "5th March": the month in m1 or m2, the day in d1 or d2 (``_month_day``).
_MONTH_DAY_GROUPS = (
    rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}}){_ORD}|(?P<d2>\d{{1,2}}){_ORD}\s+(?P<m2>{_MONTH})"
)
_ZONE = r"(?:\(?(?:(?:GMT|UTC)\s*[+-]?\s*\d{0,2}(?::?\d{2})?|[A-Z]{2,5})\)?)"
_TIME = (
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|\s*(?:,|at|-|\||·|/)?\s*\(?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    rf"\s*{_ZONE}?\)?)?"
)
# "14:52 GMT 09.01.2020": the time first.
_TIME_FIRST = rf"(?:\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?\s*{_ZONE}?,?\s+)?"
# "/ UPDATED", "/ Updated 6 years ago", "- Update : 05.03.2020": an update after the date.
_UPDATE_TAIL = r"(?:\s*[-/|]\s*(?:last\s+)?updated?\b[^/|]{0,40})?"
_LABEL = (
    r"(?:(?P<label>published|posted|updated|last\s+updated|last\s+modified|modified|date|"
    r"first\s+published|created|issued|as\s+of|as\s+at)(?:\s+(?:on|at))?\s*:?\s*)?"
)
DATELINE = re.compile(
    rf"^{_LABEL}{_TIME_FIRST}(?:{_WEEKDAY},?\s+)?(?P<date>{_DAY_DATE}|{_MONTH_DATE}){_TIME}"
    rf"{_UPDATE_TAIL}\.?$",
    re.IGNORECASE,
)
# A dateline that states the day and month only: "September 17", "5 MAR, 18:03".
YEARLESS_DATELINE = re.compile(
    rf"^{_LABEL}(?:{_WEEKDAY},?\s+)?"
    rf"(?P<date>{_MONTH_DAY_GROUPS})"
    rf"(?!,?\s*{_YEAR}){_TIME}\.?$",
    re.IGNORECASE,
)
_MONTH_ONLY = re.compile(rf"^{_MONTH_DATE}$", re.IGNORECASE)
_ISO = re.compile(r"^((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)")
_DOTTED = re.compile(r"^(\d{1,2})([./])(\d{1,2})\2((?:19|20)\d{2})$")

_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        ("", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
    for name in [names]
    if name
}


@dataclass(frozen=True)
class PubDate:
    value: date
    precision: str  # day | week | month | year
    source: str  # stated | inferred
    evidence: str


def _numeric(expression: str) -> date | None:
    """ "09.01.2020" (day first), "01.15.2020" and "3/15/2020" (month first: nothing else fits),
    "15/3/2020"; None for "03/05/2020" (either order fits) and for impossible dates."""
    match = _DOTTED.match(expression)
    if not match:
        return None
    a, sep, b, year = int(match[1]), match[2], int(match[3]), int(match[4])
    if sep == "/" and a <= 12 and b <= 12 and a != b:
        return None
    day, month = (a, b) if b <= 12 else (b, a)
    try:
        return date(year, month, day)
    except ValueError:
        return None


# The commonest shapes, read without dateparser (about 3 ms a call): "March 5 2020",
# "5 Mar. 2020", "December 2019". Anything else goes to dateparser.
_PLAIN = re.compile(
    rf"^(?:(?P<m1>{_MONTH}) (?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH})|(?P<m3>{_MONTH}))"
    rf" (?P<year>{_YEAR})$",
    re.IGNORECASE,
)


def _plain_date(expression: str) -> tuple[date, str] | None:
    match = _PLAIN.match(expression)
    if not match:
        return None
    month = _MONTH_NUMBERS[(match["m1"] or match["m2"] or match["m3"])[:3].casefold()]
    if match["m3"]:
        return date(int(match["year"]), month, 1), "month"
    try:
        return date(int(match["year"]), month, int(match["d1"] or match["d2"])), "day"
    except ValueError:
        return None


@cache
def _date_parser() -> DateDataParser:
    """One parser per process: ``dateparser.parse`` builds a new one (and its locale data) on
    every call that passes settings."""
    return DateDataParser(languages=["en"], settings=_SETTINGS)


def date_parse(expression: str) -> tuple[date, str] | None:
    """A calendar date and its precision from one explicit date expression."""
    expression = " ".join(expression.replace(",", " ").split())
    if _DOTTED.match(expression):
        found = _numeric(expression)
        return (found, "day") if found else None
    if iso := _ISO.match(expression):
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])), "day"
        except ValueError:
            return None
    if plain := _plain_date(expression):
        return plain
    parsed = _date_parser().get_date_data(expression).date_obj
    if parsed is None:
        return None
    if _MONTH_ONLY.match(expression):
        return parsed.date().replace(day=1), "month"
    return parsed.date(), "day"


# A magazine's date line with the dateline's place glued to it: "Mar 5th 2020BEIRUT AND
# ISTANBUL", "Feb 27th 2020 | ANKARA" (the place in capitals, case-sensitive).
_DATE_THEN_PLACE = re.compile(
    rf"^(?P<date>(?i:{_DAY_DATE}))\s*\|?\s*(?P<place>[A-Z][A-Z .,'’&-]{{1,60}})$"
)


def dateline_parse(line: str) -> tuple[PubDate, str] | None:
    """``("March 05, 2020")`` -> a stated day-precision date and its label ("" or "updated").
    A date with the dateline's place in capitals after it ("Mar 5th 2020BEIRUT") is one too."""
    match = DATELINE.match(line.strip()) or _DATE_THEN_PLACE.match(line.strip())
    if not match:
        return None
    parsed = date_parse(match["date"])
    if parsed is None:
        return None
    label = " ".join((match.groupdict().get("label") or "").casefold().split())
    return PubDate(parsed[0], parsed[1], "stated", line.strip()), label


def _month_day(match: re.Match) -> tuple[str, str]:
    """The month and the day as written, from a match of ``_MONTH_DAY_GROUPS``."""
    return match["m1"] or match["m2"], match["d1"] or match["d2"]


def yearless_parse(line: str) -> tuple[int, int] | None:
    """``"SOCHI, September 17"``'s date part, ``"5 MAR, 18:03"`` -> (month, day)."""
    match = YEARLESS_DATELINE.match(line.strip())
    if not match:
        return None
    month_name, day = _month_day(match)
    month, day = _MONTH_NUMBERS[month_name[:3].casefold()], int(day)
    try:
        date(2000, month, day)  # a leap year: 29 February is a real day
    except ValueError:
        return None
    return month, day


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
    rf"(?:{_MONTH_DAY_GROUPS})"
    rf"(?!\d)(?:,?\s+(?P<year>{_YEAR}))?\b",
    re.IGNORECASE,
)
_THIS_MONTH = re.compile(r"\b(?:earlier|later|early|late)?\s*this\s+month\b", re.IGNORECASE)


def _snippet(text: str, start: int, end: int, pad: int = 0) -> str:
    return " ".join(text[max(0, start - pad) : end + pad].split())


def _date_line(text: str, start: int, end: int) -> bool:
    """Is the date at ``start:end`` on a short line of its own (an issue or date line)?"""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip(" *_#")
    return len(line.split()) <= 8 and not line.endswith((".", "!", "?", ":"))


def pubdate_infer(text: str) -> PubDate | None:
    """A publication date implied by the text itself, with the words it rests on.

    * A full date with its weekday ("on Wednesday, March 4, 2020") is reported as recent:
      the article is from that week.
    * "This year, 2020" dates the article to that year; if it also reports a dated event of
      that year "earlier this month", the month of the latest such event.
    """
    weekday_dates: list[tuple[date, str, bool]] = []
    for match in _MONTH_DAY.finditer(text):
        if match["weekday"] and match["year"]:
            month, day = _month_day(match)
            found = date_parse(f"{month} {day} {match['year']}")
            if found:
                own_line = _date_line(text, match.start(), match.end())
                weekday_dates.append((found[0], _snippet(text, *match.span()), own_line))
    if weekday_dates:
        value, evidence, own_line = max(weekday_dates)
        # A short line of its own ("**Issue 61 · Tuesday 23 March 2021**") dates the issue;
        # a date in a sentence ("on Wednesday, March 4, 2020") only puts it in that week.
        return PubDate(value, "day" if own_line else "week", "inferred", evidence)

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
            month, day = _month_day(match)
            found = date_parse(f"{month} {day} {year}")
            if found:
                events.append((found[0], _snippet(text, *match.span())))
        if events:
            latest, said = max(events)
            evidence += [said, _snippet(text, *this_month.span()).strip()]
            return PubDate(latest.replace(day=1), "month", "inferred", " … ".join(evidence))
    return PubDate(date(year, 1, 1), "year", "inferred", evidence[0])


_URL = re.compile(r"\S+://\S+|www\.\S+")
_NAMED_YEAR = re.compile(rf"(?<![\d/.-])(?P<year>{_YEAR})(?![\d/-])")
_WEEKDAY_NAME = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def yearless_complete(month: int, day: int, text: str, dateline: str) -> PubDate | None:
    """The year of a dateline that states only "September 17", from the text's own evidence.

    * A year the article states for itself ("This year, 2020") is the year.
    * Otherwise the latest year the text names (outside links): an article is written no
      earlier than the latest year it names, and a report of the day is nearly always written
      in it ("should be restored before the end of 2018", "set up in May 2017").
    * When the text names weekdays ("Putin said on Monday"), the day of the dateline or the day
      before it must be one of them; if neither is, the year stays unknown (a report naming
      only 2018 whose "Tuesday" is no Tuesday in 2018 was written later).

    Returns an ``inferred`` day-precision date with the words it rests on, or None.
    """
    text = _URL.sub(" ", text)
    today = date.today()
    stated = _YEAR_ANCHOR.search(text)
    if stated:
        year = int(next(g for g in stated.groups() if g))
        because = f"the text states {_snippet(text, *stated.span())!r}"
    else:
        named = [
            (int(m["year"]), m) for m in _NAMED_YEAR.finditer(text) if int(m["year"]) <= today.year
        ]
        if not named:
            return None
        year, match = max(named, key=lambda n: n[0])
        because = f"the latest year the text names ({_snippet(text, *match.span(), pad=30)!r})"
    try:
        found = date(year, month, day)
    except ValueError:
        return None  # 29 February of a year without one
    if found > today:
        return None
    evidence = f"{dateline}; year from {because}"
    weekdays = {_DAY_NAMES.index(w) for w in _WEEKDAY_NAME.findall(text)}
    if weekdays:
        fits = {found.weekday(), (found - timedelta(days=1)).weekday()} & weekdays
        if not fits:
            return None
        named_day = _DAY_NAMES[min(fits, key=lambda w: (found.weekday() - w) % 7)]
        evidence += f"; {found:%d %b %Y} fits {named_day!r} in the text"
    return PubDate(found, "day", "inferred", evidence)


# "/2024/12/07/slug", "/2020-02-28-slug", "/20200228/": a date in the article's own address.
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})(?P<sep>[/-]?)(?P<m>\d{2})(?:(?P=sep)(?P<d>\d{2}))?(?=[/_.-]|$)"
)


def url_date(url: str) -> PubDate | None:
    """The date in the path of the article's own address, at the precision the path gives."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.IGNORECASE).split("?")[0]
    for match in _URL_DATE.finditer(path):
        if not match["sep"] and not match["d"]:
            continue  # "/202012/" is too easily an id
        try:
            found = date(int(match["y"]), int(match["m"]), int(match["d"] or 1))
        except ValueError:
            continue
        if found > date.today():
            continue
        precision = "day" if match["d"] else "month"
        return PubDate(found, precision, "inferred", f"url path {match[0]!r}")
    return None


# A sign-off closing the text with the day it was written: "-Jane Doe. (12/10/23)",
# "— J. D., 12.10.2023". A short last line, a name and a numeric date, day first.
_SIGN_OFF = re.compile(
    r"^[ \t]*[-–—~]?[ \t]*[A-Z][\w.'’ -]{1,60}?[.,]?[ \t]*\(?[ \t]*"
    r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4}|\d{2})[ \t]*\)?[ \t]*$"
)


def signed_date(body: str) -> PubDate | None:
    """The day a text says it was written, from a sign-off on its last line: an author's
    name followed by a numeric date ("-Zen Ghurkan. (12/10/23)"), day first as such
    sign-offs are written unless only month first makes a date."""
    lines = [line for line in body.strip().splitlines() if line.strip()]
    if not lines or len(lines[-1]) > 90:
        return None
    match = _SIGN_OFF.match(lines[-1])
    if not match:
        return None
    a, b, year = int(match["day"]), int(match["month"]), int(match["year"])
    year += 2000 if year < 100 else 0
    day, month = (a, b) if b <= 12 else (b, a)
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return PubDate(value, "day", "stated", f"sign-off {lines[-1].strip()!r}")
