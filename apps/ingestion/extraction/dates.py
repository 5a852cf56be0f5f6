"""Finding date expressions in a sentence and resolving them to dates with a precision.

News dates events relative to the day it is published ("on Wednesday", "last week",
"Feb. 10", "two years ago"), so most expressions resolve against the article's publication
date; a few ("the next day") against the previous dated event of the same article. Explicit
dates with a year resolve on their own. Nothing is guessed: an expression whose anchor is
unknown keeps ``date=None`` with its words and ``is_relative=True``, so it can be resolved
once the publication date is known.

Pure Python; month-and-day forms go through dateparser with the publication date as its
relative base, the rest through the rules below (dateparser has no notion of "the week
before the publication date" or of a weekday that points forward).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

from dateparser.date import DateDataParser

from apps.events.vocabulary import date_vocabulary

from . import timeline_dates
from .date_direction import is_future

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
_RANK = {DAY: 0, WEEK: 1, MONTH: 2, YEAR: 3, "": 0}


@dataclass(frozen=True)
class DateMention:
    """An expression found in a text: its span and what kind of rule resolves it."""

    start: int
    end: int
    text: str
    kind: str
    parts: dict


@dataclass(frozen=True)
class ResolvedDate:
    date: date | None
    precision: str  # day | week | month | year | ""
    end_date: date | None
    expression: str
    is_relative: bool
    start: int = 0
    end: int = 0


@cache
def _months() -> dict[str, int]:
    months = {}
    for number in range(1, 13):
        months[calendar.month_name[number].lower()] = number
        months[calendar.month_abbr[number].lower()] = number
    for name, number in (date_vocabulary().get("month_extra") or {}).items():
        months[name.lower()] = int(number)
    return months


_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}


_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def _words(phrase: str) -> frozenset[str]:
    return frozenset(_WORD.findall(phrase.lower()))


@cache
def _patterns() -> list[tuple[str, re.Pattern, tuple]]:
    """The rules, first wins, each with what a text must hold for it to match at all:
    ``(needs a digit, words of which one must be there, phrases of which one must be there)``.
    Checking those first skips most rules for most sentences."""
    vocab = date_vocabulary()
    # Months are matched case-sensitively (capitalised) so that the modal "may" is no month,
    # and only as whole words ("Janet" holds no January).
    month_names = sorted(_months(), key=len, reverse=True)
    month = "(?P<month>" + "|".join(n.capitalize() for n in month_names) + r")(?![a-z])\.?"
    weekday = "(?P<weekday>" + "|".join(calendar.day_name) + ")"
    parts = "|".join(sorted(map(re.escape, vocab["month_parts"]), key=len, reverse=True))
    numbers = "|".join(sorted(map(re.escape, vocab["numbers"]), key=len, reverse=True))
    previous = "|".join(sorted(map(re.escape, vocab["previous_event"]), key=len, reverse=True))
    pub_days = "|".join(sorted(map(re.escape, vocab["publication_days"]), key=len, reverse=True))
    recent = "|".join(sorted(map(re.escape, vocab["recent_days"]), key=len, reverse=True))
    year = r"(?P<year>(?:19|20)\d{2})"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    i = re.IGNORECASE
    months = frozenset(month_names)
    weekdays = frozenset(_WEEKDAYS)
    units = frozenset({"week", "month", "year"})
    rules = [
        ("this_year_stated", rf"\bthis year,? {year}\b", i, (True, {"year"}, ())),
        ("full", rf"\b{month} {day},? {year}\b", 0, (True, months, ())),
        ("full", rf"\b{day} (?:of )?{month},? {year}\b", 0, (True, months, ())),
        (
            "month_year",
            rf"\b(?:(?i:(?P<part>{parts}))[- ](?:of )?)?{month},? (?:of )?{year}\b",
            0,
            (True, months, ()),
        ),
        # Not before a year ("5 March 20[20]"), but "On 27 February 33 soldiers were killed".
        ("month_day", rf"(?<!\d )\b{month} {day}\b(?!,? ?\d)", 0, (True, months, ())),
        (
            "month_day",
            rf"\b{day} (?:of )?{month}(?!,? ?(?:\d{{4}}|\d\d?\b(?!\s+[A-Za-z])))",
            0,
            (True, months, ()),
        ),
        (
            "previous_event",
            rf"\b(?P<phrase>{previous})\b",
            i,
            (False, None, tuple(map(_words, vocab["previous_event"]))),
        ),
        (
            "publication_day",
            rf"\b(?P<phrase>{pub_days})\b",
            i,
            (False, None, tuple(map(_words, vocab["publication_days"]))),
        ),
        (
            "recent_days",
            rf"\b(?P<phrase>{recent})\b",
            i,
            (False, None, tuple(map(_words, vocab["recent_days"]))),
        ),
        (
            "weekend",
            r"\b(?P<mod>over the|at the|this|last|on the|during the) weekend\b",
            i,
            (False, {"weekend"}, ()),
        ),
        (
            "relative_unit",
            r"\b(?P<mod>last|this|next|past|earlier this|later this|previous|the previous|"
            r"the past) (?P<unit>week|month|year)\b",
            i,
            (False, units, ()),
        ),
        (
            "ago",
            rf"\b(?P<n>{numbers}|\d+) (?P<unit>day|week|month|year)s? ago\b",
            i,
            (False, {"ago"}, ()),
        ),
        (
            "weekday",
            rf"\b(?:(?i:(?P<mod>last|this|next|on|on last|on next)) )?{weekday}\b",
            0,
            (False, weekdays, ()),
        ),
        (
            "part_month",
            rf"\b(?i:(?P<part>{parts}))[- ](?:of )?{month}(?! ?\d)",
            0,
            (False, months, ()),
        ),
        (
            "in_month",
            rf"\b(?i:in|since|by|during|until|from|of|on|last|this) {month}(?! ?\d)",
            0,
            (False, months, ()),
        ),
        (
            "year",
            rf"\b(?i:in|since|by|during|until|from|early|late|mid-?|the year) {year}\b(?![-–]\d)",
            0,
            (True, None, ()),
        ),
    ]
    return [(kind, re.compile(pattern, flags), needs) for kind, pattern, flags, needs in rules]


# Every expression contains a digit, a capitalised month or weekday, or one of these words.
_HINT = re.compile(
    r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
    r"|(?i:\b(?:week|month|year|day|yesterday|today|tonight|morning|afternoon|evening|night|ago))"
)


def find_dates(text: str) -> list[DateMention]:
    """Date expressions in ``text``, left to right, never overlapping (first rule wins)."""
    if not _HINT.search(text):
        return []
    words = set(_WORD.findall(text.lower()))
    digit = _DIGIT.search(text) is not None
    taken: list[tuple[int, int]] = []
    found = []
    if (m := timeline_dates.entry(text)) is not None:  # "27/02: Russia kills ..."
        parts = {k: v for k, v in m.groupdict().items() if v is not None}
        kind = "numeric_full" if "year" in parts else "numeric_day"
        found.append(DateMention(m.start("first"), m.end(), m.group(0).strip(), kind, parts))
        taken.append((m.start("first"), m.end()))
    for kind, pattern, (needs_digit, any_word, any_phrase) in _patterns():
        if needs_digit and not digit:
            continue
        if any_word is not None and words.isdisjoint(any_word):
            continue
        if any_phrase and not any(phrase <= words for phrase in any_phrase):
            continue
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            parts = {k: v for k, v in m.groupdict().items() if v is not None}
            found.append(DateMention(m.start(), m.end(), m.group(0), kind, parts))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


_STATED_YEAR = re.compile(r"\bthis year,? ((?:19|20)\d{2})\b", re.IGNORECASE)


def year_hint(text: str) -> int | None:
    """A year the article states for itself ("This year, 2020, has proven..."), if any."""
    found = _STATED_YEAR.search(text)
    return int(found.group(1)) if found else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_range(year: int, month: int, part: str | None) -> tuple[date, date]:
    if part:
        first, last = date_vocabulary()["month_parts"][part.lower()]
        end = min(last, calendar.monthrange(year, month)[1])
        return date(year, month, first), date(year, month, end)
    return date(year, month, 1), _month_end(year, month)


def _month_number(name: str) -> int:
    return _months()[name.lower().rstrip(".")]


def _parse_month_day(text: str, base: date, future: bool) -> date | None:
    data = _date_parser(base, future).get_date_data(text)
    return data.date_obj.date() if data and data.date_obj else None


@lru_cache(maxsize=64)
def _date_parser(base: date, future: bool) -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": "future" if future else "past",
            "REQUIRE_PARTS": ["day", "month"],
        },
    )


def _unresolved(mention: DateMention, relative: bool = True) -> ResolvedDate:
    return ResolvedDate(None, "", None, mention.text, relative, mention.start, mention.end)


def resolve(mention: DateMention, **context) -> ResolvedDate:
    """Turn one expression into a date range and its precision (see ``_resolve``); an
    expression that points outside the calendar ("3000 years ago") stays unresolved."""
    try:
        return _resolve(mention, **context)
    except (ValueError, OverflowError):
        return _unresolved(mention)


def _resolve(
    mention: DateMention,
    *,
    published_on: date | None,
    published_precision: str = DAY,
    previous: ResolvedDate | None = None,
    future: bool = False,
    stated_year: int | None = None,
    narrative_year: int | None = None,
) -> ResolvedDate:
    """Turn one expression into a date range and its precision.

    ``previous`` is the last dated event of the article ("the next day"); ``future`` says the
    sentence speaks of something to come ("talks on Thursday" announced on Wednesday);
    ``stated_year`` is the year the article states for itself, used for "March 5" when the
    publication date is unknown; ``narrative_year`` is the year the text was last telling of
    ("In February 2020, ... On 27 February, ..."), which a reader gives "27 February" when it
    is no later than the publication.
    """
    kind, parts, text = mention.kind, mention.parts, mention.text

    def done(start, precision, end=None, relative=True):
        return ResolvedDate(start, precision, end, text, relative, mention.start, mention.end)

    # Absolute expressions resolve without any anchor.
    if kind == "full":
        parsed = _parse_month_day(text, date(int(parts["year"]), 12, 31), False)
        return done(parsed, DAY if parsed else "", relative=False)
    if kind == "month_year":
        start, end = _month_range(
            int(parts["year"]), _month_number(parts["month"]), parts.get("part")
        )
        return done(start, MONTH, end, relative=False)
    if kind in ("numeric_full", "numeric_day"):
        told = timeline_dates.entry_date(
            parts, year=narrative_year, published_on=published_on, stated_year=stated_year
        )
        return done(told, DAY if told else "", relative=kind == "numeric_day")
    if kind in ("year", "this_year_stated"):
        y = int(parts["year"])
        return done(date(y, 1, 1), YEAR, date(y, 12, 31), relative=False)

    if kind == "previous_event":
        offset = date_vocabulary()["previous_event"][parts["phrase"].lower()]
        if previous is None or previous.date is None:
            return _unresolved(mention)
        shift = timedelta(days=offset)
        end = previous.end_date + shift if previous.end_date else None
        return done(previous.date + shift, previous.precision, end)

    p = published_on
    if kind == "month_day" and narrative_year and (p is None or narrative_year <= p.year):
        month = _month_number(parts["month"])
        try:
            told = date(narrative_year, month, int(parts["day"]))
        except ValueError:
            return _unresolved(mention)
        if p is None or told <= p or future:
            return done(told, DAY)

    if (
        kind in ("in_month", "part_month")
        and narrative_year
        and (p is None or (narrative_year <= p.year and published_precision != DAY))
    ):
        # A chronicle without a day of its own ("On 3 December 2017 ... Mid-December, the
        # fighting had moved"): the year it tells of. A report's "in December" is the last
        # December before its day.
        start, end = _month_range(narrative_year, _month_number(parts["month"]), parts.get("part"))
        if p is None or start <= p or future:
            return done(start, MONTH, end)

    # Everything else needs the publication date, precise enough for the expression.
    base_rank = _RANK.get(published_precision or DAY, 0)
    if p is None:
        if kind == "month_day" and stated_year:
            month = _month_number(parts["month"])
            try:
                return done(date(stated_year, month, int(parts["day"])), DAY)
            except ValueError:
                return _unresolved(mention)
        return _unresolved(mention)

    def needs(rank: str) -> bool:
        return base_rank <= _RANK[rank]

    if kind == "month_day":
        if not needs(MONTH):
            return _unresolved(mention)
        # "Feb. 10" is the last Feb. 10 on or before the publication date (the next one when
        # the sentence looks forward). When only the month of publication is known, "March 5"
        # in a March article is this year's.
        month, day_of_month, year = _month_number(parts["month"]), int(parts["day"]), p.year
        try:
            candidate = date(year, month, day_of_month)
        except ValueError:
            return _unresolved(mention)
        later = month > p.month if base_rank == _RANK[MONTH] else candidate > p
        earlier = month < p.month if base_rank == _RANK[MONTH] else candidate < p
        if later and not future:
            year -= 1
        elif earlier and future:
            year += 1
        try:
            return done(date(year, month, day_of_month), DAY)
        except ValueError:  # 29 February of a year without it
            return _unresolved(mention)
    if kind in ("in_month", "part_month"):
        if not needs(MONTH):
            return _unresolved(mention)
        month = _month_number(parts["month"])
        year = p.year
        if month > p.month and not future:
            year -= 1
        elif month < p.month and future:
            year += 1
        start, end = _month_range(year, month, parts.get("part"))
        return done(start, MONTH, end)
    if kind == "ago":
        n = parts["n"].lower()
        count = int(n) if n.isdigit() else date_vocabulary()["numbers"][n]
        unit = parts["unit"].lower()
        if unit == "year" and needs(YEAR):
            y = p.year - count
            return done(date(y, 1, 1), YEAR, date(y, 12, 31))
        if unit == "month" and needs(MONTH):
            start = _shift_months(p, -count)
            return done(start, MONTH, _month_end(start.year, start.month))
        if unit == "week" and needs(DAY):
            monday = p - timedelta(days=p.weekday() + 7 * count)
            return done(monday, WEEK, monday + timedelta(days=6))
        if unit == "day" and needs(DAY):
            return done(p - timedelta(days=count), DAY)
        return _unresolved(mention)
    if kind == "relative_unit":
        mod, unit = parts["mod"].lower(), parts["unit"].lower()
        step = {"last": -1, "previous": -1, "the previous": -1, "next": 1}.get(mod, 0)
        if mod in ("past", "the past"):
            step = -1  # "the past week": the days just before publication, as a week range
        if unit == "year" and needs(YEAR):
            y = p.year + step
            return done(date(y, 1, 1), YEAR, date(y, 12, 31))
        if unit == "month" and needs(MONTH):
            start = _shift_months(p, step)
            return done(start, MONTH, _month_end(start.year, start.month))
        if unit == "week" and needs(DAY):
            monday = p - timedelta(days=p.weekday()) + timedelta(weeks=step)
            return done(monday, WEEK, monday + timedelta(days=6))
        return _unresolved(mention)

    if not needs(DAY):
        return _unresolved(mention)
    if kind == "recent_days":  # "in the last few days": the week up to the report
        return done(p - timedelta(days=6), WEEK, p)
    if kind == "publication_day":
        offset = date_vocabulary()["publication_days"][parts["phrase"].lower()]
        return done(p + timedelta(days=offset), DAY)
    if kind == "weekend":
        saturday = p - timedelta(days=(p.weekday() - 5) % 7)
        if parts["mod"].lower() == "last" and p.weekday() >= 5:
            saturday -= timedelta(days=7)
        return done(saturday, WEEK, saturday + timedelta(days=1))
    if kind == "weekday":
        target = _WEEKDAYS[parts["weekday"].lower()]
        mod = (parts.get("mod") or "").lower()
        if mod in ("next", "on next") or (future and mod not in ("last", "on last")):
            ahead = (target - p.weekday()) % 7
            if mod in ("next", "on next") and ahead == 0:
                ahead = 7
            return done(p + timedelta(days=ahead), DAY)
        back = (p.weekday() - target) % 7
        if mod in ("last", "on last") and back == 0:
            back = 7
        return done(p - timedelta(days=back), DAY)
    return _unresolved(mention)


YEAR_KINDS = ("full", "month_year", "year")


def resolve_in(
    text: str,
    *,
    published_on: date | None,
    published_precision: str = DAY,
    previous: ResolvedDate | None = None,
    stated_year: int | None = None,
) -> list[ResolvedDate]:
    """Find and resolve every date expression of ``text`` (a sentence)."""
    results = []
    for mention in find_dates(text):
        if mention.kind == "this_year_stated":
            continue
        resolved = resolve(
            mention,
            published_on=published_on,
            published_precision=published_precision,
            previous=previous,
            future=is_future(text, mention),
            stated_year=stated_year,
        )
        results.append(resolved)
    return results


def shift(resolved: ResolvedDate, *, start: int) -> ResolvedDate:
    """The same resolved date with its offsets moved by ``start`` (sentence -> article)."""
    return replace(resolved, start=resolved.start + start, end=resolved.end + start)
