"""Dating an article that states no publication date, from its own dated references.

News reports recent things by month and day without a year ("Aug. 5", "Feb. 10") and places
them after things it dates fully ("the ceasefire agreement in Sochi in September 2018", "a
1998 security treaty"), or after agreements it names whose date is known ("the Sochi deal").
The latest fully dated reference is the *anchor*: the article was written after it. A yearless
month-and-day that the article reports as past is recent, so it falls in the first year that puts
it no more than half a year before the anchor. The article was written after both the anchor and
the latest such day, and is dated to the month of the later of the two (month precision), with
evidence saying why.

Nothing else is used: not URLs (related links carry unrelated dates), not outside knowledge.
With no yearless month-and-day, the anchor alone is only a lower bound, and no date is given.
Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from .dates import find_dates, is_future, resolve
from .types import AGREEMENT, EntityExtraction

_ABSOLUTE = {"full", "month_year", "year"}
# How far before the anchor a yearless "Aug. 5" may lie: such dates are the recent past.
RECENT = timedelta(days=183)


@dataclass(frozen=True)
class InferredDate:
    published_on: date  # first day of the month the article is dated to
    precision: str  # always "month"
    evidence: str  # the words the date was read from, for editors


def _anchor(text: str, entities: EntityExtraction) -> tuple[date, str] | None:
    """The latest fully dated reference in the text, with the words that give it."""
    best: tuple[date, str] | None = None
    for mention in find_dates(text):
        if mention.kind not in _ABSOLUTE:
            continue
        resolved = resolve(mention, published_on=None)
        # A range ("in September 2018", "in 2015") counts from its first day: the article was
        # written no earlier than that.
        if resolved.date and (best is None or resolved.date > best[0]):
            best = (resolved.date, mention.text)
    for m in entities.mentions:
        if m.kind != AGREEMENT:
            continue
        record = entities.records.get(m.key)
        signed = record.extra.get("signed_on") if record else None
        if isinstance(signed, date) and (best is None or signed > best[0]):
            best = (signed, f"{m.text} ({record.name}, {signed.isoformat()})")
    return best


def _reported_as_past(entities: EntityExtraction, mention) -> bool:
    """False when the sentence looks forward to the date ("a summit due on Sept. 16")."""
    for sentence in entities.sentences:
        if sentence.start <= mention.start < sentence.end:
            local = replace(
                mention, start=mention.start - sentence.start, end=mention.end - sentence.start
            )
            return not is_future(sentence.text, local)
    return True


def infer_publication_date(text: str, entities: EntityExtraction) -> InferredDate | None:
    """The month an undated article was published in, or None when the text cannot tell."""
    anchor = _anchor(text, entities)
    if anchor is None:
        return None
    anchor_date, anchor_words = anchor
    latest: tuple[date, str] | None = None
    for mention in find_dates(text):
        if mention.kind != "month_day":
            continue
        if not _reported_as_past(entities, mention):
            continue
        # A yearless day is recent: the first one no more than half a year before the anchor.
        earliest = anchor_date - RECENT
        for year in (earliest.year, earliest.year + 1):
            day = resolve(mention, published_on=None, stated_year=year).date
            if day and day >= earliest:
                if latest is None or day > latest[0]:
                    latest = (day, mention.text)
                break
    if latest is None:
        return None
    day, words = latest
    # Written after both the anchor and the latest day it reports.
    newest = max(day, anchor_date)
    return InferredDate(
        published_on=date(newest.year, newest.month, 1),
        precision="month",
        evidence=f"{words} reported as past, after {anchor_words}",
    )
