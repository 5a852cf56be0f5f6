"""One sentence prepared for the event rules, and the word lists every stage reads.

``prepare`` turns a sentence of the entity recogniser into a ``PreparedSentence``: its tokens
(lower-cased and as written), their offsets, which of them are quoted, and where its entity
mentions and date expressions fall. ``clause`` bounds the clause around a trigger;
``cue_sets`` reads the cue vocabulary (``apps/events/data/cues.yaml``) once per process.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.attrs import IDX, LENGTH

from apps.events.vocabulary import cues

from .. import dates as dates_mod
from ..types import EntityMention, Sentence

BE_FORMS = {"is", "are", "was", "were", "be", "been", "being", "'s"}

LOCATIVE = {
    "near",
    "in",
    "at",
    "from",
    "with",
    "for",
    "outside",
    "around",
    "inside",
    "into",
    "toward",
    "towards",
    "across",
    "behind",
    "alongside",
    "within",
    "to",
}

QUOTE_CHARS = {'"', "“", "”", "«", "»"}

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")

DETERMINERS = {
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "this",
    "our",
    "these",
    "those",
    "any",
    "every",
    "each",
    "another",
    "such",
    "no",
}


@cache
def blank_english():
    """The entity recogniser's blank English pipeline when present (same tokens), else one
    of our own; built once per process. Only its tokenizer is used here."""
    try:
        from ..nlp import get_nlp

        return get_nlp()
    except ImportError:
        return spacy.blank("en")


@cache
def cue_sets() -> dict:
    raw = cues()
    return {
        "hedges": [h.lower().split() for h in raw["hedges"]],
        "conditionals": {c.lower() for c in raw["conditionals"] if " " not in c},
        "clause_hedges": {c.lower() for c in raw["clause_hedges"]},
        "decided": {c.lower() for c in raw["decision_verbs"]},
        "modifiers": {c.lower() for c in raw["noun_modifiers"]},
        "noun_hedges": [h.lower().split() for h in raw["noun_hedges"]],
        "negations": {n.lower() for n in raw["negations"]},
        "announced": set(raw["announced_types"]),
        "light": {w.lower() for w in raw["light_verbs"]},
        "reference": [r.lower().split() for r in raw["reference_cues"]],
        "responses": [r.lower().split() for r in raw.get("response_cues", [])],
        "future": [f.lower().split() for f in raw["future"]],
        "sequels": {w.lower() for w in raw.get("sequel_cues", [])},
        "agents": [a.lower().split() for a in raw["agent_markers"]],
        "breaks": {b.lower() for b in raw["clause_breaks"]},
        "casualty_nouns": {n.lower() for n in raw["casualty_nouns"]},
        "numbers": {k.lower(): int(v) for k, v in raw["numbers"].items()},
        "commentators": [w.lower() for w in raw["commentator_words"]],
        "compound": {w.lower() for w in raw["compound_suffixes"]},
        "happened": [h.lower().split() for h in raw.get("happened", [])],
        "background": {w.lower() for w in raw.get("background_leads", [])},
        "reported_future": [f.lower().split() for f in raw.get("reported_future", [])],
        "possibility": [f.lower().split() for f in raw.get("possibility", [])],
        "figurative": {w.lower() for w in raw.get("figurative_objects", [])},
        "milestones": {w.lower() for w in raw.get("milestone_leads", [])},
        "participle_leads": {w.lower() for w in raw.get("participle_leads", [])},
        "gerund_preps": {w.lower() for w in raw.get("gerund_preps", [])},
        "present_be": {w.lower() for w in raw.get("present_be", [])},
        "homographs": {w.lower() for w in raw.get("noun_homographs", [])},
        "ongoing": [w.lower().split() for w in raw.get("ongoing_anchors", [])],
        "tolls": [w.lower().split() for w in raw.get("toll_leads", [])],
        "figure_qualifiers": dict(raw.get("figure_qualifiers") or {}),
        "noun_targets": {w.lower() for w in raw.get("noun_target_leads", [])},
    }


@dataclass
class Tokens:
    """The article's tokens as plain lists, read from the spaCy Doc once."""

    idx: list[int]
    lower: list[str]
    text: list[str]

    @classmethod
    def of(cls, doc, text: str) -> Tokens:
        # Offsets and lengths come out of the Doc as one array: no Token objects are built.
        spans = doc.to_array([IDX, LENGTH]).tolist()
        raw = [text[i : i + n] for i, n in spans]
        lower = [w.lower().replace("’", "'") for w in raw]
        return cls([i for i, _ in spans], lower, raw)


@dataclass
class PreparedSentence:
    """One sentence prepared for matching: tokens (lower-cased) and where things are."""

    sentence: Sentence
    words: list[str]
    raw: list[str]  # the tokens as written
    starts: list[int]  # token start offsets in the article
    quoted: list[bool]
    mentions: list[tuple[int, int, EntityMention]]  # (first token, last token, mention)
    dates: list[tuple[int, dates_mod.DateMention]]  # (token, mention with article offsets)

    def token_at(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def has_phrase_before(self, phrases, i: int, window: int, lo: int = 0) -> bool:
        joined = " " + " ".join(self.words[max(lo, i - window) : i]) + " "
        return any(f" {' '.join(phrase)} " in joined for phrase in phrases)

    def has_phrase_after(self, phrases, j: int, window: int) -> bool:
        joined = " " + " ".join(self.words[j : min(len(self.words), j + window)]) + " "
        return any(f" {' '.join(phrase)} " in joined for phrase in phrases)


@dataclass
class Candidate:
    event_type: str
    form: str  # verb | noun
    i: int  # first token
    j: int  # token after the trigger
    speaker_of: Candidate | None = None


def prepare(tokens: Tokens, sentence: Sentence, mentions, date_list) -> PreparedSentence:
    lo = bisect.bisect_left(tokens.idx, sentence.start)
    hi = bisect.bisect_left(tokens.idx, sentence.end)
    starts = tokens.idx[lo:hi]
    spans = [
        (m.start() + sentence.start, m.end() + sentence.start)
        for m in _QUOTED.finditer(sentence.text)
    ]
    quoted = [any(s < i < e for s, e in spans) for i in starts]
    prepared = PreparedSentence(
        sentence, tokens.lower[lo:hi], tokens.text[lo:hi], starts, quoted, [], []
    )
    for m in mentions:
        prepared.mentions.append((prepared.token_at(m.start), prepared.token_at(m.end - 1), m))
    for d in date_list:
        prepared.dates.append((prepared.token_at(d.start), d))
        for k in range(prepared.token_at(d.start), prepared.token_at(d.end - 1) + 1):
            if prepared.words[k] == "may":
                prepared.words[k] = MONTH_MAY  # "On 1 May the Army ...": a date, not a hedge
    return prepared


MONTH_MAY = "may-the-month"


_IRREGULAR_PARTICIPLES = {"met", "held", "fought", "shot down", "struck", "taken", "brought down"}


def is_participle(word: str) -> bool:
    return word.endswith(("ed", "en")) or word in _IRREGULAR_PARTICIPLES


def clause(s: PreparedSentence, i: int, j: int) -> tuple[int, int]:
    """Token range of the clause around a trigger, bounded by clause-opening words."""
    breaks = cue_sets()["breaks"]
    words = s.words
    intro = _participle_intro(s)[1]
    lo = i
    while lo > 0 and words[lo - 1] not in breaks and not _comma_and(s, lo - 1) and lo != intro:
        lo -= 1
    hi = j
    while hi < len(words) and words[hi] not in breaks and not _comma_and(s, hi):
        hi += 1
    return lo, hi


def _participle_intro(s: PreparedSentence) -> tuple[int, int]:
    """The participle of a clause opening the sentence ("After capturing Aleppo last week, the
    rebels drove ...", "Capturing Aleppo, ..."; leads in ``cues.yaml`` participle_leads) and
    where the main clause starts after its comma; (-1, -1) when the sentence opens otherwise."""
    words = s.words
    k = 1 if words and words[0] in cue_sets()["participle_leads"] else 0
    if k >= len(words) or not words[k].endswith("ing") or "," not in words[k:]:
        return -1, -1
    return k, words.index(",", k) + 1


def _comma_and(s: PreparedSentence, k: int) -> bool:
    """ "..., and Erdogan flew to Moscow", "..., and the army ...": a comma and "and" before a
    new subject join two clauses; "..., and pull back" continues the same one."""
    if s.words[k] != "and" or k == 0 or s.words[k - 1] != "," or k + 1 >= len(s.words):
        return False
    nxt = s.raw[k + 1]
    return nxt[:1].isupper() or s.words[k + 1] in DETERMINERS


def own_predicate(s: PreparedSentence, c: Candidate) -> bool:
    """A predicate after "and" with its own time: "have pressed an offensive since December and
    last week recaptured Maarat al-Numan", "took the village on 19 December, and conducted two
    airstrikes ... on 20 December" tell a second event of the family, on another day."""
    return predicate_start(s, c) >= 0


def predicate_start(s: PreparedSentence, c: Candidate) -> int:
    """The "and" that opens trigger ``c``'s own predicate with its own time (``own_predicate``),
    else -1."""
    k = c.i - 1
    while k >= 0 and k > c.i - 6 and s.words[k] != "and":
        k -= 1
    if k < 0 or s.words[k] != "and":
        return -1
    if c.form != "verb" and not any(w in cue_sets()["light"] for w in s.words[k + 1 : c.i]):
        return -1  # a noun is a predicate only as a light verb's object
    start, end = s.starts[k], s.starts[c.i]
    if any(start <= d.start < end for _, d in s.dates):
        return k
    # the date after it, before the next "and" or the sentence's end, with another date
    # before the "and"
    stop = next((m for m in range(c.j, len(s.words)) if s.words[m] == "and"), len(s.words))
    after_end = s.starts[stop] if stop < len(s.words) else s.sentence.end
    own = any(s.starts[c.j - 1] <= d.start < after_end for _, d in s.dates)
    return k if own and any(d.start < start for _, d in s.dates) else -1


def next_predicate(s: PreparedSentence, c: Candidate) -> int:
    """The "and" after trigger ``c`` that opens a predicate with its own time ("the base had
    been captured by the Army and later in the day it made more advances"): a date right after
    it, and another before it; else -1."""
    k = next((m for m in range(c.j, len(s.words)) if s.words[m] == "and"), -1)
    if k < 0 or k + 1 >= len(s.words):
        return -1
    start = s.starts[k]
    head_end = s.starts[min(len(s.words) - 1, k + 2)]
    own = any(start < d.start <= head_end for _, d in s.dates)
    return k if own and any(d.start < start for _, d in s.dates) else -1


def has_any(words: list[str], phrases: list[list[str]]) -> bool:
    """Does any of the phrases (lists of lower-case words) occur in ``words``?"""
    return any(words[k : k + len(p)] == p for p in phrases for k in range(len(words) - len(p) + 1))


def fronted_participle(s: PreparedSentence, c: Candidate) -> bool:
    """The trigger is the participle of a clause that opens the sentence (``_participle_intro``)."""
    return c.form == "verb" and c.i == _participle_intro(s)[0]
