"""Killed and wounded counts a sentence states nearest its trigger.

Vague counts ("dozens") stay unknown; years and numbers too large to count people in one
event are not figures.
"""

from __future__ import annotations

import re
from functools import cache

from .sentence import Candidate, PreparedSentence, cue_sets

MAX_FIGURE = 100_000


@cache
def _figure_patterns() -> dict[str, list[re.Pattern]]:
    nouns = "|".join(sorted(cue_sets()["casualty_nouns"]))
    words = "|".join(sorted(map(re.escape, cue_sets()["numbers"]), key=len, reverse=True))
    num = rf"(?P<num>\d{{1,3}}(?:,\d{{3}})*|{words})"
    quals = "|".join(sorted(map(re.escape, _qualifiers()), key=len, reverse=True))
    qual = rf"(?:(?P<qual>{quals}) )?"
    be = r"(?:were\s+|had been\s+|have been\s+|was\s+|has been\s+|are\s+)?"
    counted = rf"\b{qual}{num}\s+(?:more\s+)?(?:[\w-]+\s+){{0,2}}?(?:{nouns})\s+{be}"
    bare = rf"\b{qual}{num}\s+(?:more\s+)?"
    return {
        "killed": [
            re.compile(
                rf"\b(?:kill(?:ed|ing|s)?(?:\s+of)?|claim(?:ed|ing)? the lives of)\s+{qual}{num}\b",
                re.I,
            ),
            re.compile(rf"{counted}(?:killed|died|dead)\b", re.I),
            re.compile(rf"{bare}(?:were killed|died|dead|killed)\b", re.I),
        ],
        "wounded": [
            re.compile(rf"\b(?:wound(?:ed|ing|s)?|injur(?:ed|ing|es|e))\s+{qual}{num}\b", re.I),
            re.compile(rf"{counted}(?:wounded|injured)\b", re.I),
            re.compile(rf"{bare}(?:were\s+)?(?:wounded|injured)\b", re.I),
        ],
    }


@cache
def _qualifiers() -> dict[str, str]:
    """How a count is qualified, as written -> as stored ("over" -> "more than")."""
    return {k.lower(): v for k, v in cue_sets()["figure_qualifiers"].items()}


_FIGURE_HINT = re.compile(r"kill|died|dead|wound|injur|lives", re.IGNORECASE)


def _number(word: str) -> int | None:
    word = word.lower()
    if word.replace(",", "").isdigit():
        return int(word.replace(",", ""))
    return cue_sets()["numbers"].get(word)


def fatalities(s: PreparedSentence, c: Candidate) -> tuple[int | None, int | None]:
    """Killed and wounded stated nearest the trigger; vague counts ("dozens") stay None."""
    found = {kind: value for kind, value, _ in stated_figures(s, c)}
    return found.get("killed"), found.get("wounded")


def stated_figures(s: PreparedSentence, c: Candidate) -> list[tuple[str, int, str]]:
    """(kind, value, qualifier) of the killed and wounded counts stated nearest the trigger:
    "at least 33 soldiers were killed" is ("killed", 33, "at least")."""
    text = s.sentence.text
    if not _FIGURE_HINT.search(text):
        return []
    anchor = s.starts[c.i] - s.sentence.start
    result = []
    for kind in ("killed", "wounded"):
        best = None
        for pattern in _figure_patterns()[kind]:
            for m in pattern.finditer(text):
                value = _number(m.group("num"))
                if value is None or (1900 <= value <= 2100 and "," not in m.group("num")):
                    continue
                if value > MAX_FIGURE:
                    continue  # not a count of people in one event
                if m.start() <= anchor <= m.end():
                    distance = 0
                else:
                    distance = min(abs(m.start() - anchor), abs(m.end() - anchor))
                if best is None or distance < best[0]:
                    qualifier = _qualifiers().get((m.group("qual") or "").lower(), "")
                    best = (distance, value, qualifier)
        if best is not None:
            result.append((kind, best[1], best[2]))
    return result
