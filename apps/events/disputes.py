"""When sources disagree about an event: pure rules over what each source states of it.

- Figures: two of the same kind disagree when no count satisfies both: "33 killed" and "34
  killed" do, "at least 33" and "34" do not, "about 30" allows 10 % either way, "nearly" and
  "up to" a count allow anything up to it.
- Dates: two disagree when they lie further apart than their precision allows (a day's
  date, a week, a month, a year) plus a day's slack: an overnight strike is dated either day.
- Blame: two sources disagree when each names one doer of a violent event and the doers are
  of different sides (a state and its armed forces are one side).

What one article states never disputes itself (a report that updates its own count says so
in its own words). The thresholds are data (``data/disputes.yaml``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

from .vocabulary import dispute_rules

DATE, BLAME = "date", "blame"


@cache
def _about() -> float:
    return float(dispute_rules()["about_share"])


def bounds(value: int, qualifier: str) -> tuple[float, float]:
    """The counts a stated figure allows."""
    if qualifier == "at least":
        return value, math.inf
    if qualifier == "more than":
        return value + 1, math.inf
    if qualifier == "about":
        return value * (1 - _about()), value * (1 + _about())
    if qualifier in ("nearly", "up to"):
        return 0, value
    return value, value


def disputed(figures: Iterable[tuple[int, str, int, str]]) -> bool:
    """Whether figures ``(article id, kind, value, qualifier)`` of one event disagree: two
    articles state figures of a kind that no single count satisfies."""
    return bool(figure_disputes(figures))


def figure_disputes(figures: Iterable[tuple[int, str, int, str]]) -> list[str]:
    """The kinds of figures ``(article id, kind, value, qualifier)`` the sources disagree on."""
    by_kind: dict[str, dict[int, list[tuple[float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for article, kind, value, qualifier in figures:
        by_kind[kind][article].append(bounds(value, qualifier))
    found = []
    for kind, articles in by_kind.items():
        if len(articles) < 2:
            continue
        # each article's own figures narrowed to what they all allow, then across articles
        spans = []
        for own in articles.values():
            spans.append((max(lo for lo, _ in own), min(hi for _, hi in own)))
        low = max(lo for lo, _ in spans)
        high = min(hi for _, hi in spans)
        if low > high:
            found.append(kind)
    return sorted(found)


def span(day: date, precision: str) -> tuple[date, date]:
    """The days a date stated at ``precision`` covers."""
    if precision == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    if precision == "month":
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return day.replace(day=1), following - timedelta(days=1)
    if precision == "week":
        return day, day + timedelta(days=6)
    return day, day


def dates_disagree(dates: Iterable[tuple[int, date | None, str]]) -> bool:
    """Whether two articles date an event ``(article id, date, precision)`` further apart than
    their precision and the slack allow; undated accounts say nothing."""
    slack = timedelta(days=int(dispute_rules()["date_slack_days"]))
    spans: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for article, day, precision in dates:
        if day is not None:
            spans[article].append(span(day, precision))
    articles = list(spans.values())
    for i, mine in enumerate(articles):
        for theirs in articles[i + 1 :]:
            if not any(
                a_lo - slack <= b_hi and b_lo - slack <= a_hi
                for a_lo, a_hi in mine
                for b_lo, b_hi in theirs
            ):
                return True
    return False


def blame_disagrees(blamed: Iterable[tuple[int, str | None]]) -> bool:
    """Whether two articles name doers ``(article id, side)`` of different sides; a source
    naming none says nothing."""
    sides: dict[int, set[str]] = defaultdict(set)
    for article, side in blamed:
        if side:
            sides[article].add(side)
    named = list(sides.values())
    return any(not a & b for i, a in enumerate(named) for b in named[i + 1 :])


def side_of(actor_id: int | None, kind: str, affiliation: str) -> str | None:
    """The side a blamed actor stands for: its state's for a state or its armed forces."""
    if actor_id is None:
        return None
    if kind in dispute_rules()["side_kinds"] and affiliation:
        return f"side:{affiliation}"
    return f"actor:{actor_id}"


def event_disputes(
    figures: Iterable[tuple[int, str, int, str]],
    dates: Iterable[tuple[int, date | None, str]] = (),
    blamed: Iterable[tuple[int, str | None]] = (),
) -> list[str]:
    """What the sources of one event disagree on: figure kinds ("killed"), "date", "blame"."""
    found = figure_disputes(figures)
    if dates_disagree(dates):
        found.append(DATE)
    if blame_disagrees(blamed):
        found.append(BLAME)
    return found
