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
    num = rf"(\d{{1,3}}(?:,\d{{3}})*|{words})"
    qual = r"(?:at least |some |about |around |nearly |almost |more than |over |up to )?"
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


_FIGURE_HINT = re.compile(r"kill|died|dead|wound|injur|lives", re.IGNORECASE)


def _number(word: str) -> int | None:
    word = word.lower()
    if word.replace(",", "").isdigit():
        return int(word.replace(",", ""))
    return cue_sets()["numbers"].get(word)


def fatalities(s: PreparedSentence, c: Candidate) -> tuple[int | None, int | None]:
    """Killed and wounded stated nearest the trigger; vague counts ("dozens") stay None."""
    text = s.sentence.text
    if not _FIGURE_HINT.search(text):
        return None, None
    anchor = s.starts[c.i] - s.sentence.start
    result = []
    for kind in ("killed", "wounded"):
        best = None
        for pattern in _figure_patterns()[kind]:
            for m in pattern.finditer(text):
                value = _number(m.group(1))
                if value is None or (1900 <= value <= 2100 and "," not in m.group(1)):
                    continue
                if value > MAX_FIGURE:
                    continue  # not a count of people in one event
                if m.start() <= anchor <= m.end():
                    distance = 0
                else:
                    distance = min(abs(m.start() - anchor), abs(m.end() - anchor))
                if best is None or distance < best[0]:
                    best = (distance, value)
        result.append(best[1] if best else None)
    return result[0], result[1]
