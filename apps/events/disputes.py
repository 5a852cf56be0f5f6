"""When sources disagree about an event: pure rules over the figures each source states.

Two figures of the same kind disagree when no count satisfies both: "33 killed" and "34
killed" do, "at least 33" and "34" do not, "about 30" allows 10 % either way, "nearly" and
"up to" a count allow anything up to it. Figures of one article never dispute each other (a
report that updates its own count says so in its own words).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

# Share of an "about" count allowed either way.
ABOUT = 0.1


def bounds(value: int, qualifier: str) -> tuple[float, float]:
    """The counts a stated figure allows."""
    if qualifier == "at least":
        return value, math.inf
    if qualifier == "more than":
        return value + 1, math.inf
    if qualifier == "about":
        return value * (1 - ABOUT), value * (1 + ABOUT)
    if qualifier in ("nearly", "up to"):
        return 0, value
    return value, value


def disputed(figures: Iterable[tuple[int, str, int, str]]) -> bool:
    """Whether figures ``(article id, kind, value, qualifier)`` of one event disagree: two
    articles state figures of a kind that no single count satisfies."""
    by_kind: dict[str, dict[int, list[tuple[float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for article, kind, value, qualifier in figures:
        by_kind[kind][article].append(bounds(value, qualifier))
    for articles in by_kind.values():
        if len(articles) < 2:
            continue
        # each article's own figures narrowed to what they all allow, then across articles
        spans = []
        for own in articles.values():
            spans.append((max(lo for lo, _ in own), min(hi for _, hi in own)))
        low = max(lo for lo, _ in spans)
        high = min(hi for _, hi in spans)
        if low > high:
            return True
    return False
