"""The counts a sentence states nearest its trigger: killed, wounded, captured, displaced,
troops, aircraft downed (which kinds an event states, and their words: ``figures.yaml``).

Vague counts ("dozens") stay unknown; years and numbers too large for the kind are not
figures.
"""

from __future__ import annotations

import re
from functools import cache

from apps.events.vocabulary import figure_kinds, figure_words

from .sentence import Candidate, PreparedSentence, cue_sets

MILLION = 1_000_000


def _any(words) -> str:
    return "|".join(
        sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    )


@cache
def _figure_patterns() -> dict[str, list[re.Pattern]]:
    words = _any(cue_sets()["numbers"])
    auxiliaries, millions = figure_words()
    be = rf"(?:(?:{_any(auxiliaries)})\s+)?"
    num = (
        rf"(?<![\w/,.-])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+million)?"
        rf"|(?:{_any(millions)})\s+million|{words})"
    )
    qual = rf"(?:(?P<qual>{_any(_qualifiers())}) )?"
    patterns = {}
    for key, kind in figure_kinds().items():
        nouns = _any(kind.nouns)
        counted = rf"\b{qual}{num}\s+(?:more\s+)?(?:[\w-]+\s+){{0,2}}?(?:{nouns})"
        lead = rf"\b(?:{_any(kind.before)})\s+"
        found = [
            re.compile(lead + (counted[2:] + r"\b" if kind.needs_noun else rf"{qual}{num}\b"), re.I)
        ]
        if kind.after:
            found.append(re.compile(rf"{counted}\s+{be}(?:{_any(kind.after)})\b", re.I))
        if kind.bare:
            found.append(re.compile(rf"\b{qual}{num}\s+(?:more\s+)?(?:{_any(kind.bare)})\b", re.I))
        patterns[key] = found
    return patterns


@cache
def _qualifiers() -> dict[str, str]:
    """How a count is qualified, as written -> as stored ("over" -> "more than")."""
    return {k.lower(): v for k, v in cue_sets()["figure_qualifiers"].items()}


def _number(word: str) -> int | None:
    word = " ".join(word.lower().split())
    if word.endswith(" million"):
        head = word.removesuffix(" million")
        scale = figure_words()[1].get(head)
        if scale is None:
            try:
                scale = float(head)
            except ValueError:
                return None
        return round(scale * MILLION)
    if word.replace(",", "").isdigit():
        return int(word.replace(",", ""))
    return cue_sets()["numbers"].get(word)


def fatalities(s: PreparedSentence, c: Candidate) -> tuple[int | None, int | None]:
    """Killed and wounded stated nearest the trigger; vague counts ("dozens") stay None."""
    found = {kind: value for kind, value, _ in stated_figures(s, c)}
    return found.get("killed"), found.get("wounded")


def stated_figures(
    s: PreparedSentence, c: Candidate, kinds: tuple[str, ...] | None = None
) -> list[tuple[str, int, str]]:
    """(kind, value, qualifier) of each count of ``kinds`` (all kinds when None) stated
    nearest the trigger: "at least 33 soldiers were killed" is ("killed", 33, "at least")."""
    text = s.sentence.text
    if not any(ch.isdigit() for ch in text) and not _number_words().search(text):
        return []
    anchor = s.starts[c.i] - s.sentence.start
    result = []
    for kind, patterns in _figure_patterns().items():
        if kinds is not None and kind not in kinds:
            continue
        best = None
        for pattern in patterns:
            for m in pattern.finditer(text):
                written = m.group("num")
                value = _number(written)
                if value is None or (1900 <= value <= 2100 and written.isdigit()):
                    continue
                if value > figure_kinds()[kind].maximum:
                    continue  # not a count of this kind in one event
                if m.start() <= anchor <= m.end():
                    distance = 0
                else:
                    distance = min(abs(m.start() - anchor), abs(m.end() - anchor))
                if best is None or distance < best[0]:
                    qualifier = _qualifiers().get(
                        " ".join((m.group("qual") or "").lower().split()), ""
                    )
                    best = (distance, value, qualifier)
        if best is not None:
            result.append((kind, best[1], best[2]))
    return result


def figure_kinds_of(event_type: str) -> tuple[str, ...]:
    """The kinds of counts an event of ``event_type`` states."""
    return tuple(key for key, kind in figure_kinds().items() if kind.applies_to(event_type))


@cache
def _number_words() -> re.Pattern:
    return re.compile(rf"\b(?:{_any(cue_sets()['numbers'])}|million)\b", re.I)
