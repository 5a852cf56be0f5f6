"""Event extraction: who did what to whom, when and where, one sentence at a time.

Pure Python over the entity half's output (sentences and entity mentions). For each sentence:

1. find trigger words of the vocabulary (``apps/events/data/triggers.yaml``) with a spaCy
   PhraseMatcher over the blank English tokenizer;
2. drop triggers that report no fact: inside quotation marks, negated, hedged ("could",
   "might", "is likely to", "if ..."), or nouns the sentence does not anchor to a happening
   (analysis such as "the battle for Idlib underscores...");
3. keep the strongest trigger of each family (violence, diplomacy, statement, ...) and refine
   its type from context ("a fighter jet attacked" is an air strike);
4. give it actors with roles from the order of mentions around the trigger (no parser: the
   subject before an active verb initiates, the object after it is the target, "by"/"blamed
   on" names the agent of a passive, "talks between A, B and C" makes participants), a place,
   the agreement and observation post the sentence names, killed and wounded counts, a date
   resolved from the words nearest the trigger, and the sentence as evidence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import spacy
from spacy.attrs import IDX, LENGTH
from spacy.matcher import PhraseMatcher

from apps.events.vocabulary import cues, event_types, triggers

from . import dates as dates_mod
from .types import (
    ACTOR,
    AGREEMENT,
    PLACE,
    POST,
    EntityExtraction,
    EntityMention,
    EventActorRef,
    ExtractedEvent,
    Sentence,
)

INITIATOR, TARGET, PARTICIPANT = "initiator", "target", "participant"
MAX_FIGURE = 100_000
STATE_KINDS = {"state", "armed_forces", "government_body"}
_BE = {"is", "are", "was", "were", "be", "been", "being", "'s"}
_LOCATIVE = {
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
_PLACE_LEAD = re.compile(
    r"(?:\b(?:near|in|at|around|outside|inside|into|across|along|on|"
    r"(?:north|south|east|west|northwest|northeast|southwest|southeast)(?:ern)?(?: part)? of)"
    r"\s+(?:the\s+)?(?:(?:town|city|village|province|region|area|outskirts|countryside)\s+of\s+)?)$",
    re.IGNORECASE,
)
_QUOTE_CHARS = {'"', "“", "”", "«", "»"}
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")


@cache
def _nlp():
    """The entity recogniser's blank English pipeline when present (same tokens), else one
    of our own; built once per process. Only its tokenizer is used here."""
    try:
        from .nlp import get_nlp

        return get_nlp()
    except ImportError:
        return spacy.blank("en")


@cache
def _matcher() -> tuple[PhraseMatcher, dict[int, tuple[str, str]]]:
    nlp = _nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    labels: dict[int, tuple[str, str]] = {}
    for key, spec in triggers().items():
        for form, phrases in (
            ("verb", [f for forms in spec.verbs for f in forms]),
            ("noun", list(spec.nouns)),
        ):
            if not phrases:
                continue
            label = f"{key}|{form}"
            matcher.add(label, [nlp.make_doc(p) for p in phrases])
            labels[nlp.vocab.strings[label]] = (key, form)
    return matcher, labels


@cache
def _cue_sets() -> dict:
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
    }


@dataclass
class _Sent:
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
class _Candidate:
    event_type: str
    form: str  # verb | noun
    i: int  # first token
    j: int  # token after the trigger
    speaker_of: _Candidate | None = None


@dataclass
class _Tokens:
    """The article's tokens as plain lists, read from the spaCy Doc once."""

    idx: list[int]
    lower: list[str]
    text: list[str]

    @classmethod
    def of(cls, doc, text: str) -> _Tokens:
        # Offsets and lengths come out of the Doc as one array: no Token objects are built.
        spans = doc.to_array([IDX, LENGTH]).tolist()
        raw = [text[i : i + n] for i, n in spans]
        lower = [w.lower().replace("’", "'") for w in raw]
        return cls([i for i, _ in spans], lower, raw)


def _prepare(tokens: _Tokens, sentence: Sentence, mentions, date_list) -> _Sent:
    lo = bisect.bisect_left(tokens.idx, sentence.start)
    hi = bisect.bisect_left(tokens.idx, sentence.end)
    starts = tokens.idx[lo:hi]
    spans = [
        (m.start() + sentence.start, m.end() + sentence.start)
        for m in _QUOTED.finditer(sentence.text)
    ]
    quoted = [any(s < i < e for s, e in spans) for i in starts]
    prepared = _Sent(sentence, tokens.lower[lo:hi], tokens.text[lo:hi], starts, quoted, [], [])
    for m in mentions:
        prepared.mentions.append((prepared.token_at(m.start), prepared.token_at(m.end - 1), m))
    for d in date_list:
        prepared.dates.append((prepared.token_at(d.start), d))
    return prepared


_DETERMINERS = {
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


def _noun_use(s: _Sent, i: int, j: int) -> bool:
    """A verb form used as a noun: "its promise", "a blunt attack", "the army attacks in",
    "the next high-level meeting" (right after a hyphenated compound adjective)."""
    if i >= 2 and s.words[i - 2] == "-":
        return True
    if any(w in _DETERMINERS for w in s.words[max(0, i - 2) : i]):
        return True
    word = s.words[j - 1]
    if word.endswith("s") and not word.endswith("ss") and j < len(s.words):
        starts_object = s.words[j] in _DETERMINERS or any(a == j for a, _, _ in s.mentions)
        return not starts_object
    return False


_IRREGULAR_PARTICIPLES = {"met", "held", "fought", "shot down", "struck", "taken", "brought down"}


def _participle(word: str) -> bool:
    return word.endswith(("ed", "en")) or word in _IRREGULAR_PARTICIPLES


def _clause(s: _Sent, i: int, j: int) -> tuple[int, int]:
    """Token range of the clause around a trigger, bounded by clause-opening words."""
    breaks = _cue_sets()["breaks"]
    words = s.words
    lo = i
    while lo > 0 and words[lo - 1] not in breaks and not _comma_and(s, lo - 1):
        lo -= 1
    hi = j
    while hi < len(words) and words[hi] not in breaks and not _comma_and(s, hi):
        hi += 1
    return lo, hi


def _comma_and(s: _Sent, k: int) -> bool:
    """ "..., and Erdogan flew to Moscow", "..., and the army ...": a comma and "and" before a
    new subject join two clauses; "..., and pull back" continues the same one."""
    if s.words[k] != "and" or k == 0 or s.words[k - 1] != "," or k + 1 >= len(s.words):
        return False
    nxt = s.raw[k + 1]
    return nxt[:1].isupper() or s.words[k + 1] in _DETERMINERS


def _is_fact(s: _Sent, c: _Candidate) -> bool:
    cs = _cue_sets()
    i, j = c.i, c.j
    if s.quoted[i]:
        return False
    lo, hi = _clause(s, i, j)
    if any(w in cs["conditionals"] for w in s.words[max(0, lo - 1) : i]):
        return False
    if any(w in cs["negations"] for w in s.words[max(lo, i - 3) : i]):
        return False
    spec = triggers()[c.event_type]
    if spec.needs and not _needs_met(s, spec.needs, i, j, hi):
        return False
    if spec.needs and any(a == j for a, _, m in s.mentions if m.kind == ACTOR):
        return False  # "bases that establish Moscow as a major player"
    if c.form == "verb" and _noun_use(s, i, j) and not _reduced_passive(s, c):
        return False
    scheduled = c.event_type in ("meeting", "visit")  # "are expected to meet in September"
    if not scheduled and any(w in cs["clause_hedges"] for w in s.words[lo:i]):
        return False
    if c.form == "verb":
        # An infinitive is an aim or a wish, not a fact: "to retake Idlib", "to agree";
        # unless it is what someone decided or announced ("decided to withdraw").
        if i > 0 and s.words[i - 1] == "to":
            return i > 1 and s.words[i - 2] in cs["decided"]
        if c.event_type in cs["announced"]:
            return True
        if s.has_phrase_before(cs["hedges"], i, 4, lo):
            return False
        if i > 1 and s.words[i - 2] == "to" and s.words[j - 1].endswith("ing"):
            return False  # "to reduce fighting"
        if s.words[j - 1].endswith("ing") and not _progressive(s, i, lo):
            return False  # "Kurdish allies fighting against Islamic State": a description
        # A gerund hanging off "of" is an idea: "the way of Syria eventually retaking".
        if s.words[j - 1].endswith("ing") and "of" in s.words[max(lo, i - 3) : i]:
            return not any(w in _BE for w in s.words[max(lo, i - 3) : i])
        return True
    # Nouns: not a hypothesis, not a reference to another event, and anchored.
    if s.has_phrase_after(cs["noun_hedges"], j, 3):
        return False
    if s.has_phrase_before(cs["reference"], i, 4, lo):
        return False
    if s.has_phrase_before(cs["hedges"], i, 3, lo):
        return False
    if s.words[j - 1].endswith("ing"):
        # "militias fighting on Assad's side" is a description; "heavy fighting" is an event.
        prev = s.words[i - 1] if i > 0 else ""
        compound = i >= 2 and s.words[i - 2] == "-"  # "high-level meeting"
        if prev and not (
            prev in _DETERMINERS or prev in cs["light"] or prev in cs["modifiers"] or compound
        ):
            return False
    if (i > 0 and s.words[i - 1] == "to") or (
        i > 1 and s.words[i - 2] == "to" and s.words[i - 1] not in _DETERMINERS
    ):
        return False  # "how to deal with", "to reduce fighting"
    if event_types()[c.event_type].family == "statement":
        return True
    before = s.words[max(0, i - 3) : i]
    if any(w in cs["light"] for w in before):
        return True
    k = j
    if k < len(s.words) and s.words[k] in ("on", "in", "over", "about"):
        # a named topic or place between: "the next meeting on Syria will be held"
        k = next((b + 1 for a, b, _ in s.mentions if a == k + 1), k)
    while k < min(len(s.words), j + 6) and (s.words[k] in _BE or s.words[k] in ("will", "has")):
        k += 1
    if k < len(s.words) and s.words[k] in cs["light"] and _participle(s.words[k]):
        # "a truce announced on Aug. 1", "the deal reached in Sochi", "the next meeting will
        # be held in Astana in mid-July"
        return True
    if j < len(s.words) and s.words[j] in ("that", "which"):
        # "the ceasefire that Russia declared", "the deal which Ankara signed"
        after = s.words[j + 1 : min(len(s.words), j + 5)]
        if any(w in cs["light"] and w.endswith("ed") for w in after):
            return True
    if spec.needs_light_verb:
        return False
    if any(lo <= k < hi and abs(k - i) <= 8 for k, _ in s.dates):
        return True
    if _fatalities(s, c)[0] is not None:
        return True
    if any(w in _KILLED for w in s.words[j : j + 3]):
        return True  # "Intense fighting has killed dozens", "when air strikes hit the road"
    if event_types()[c.event_type].violent and _attributed(s, j):
        return True  # "air strikes that local monitors attributed to Russian jets hit ..."
    if j < len(s.words) and s.words[j] in ("between", "with", "against", "on"):
        return any(a >= j and a <= j + 4 and m.kind == ACTOR for a, _, m in s.mentions)
    return False


def _reduced_passive(s: _Sent, c: _Candidate) -> bool:
    """An agreement verb's participle with its agent after a noun: "the memorandum signed by
    the presidents", "the ceasefire agreed by Russia and Turkey" (a reduced passive relative
    clause) tells the signing; "a truce negotiated by Moscow" or "the country accused by
    Erdogan" describe."""
    return (
        event_types()[c.event_type].family == "agreement"
        and _participle(s.words[c.j - 1])
        and c.j < len(s.words)
        and s.words[c.j] == "by"
    )


def _attributed(s: _Sent, j: int) -> bool:
    """A violent noun whose author the sentence names: "strikes carried out by Turkish
    drones", "air strikes that local monitors attributed to Russian jets"."""
    for phrase in _cue_sets()["agents"]:
        if len(phrase) < 2:
            continue  # a bare "by" is too loose ("attacks by the thousands")
        n = len(phrase)
        for k in range(j, min(len(s.words), j + 5) - n + 1):
            if s.words[k : k + n] == phrase:
                return any(
                    a == k + n or a == k + n + 1 for a, _, m in s.mentions if m.kind == ACTOR
                )
    return False


_KILLED = {
    "killed",
    "killing",
    "kills",
    "wounded",
    "claimed",
    "left",
    "hit",
    "struck",
    "targeted",
    "pounded",
    "destroyed",
}
_ING_LEADS = {
    "by",
    "after",
    "before",
    "while",
    "began",
    "begun",
    "started",
    "continued",
    "resumed",
    "stopped",
    "kept",
    "keep",
    "continue",
    "continues",
    "start",
    "begin",
}


def _progressive(s: _Sent, i: int, lo: int) -> bool:
    """An -ing trigger that tells an act: "are threatening", "by sending", ", killing three"."""
    before = s.words[max(0, i - 2) : i]
    if not before or before[-1] == ",":
        return True
    return any(w in _BE or w in _ING_LEADS for w in before)


def _needs_met(s: _Sent, needs, i: int, j: int, hi: int) -> bool:
    """The words a trigger needs follow it, or precede it across "that"/"which"
    ("one of 12 posts that Ankara established")."""
    if any(w in needs for w in s.words[j : min(hi, j + 8)]):
        return True
    for k in range(i - 1, max(-1, i - 13), -1):
        if s.words[k] in needs:
            return any(w in ("that", "which") for w in s.words[k:i])
    return False


def _candidates(s: _Sent, matches) -> tuple[list[_Candidate], list[_Candidate], list]:
    """Trigger matches that report facts, every statement-like match (fact or not), and
    definite violent nouns that refer back to an event already told ("the attack")."""
    types = event_types()
    found, speech, anaphors = [], [], []
    inside = {k for a, b, _ in s.mentions for k in range(a, b + 1)}
    for key, form, i, j in matches:
        if any(k in inside for k in range(i, j)):
            continue  # "Islamic State" names a group, not a statement
        if form == "verb" and i > 0 and s.raw[i][:1].isupper() and s.words[i - 1] not in _OPENERS:
            continue  # a capitalised word inside a sentence is a name: "Secretary of State"
        c = _Candidate(key, form, i, j)
        if types[key].family == "statement" and not s.quoted[i]:
            speech.append(c)
        if _is_fact(s, c):
            found.append(c)
        elif (
            form == "noun"
            and types[key].violent
            and i > 0
            and s.words[i - 1] in ("the", "this", "that")
        ):
            anaphors.append(c)
    # A noun right after a verb trigger is its object, not another event: "militants attacked
    # a joint patrol", "condemned the attack".
    verbs = [c for c in found if c.form == "verb"]
    found = [
        c
        for c in found
        if c.form == "verb"
        or not any(
            v.j <= c.i <= v.j + 4
            and all(w in _DETERMINERS or not _is_trigger_gap(w) for w in s.words[v.j : c.i])
            for v in verbs
        )
    ]
    # Longer matches win over the words they contain ("air strike" over "strike").
    found.sort(key=lambda c: (c.i, -(c.j - c.i)))
    kept: list[_Candidate] = []
    for c in found:
        if kept and c.i < kept[-1].j and kept[-1].i <= c.i:
            continue
        kept.append(c)
    return kept, speech, anaphors


_OPENERS = {'"', "“", "‘", "'", ":", "(", "—", "–", "-"}


def _named_agreement_verbs() -> set[str]:
    return {w.lower() for w in cues().get("agreement_verbs", [])}


def _named_agreements_reached(s: _Sent, cands: list[_Candidate]) -> list[_Candidate]:
    """ "Russia and Turkey reached a ceasefire agreement in Moscow on 5 March": an agreement
    named right after a verb of concluding is the agreement event (the trigger words inside
    its name are part of the name and report nothing by themselves)."""
    verbs = _named_agreement_verbs()
    added = []
    for a, b, m in s.mentions:
        if m.kind != AGREEMENT:
            continue
        k = a - 1
        while k >= 0 and s.words[k] in ("a", "an", "the"):
            k -= 1
        if k < 0 or s.words[k] not in verbs or s.quoted[a]:
            continue
        if any(c.i <= k < c.j or a <= c.i <= b for c in cands):
            continue  # the verb is already a trigger ("signed a memorandum")
        c = _Candidate("agreement_reached", "noun", a, b + 1)
        if _is_fact(s, c):
            added.append(c)
    return sorted(cands + added, key=lambda c: c.i) if added else cands


def _is_trigger_gap(word: str) -> bool:
    """Words that end an object phrase between a verb and a noun: a clause or a preposition."""
    return word in _cue_sets()["breaks"] or word in _LOCATIVE or word in (",", "and", "but")


def _refine(s: _Sent, c: _Candidate) -> None:
    text = " " + " ".join(s.words) + " "
    for target, cue_words in triggers()[c.event_type].refine.items():
        if any(f" {cue} " in text for cue in cue_words):
            c.event_type = target
            return


def _select(s: _Sent, cands: list[_Candidate], speech: list[_Candidate]) -> list[_Candidate]:
    """The main trigger of each family and clause; allegations stay allegations."""
    types = event_types()
    statements = [c for c in cands if types[c.event_type].family == "statement"]
    others = []
    for c in cands:
        if types[c.event_type].family == "statement":
            continue
        said = [st for st in speech if st.i < c.i]
        if said and c.event_type == "ceasefire_violation":
            # "Moscow says Turkey is violating the deal": an accusation, not a violation.
            speaker = next((st for st in statements if st.i == said[-1].i), None)
            if speaker is not None:
                speaker.event_type = "accusation"
                speaker.speaker_of = c
            continue
        if any(st.event_type == "accusation" for st in said):
            continue  # "accused Turkish forces of mingling with terrorists"
        others.append(c)
    for c in others:
        _refine(s, c)
    best: dict[tuple, _Candidate] = {}
    for c in others + statements:
        family = types[c.event_type].family
        group = (
            family,
            _clause(s, c.i, c.j)[0] if family != "statement" else 0,
            c.i if _own_predicate(s, c) else -1,
        )
        current = best.get(group)
        if current is None or types[c.event_type].priority > types[current.event_type].priority:
            best[group] = c
    chosen = sorted(best.values(), key=lambda c: -types[c.event_type].priority)
    non_statement = [c for c in chosen if types[c.event_type].family != "statement"][:3]
    statement = [c for c in chosen if types[c.event_type].family == "statement"][:1]
    return sorted(non_statement + statement, key=lambda c: c.i)


def _own_predicate(s: _Sent, c: _Candidate) -> bool:
    """A verb after "and" with its own time: "have pressed an offensive since December and last
    week recaptured Maarat al-Numan" tells a second event of the family, on another day."""
    if c.form != "verb":
        return False
    k = c.i - 1
    while k >= 0 and k > c.i - 6 and s.words[k] != "and":
        k -= 1
    if k < 0 or s.words[k] != "and":
        return False
    start, end = s.starts[k], s.starts[c.i]
    return any(start <= d.start < end for _, d in s.dates)


_MOVING = {"withdrawal", "deployment"}
_AUX = {
    "has",
    "have",
    "had",
    "been",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "also",
    "then",
    "later",
    "reportedly",
    "already",
    "since",
    "now",
}


def _actor_before(
    s: _Sent, i: int, records, lo: int = 0, *, asides: bool | str = True
) -> tuple[int, EntityMention] | None:
    """The nearest actor mention before token ``i`` in its clause.

    A comma-bounded aside right before the verb is jumped ("Votel, who commands American
    forces, said"; "Assad's forces, backed by Russian air power, have been waging").
    """
    breaks = _cue_sets()["breaks"]
    k = i - 1
    while k >= lo:
        word = s.words[k]
        if word == ",":
            between = s.words[k + 1 : i]
            if asides == "short":
                # "the Syrian government, backed by Russian air power, launched an offensive"
                if not between or len(between) > 4 or any(w in breaks for w in between):
                    return None
            elif not asides or any(w not in _AUX for w in between):
                return None
            prev = next((p for p in range(k - 1, -1, -1) if s.words[p] == ","), None)
            if prev is None or k - prev > 14:
                return None
            return _actor_before(s, prev, records, 0, asides=False)
        if word in ("which", "who") and k > 0:
            return _antecedent(s, k, records)
        if word in breaks or word in _QUOTE_CHARS or s.quoted[k]:
            return None
        for a, b, m in reversed(s.mentions):
            if (
                m.kind == ACTOR
                and b == k
                and not _is_commentator(m, records)
                and not _qualifier(s, b)
                and not (a > 0 and (s.words[a - 1] in _LOCATIVE or s.words[a - 1].endswith("ing")))
            ):
                return a, m
        k -= 1
    if 0 < lo < len(s.words) and s.words[lo - 1] in ("which", "who"):
        return _antecedent(s, lo - 1, records)
    return None


def _antecedent(s: _Sent, k: int, records) -> tuple[int, EntityMention] | None:
    """ "Moscow — which launched an air campaign": the relative pronoun's antecedent."""
    p = k - 1 if s.words[k - 1] not in (",", "—", "–", "-") else k - 2
    for a, b, m in s.mentions:
        if m.kind == ACTOR and b == p and not _is_commentator(m, records):
            return a, m
    return None


_PRONOUNS = {"it", "he", "she", "they"}


def _pronoun_subject(
    s: _Sent, i: int, last_person: EntityMention | None = None
) -> tuple[int, EntityMention] | None:
    """ "Turkey lost 50 soldiers ..., before it launched Operation Spring Shield": a pronoun
    subject stands for the sentence's first actor; "he"/"she" with no actor before it in the
    sentence for the last person an earlier sentence named ("... Putin's sense of opportunity.
    Asked about the attacks, he suggested ...")."""
    k = i - 1
    while k >= 0 and s.words[k] in _AUX:
        k -= 1
    if k < 0 or s.words[k] not in _PRONOUNS:
        return None
    found = next(((a, m) for a, b, m in s.mentions if m.kind == ACTOR and b < k), None)
    if found is None and s.words[k] in ("he", "she") and last_person is not None:
        return k, last_person
    return found


def _coordinated_subject(s: _Sent, i: int, records) -> list[EntityMention]:
    """ "Russia and Turkey had agreed", "Erdogan and Putin hold frequent talks",
    "Turkish President Erdogan and Russian President Putin reached a deal"."""
    cs = _cue_sets()
    found: list[EntityMention] = []
    k, skipped = i - 1, 0
    while k >= 0:
        word = s.words[k]
        hit = next(
            (
                (a, m)
                for a, b, m in s.mentions
                if b == k and m.kind == ACTOR and not _qualifier(s, b)
            ),
            None,
        )
        if hit is not None:
            if _is_commentator(hit[1], records):
                return []
            found.append(hit[1])
            k, skipped = hit[0] - 1, 0
            continue
        if found and word in ("and", ","):
            k -= 1
            continue
        if found and s.raw[k][:1].isupper() and skipped < 3:  # "Russian President"
            k -= 1
            skipped += 1
            continue
        if found:
            break
        if word in cs["breaks"] or word in _QUOTE_CHARS or skipped >= 3 or word == ",":
            break
        k -= 1
        skipped += 1
    return found[::-1]


def _actors_after(
    s: _Sent, j: int, hi: int, records, *, all_of_them: bool = False, listed: bool = False
):
    found = []
    if not all_of_them:
        hi = next((k for k in range(j, hi) if s.words[k] in (",", "(") or s.quoted[k]), hi)
    elif listed:
        hi = next((k for k in range(j, hi) if s.words[k] in _LOCATIVE), hi)
    for a, b, m in s.mentions:
        if m.kind != ACTOR or a < j or a >= hi or _is_commentator(m, records):
            continue
        if _qualifier(s, b):
            continue
        lead = s.words[a - 1] if a > 0 else ""
        lead2 = " ".join(s.words[max(0, a - 3) : a])
        if not listed and (lead in _LOCATIVE or "support of" in lead2 or "backed" in lead):
            continue
        found.append(m)
        if not all_of_them:
            break
    return found


def _qualifier(s: _Sent, b: int) -> bool:
    """True for an actor written as part of a compound: "Moscow-backed", "Ankara-based"."""
    return (
        b + 2 < len(s.words) and s.words[b + 1] == "-" and s.words[b + 2] in _cue_sets()["compound"]
    )


def _is_commentator(m: EntityMention, records) -> bool:
    record = records.get(m.key)
    if record is None or record.subkind != "person":
        return False
    described = (record.description or "").lower()
    return any(word in described for word in _cue_sets()["commentators"])


def _agent_after(s: _Sent, j: int, records) -> EntityMention | None:
    """The actor named after "by", "blamed on", "at the hands of" following the trigger."""
    for phrase in _cue_sets()["agents"]:
        n = len(phrase)
        for k in range(j, min(len(s.words), j + 5) - n + 1):
            if s.words[k : k + n] == phrase:
                after = _actors_after(s, k + n, min(len(s.words), k + n + 6), records, listed=True)
                if after:
                    return after[0]
    return None


def _is_passive(s: _Sent, c: _Candidate) -> bool:
    if c.form != "verb":
        return False
    word = s.words[c.j - 1]
    participle = _participle(word)
    if participle and c.j < len(s.words) and s.words[c.j] == "by":
        return True  # "Idlib, seized by militants linked to al-Qaeda"
    return participle and any(w in _BE or w == "had" for w in s.words[max(0, c.i - 2) : c.i])


def _roles(s: _Sent, c: _Candidate, records, last_person=None) -> list[EventActorRef]:
    spec = event_types()[c.event_type]
    lo, hi = _clause(s, c.i, c.j)
    refs: list[EventActorRef] = []

    def add(m: EntityMention | None, role: str) -> None:
        if m is not None and all(r.key != m.key for r in refs):
            refs.append(EventActorRef(key=m.key, role=role, text=m.text))

    if spec.roles == "joint":
        at = next(
            (k for k in range(c.j, min(hi, c.j + 5)) if s.words[k] in ("between", "with", "among")),
            None,
        )
        marker = s.words[at] if at is not None else ""
        if marker:
            listed = _actors_after(s, at + 1, hi, records, all_of_them=True, listed=True)
            if listed:
                subject = None
                if marker == "with":  # "Putin proposed ... at talks with Erdogan"
                    subject = next(
                        ((a, m) for a, _, m in s.mentions if m.kind == ACTOR and lo <= a < c.i),
                        None,
                    )
                add(subject[1] if subject else None, PARTICIPANT)
                for m in listed:
                    add(m, PARTICIPANT)
                return refs
        if spec.family == "agreement" and _is_passive(s, c):
            # "The memorandum was signed by Shoigu and Akar": the agents are the parties.
            by = next((k for k in range(c.j, min(hi, c.j + 3)) if s.words[k] == "by"), None)
            if by is not None:
                for m in _actors_after(s, by + 1, hi, records, all_of_them=True):
                    add(m, PARTICIPANT)
                if refs:
                    return refs
        for m in _coordinated_subject(s, c.i, records):
            add(m, PARTICIPANT)
        if refs:
            return refs
        for a, _, m in s.mentions:
            if m.kind == ACTOR and lo <= a < c.i and not _is_commentator(m, records):
                lead = s.words[a - 1] if a > 0 else ""
                if lead not in _LOCATIVE:
                    add(m, PARTICIPANT)
        if not refs:
            found = _actor_before(s, c.i, records)
            add(found[1] if found else None, PARTICIPANT)
        return refs

    if c.speaker_of is not None:  # an accusation: the speaker accuses the subject of the act
        found = _actor_before(s, c.i, records)
        if found is None:
            after = _actors_after(s, c.j, c.j + 4, records)
            found = (0, after[0]) if after else None
        add(found[1] if found else None, INITIATOR)
        violator = _actor_before(s, c.speaker_of.i, records, lo=c.j)
        add(violator[1] if violator else None, TARGET)
        return refs

    if spec.family == "humanitarian":  # the displaced are people; only who drove them out
        agent = _agent_after(s, c.j, records)
        add(agent, INITIATOR)
        return refs
    agent = _agent_after(s, c.j, records)
    if _is_passive(s, c) or (agent is not None and c.form == "noun"):
        add(agent, INITIATOR)
        subject = _actor_before(s, c.i, records, lo)
        add(subject[1] if subject else None, TARGET)
        return refs
    subject = _actor_before(
        s, c.i, records, lo, asides=True if spec.family == "statement" else "short"
    )
    if subject is None and c.form == "verb":
        subject = _pronoun_subject(s, c.i, last_person)
    if subject is None and _own_predicate(s, c):
        # "Syrian troops ... have pressed an offensive ... and last week recaptured Maarat":
        # the second predicate shares the sentence's subject.
        subject = next(
            ((a, m) for a, _, m in s.mentions if m.kind == ACTOR and a <= 1 and a < c.i), None
        )
    if subject is None and c.i > 0 and s.words[c.i - 1] == "," and s.words[c.j - 1].endswith("ing"):
        # ", demanding Europe support...": the participle's subject is the main clause's.
        subject = _actor_before(s, c.i - 1, records, 0, asides=False)
    if c.form == "noun" and subject is not None:
        # "Assad's offensive", or "Ankara launched an offensive": adjacent or via a light verb.
        between = s.words[subject[0] : c.i]
        light = _cue_sets()["light"]
        if c.i - subject[0] > 4 and not any(w in light for w in between):
            subject = None
    prev = s.words[c.i - 1] if c.i > 0 else ""
    if subject is None and spec.family == "statement" and (prev == "," or prev in _QUOTE_CHARS):
        after = _actors_after(s, c.j, min(hi, c.j + 4), records)  # '..." said Yury Barmin'
        subject = (0, after[0]) if after else None
    if subject is not None:
        add(subject[1], INITIATOR)
    if spec.family == "statement" and c.event_type == "statement":
        return refs
    start = c.j
    if c.form == "noun":
        for k in range(c.j, min(hi, c.j + 4)):
            if s.words[k] in ("against", "on", "of", "targeting"):
                start = k + 1
                break
        else:
            return refs
    if spec.family == "humanitarian":
        return refs  # the displaced are people, not actors
    for m in _actors_after(s, start, min(hi, start + 6), records):
        # Whoever is withdrawn or deployed is the one moving: "pull out 2,000 U.S. troops".
        add(m, INITIATOR if c.event_type in _MOVING else TARGET)
    return refs


@cache
def _figure_patterns() -> dict[str, list[re.Pattern]]:
    nouns = "|".join(sorted(_cue_sets()["casualty_nouns"]))
    words = "|".join(sorted(map(re.escape, _cue_sets()["numbers"]), key=len, reverse=True))
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
    return _cue_sets()["numbers"].get(word)


def _fatalities(s: _Sent, c: _Candidate) -> tuple[int | None, int | None]:
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


def _nearest(s: _Sent, c: _Candidate, kind: str) -> EntityMention | None:
    options = [(abs(a - c.i), m) for a, _, m in s.mentions if m.kind == kind]
    return min(options, key=lambda o: o[0])[1] if options else None


def _place(s: _Sent, c: _Candidate, text: str) -> tuple[EntityMention | None, str]:
    places = [(a, m) for a, _, m in s.mentions if m.kind == PLACE]
    if not places:
        return None, ""
    after = [(a, m) for a, m in places if a >= c.j]
    a, m = after[0] if after else min(places, key=lambda p: abs(p[0] - c.i))
    lead = _PLACE_LEAD.search(text[max(s.sentence.start, m.start - 60) : m.start])
    location = (lead.group(0) if lead else "") + m.text
    return m, location.strip()[:200]


def _summary(event_type: str, refs: list[EventActorRef], records, location: str) -> str:
    spec = event_types()[event_type]

    def names(role):
        return " and ".join(
            (records[r.key].name if r.key in records else r.text) for r in refs if r.role == role
        )

    text = spec.summary.format(
        initiator=names(INITIATOR), target=names(TARGET), participants=names(PARTICIPANT)
    )
    text = re.sub(r"\s+(?:on|with|against|of|between|by|to|among)\s*$", "", text.strip())
    text = re.sub(r"\s{2,}", " ", text).strip()
    if not text or text[0].islower():
        text = spec.label if not text else text[0].upper() + text[1:]
    if location:
        text += f" ({location})"
    return text[:300]


def _date_for(
    s: _Sent, c: _Candidate, previous, published_on, precision, stated_year, taken=(), alone=False
):
    """The date of one event from the words of its sentence. ``alone``: the sentence reports
    this event only, so its one date expression is the event's however far from the trigger
    ("a Russian air strike on a camp of X, a faction of Y, in Z on Monday")."""
    if not s.dates:
        return None
    lo, hi = _clause(s, c.i, c.j)
    statement = event_types()[c.event_type].family == "statement"
    reporting = {"said", "says", "told", "announced", "indicated", "stated", "added", "warned"}

    def dates_speech(k: int, d) -> bool:
        before = s.words[k - 1] if k > 0 else ""
        end = s.token_at(d.end - 1) + 1
        after = s.words[end] if end < len(s.words) else ""
        return before in reporting or after in reporting

    near = [(k, d) for k, d in s.dates if abs(k - c.i) <= 15 or (alone and len(s.dates) == 1)]
    in_clause = [(k, d) for k, d in near if lo <= k < hi]
    if statement:
        # A statement is dated by the words next to its verb ("said Wednesday", "on Wednesday
        # indicated", "On Wednesday, X said"), not by the dates of what was said.
        first_comma = next((k for k, w in enumerate(s.words) if w == ","), len(s.words))

        def dates_statement(k: int, d) -> bool:
            if dates_speech(k, d):
                return True
            if c.j <= k <= c.j + 4 and k < hi:
                return True  # "warned Europe on Wednesday"
            if not (lo <= k < c.i and c.i - k <= 15):
                return False
            if k < first_comma and d.kind != "previous_event":
                return True  # "Speaking on Thursday, Minister of ... X said"
            return "," not in s.words[k : c.i] and c.i - k <= 10

        pool = [(k, d) for k, d in near if dates_statement(k, d)]
    else:
        pool = in_clause or [
            (k, d)
            for k, d in near
            if not dates_speech(k, d) and _clause(s, k, k + 1)[0] not in taken
        ]
    if not pool:
        # "On March 5, following weeks of clashes ..., the leaders reached a deal."
        pool = [(k, d) for k, d in s.dates if k <= 1 and "," in s.words[k : k + 6]]
    if not pool:
        return None
    k, mention = min(pool, key=lambda kd: abs(kd[0] - c.i))
    local = dates_mod.DateMention(
        mention.start - s.sentence.start,
        mention.end - s.sentence.start,
        mention.text,
        mention.kind,
        mention.parts,
    )
    resolved = dates_mod.resolve(
        local,
        published_on=published_on,
        published_precision=precision,
        previous=previous,
        future=dates_mod.is_future(s.sentence.text, local),
        stated_year=stated_year,
    )
    return dates_mod.shift(resolved, start=s.sentence.start)


def _last_person(mentions, records, default):
    """The last person a sentence names, else ``default`` (the last one named before it)."""
    for m in reversed(mentions):
        if m.kind == ACTOR and getattr(records.get(m.key), "subkind", "") == "person":
            return m
    return default


def _refers_back(s: _Sent) -> bool:
    """ "in the strike", "this attack": a definite violent noun that names an event already
    told (a trigger word of a violent type after "the", "this" or "that")."""
    words = s.words
    return any(
        k > 0
        and words[k - 1] in ("the", "this", "that")
        and words[k] in _violent_heads()
        and (k + 1 == len(words) or words[k + 1] not in ("on", "against", "of", "in", "by"))
        for k in range(1, len(words))
    )


@cache
def _violent_heads() -> frozenset[str]:
    """Single-word nouns and base verbs of the violent event types ("strike", "attack")."""
    heads = set()
    for key, spec in triggers().items():
        if not event_types()[key].violent:
            continue
        for phrase in list(spec.nouns) + [forms[0] for forms in spec.verbs if forms]:
            if " " not in phrase:
                heads.add(phrase.lower())
    return frozenset(heads)


_TERMINAL = tuple(".!?\"”’')…;:")


def _label_line(text: str, sentence: Sentence) -> bool:
    """A whole line that does not end like a sentence: a headline, kicker, teaser or caption
    label ("Two Russian servicemen injured in attack on joint patrol"). News prose ends its
    sentences; such lines repeat or announce what the prose reports."""
    if sentence.text.rstrip().endswith(_TERMINAL):
        return False
    before = text[: sentence.start].rstrip(" \t")
    after = text[sentence.end :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def _enrich(event: ExtractedEvent, s: _Sent) -> None:
    """ "The convoy that fell victim to the attack ... the Morek post": a later sentence
    about an event already told adds the observation post or place it names."""
    if event.post_key is None:
        post = next((m for _, _, m in s.mentions if m.kind == POST), None)
        event.post_key = post.key if post else None
    if event.place_key is None:
        place = next((m for _, _, m in s.mentions if m.kind == PLACE), None)
        event.place_key = place.key if place else None


def extract_events(
    text: str,
    entities: EntityExtraction,
    *,
    published_on: date | None,
    precision: str = "",
) -> list[ExtractedEvent]:
    """Every event the article reports, in reading order, each cited to its sentence."""
    nlp = _nlp()
    doc = nlp.make_doc(text)
    tokens = _Tokens.of(doc, text)
    matcher, labels = _matcher()
    by_sentence: dict[int, list] = {}
    sentences = sorted(entities.sentences, key=lambda x: x.start)
    sent_starts = [x.start for x in sentences]
    for match_id, i, j in matcher(doc):
        offset = doc[i].idx
        k = bisect.bisect_right(sent_starts, offset) - 1
        if k < 0 or offset >= sentences[k].end:
            continue
        key, form = labels[match_id]
        by_sentence.setdefault(k, []).append((key, form, doc[i].idx, doc[j - 1].idx))
    mentions_sorted = sorted(entities.mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions_sorted]
    stated_year = dates_mod.year_hint(text)
    records = entities.records
    types = event_types()
    events: list[ExtractedEvent] = []
    previous = None
    # The day the paragraph's narration is at ("held talks in Moscow on Monday. ... According to
    # the agency, Mamlouk demanded ..."): (paragraph number, resolved date, set by a violent event).
    narrative: tuple[int, dates_mod.ResolvedDate, bool] | None = None
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    last_violent: ExtractedEvent | None = None
    last_agreement: dates_mod.ResolvedDate | None = None  # date of the last dated agreement
    last_person: EntityMention | None = None  # the last person named in an earlier sentence
    for k, sentence in enumerate(sentences):
        lo = bisect.bisect_left(mention_starts, sentence.start)
        hi = bisect.bisect_left(mention_starts, sentence.end)
        sent_mentions = [m for m in mentions_sorted[lo:hi] if m.end <= sentence.end]
        speaker_before = last_person
        last_person = _last_person(sent_mentions, records, last_person)
        raw = by_sentence.get(k)
        paragraph = bisect.bisect_left(breaks, sentence.start)
        if narrative is not None and narrative[0] != paragraph:
            narrative = None
        if not raw or sentence.text.rstrip(" \"”’'*").endswith("?"):
            if not raw and not _label_line(text, sentence):
                told = _narrative_day(sentence, published_on, precision, previous, stated_year)
                narrative = (paragraph, told, False) if told is not None else narrative
            continue  # no trigger, or a question ("What did Russia and Turkey agree?")
        if _label_line(text, sentence):
            continue  # a headline, teaser or caption label: the article's prose tells the event
        found_dates = [
            dates_mod.DateMention(
                d.start + sentence.start, d.end + sentence.start, d.text, d.kind, d.parts
            )
            for d in dates_mod.find_dates(sentence.text)
            if d.kind != "this_year_stated"
        ]
        s = _prepare(tokens, sentence, sent_mentions, found_dates)
        matches = [(key, form, s.token_at(a), s.token_at(b) + 1) for key, form, a, b in raw]
        cands, speech, anaphors = _candidates(s, matches)
        cands = _named_agreements_reached(s, cands)
        chosen = _select(s, cands, speech)
        if anaphors and last_violent is not None:
            _enrich(last_violent, s)
        clauses = {c.i: _clause(s, c.i, c.j)[0] for c in chosen}
        found: list[ExtractedEvent] = []
        for c in chosen:
            spec = types[c.event_type]
            refs = _roles(s, c, records, speaker_before)
            taken = {lo_ for i_, lo_ in clauses.items() if i_ != c.i and lo_ != clauses[c.i]}
            resolved = _date_for(
                s, c, previous, published_on, precision, stated_year, taken, len(chosen) == 1
            )
            if (
                (resolved is None or resolved.date is None)
                and spec.family == "agreement"
                and last_agreement is not None
                and _definite_agreement_before(s, c)
            ):
                # "The memorandum was signed by Shoigu and Akar": the agreement told before.
                resolved = last_agreement
            dated = resolved is not None and bool(resolved.expression)
            if not refs and spec.family not in ("humanitarian", "violence"):
                # "A conditional truce announced on Aug. 1": an agreement dated but unnamed.
                standalone = spec.family == "agreement" or (
                    c.event_type in _DATED_WITHOUT_ACTORS
                    and c.form != "verb"
                    and not any(w in _cue_sets()["sequels"] for w in s.words[max(0, c.i - 2) : c.i])
                )
                if not (standalone and dated):
                    continue
            if spec.family == "statement" and not any(r.role == INITIATOR for r in refs):
                continue
            if (
                s.words[c.i].startswith("threat")
                and not any(r.role == TARGET for r in refs)
                and (c.j >= len(s.words) or s.words[c.j] != "to")
            ):
                continue  # "attacks are threatening a fragile situation": no one is threatened
            killed, wounded = _fatalities(s, c) if spec.violent else (None, None)
            if spec.violent and not refs and killed is None and wounded is None:
                continue
            if resolved is not None and resolved.date is not None:
                previous = resolved
            place, location = _place(s, c, text)
            agreement = _nearest(s, c, AGREEMENT)
            post = _nearest(s, c, POST)
            acled_sub = spec.acled_sub_event_type
            if spec.acled_state_sub_type and any(
                r.role == INITIATOR and getattr(records.get(r.key), "subkind", "") in STATE_KINDS
                for r in refs
            ):
                acled_sub = spec.acled_state_sub_type
            found.append(
                ExtractedEvent(
                    event_type=c.event_type,
                    cameo_code=spec.cameo,
                    acled_event_type=spec.acled_event_type,
                    acled_sub_event_type=acled_sub,
                    date=resolved.date if resolved else None,
                    date_precision=resolved.precision if resolved else "",
                    end_date=resolved.end_date if resolved else None,
                    date_expression=resolved.expression[:100] if resolved else "",
                    date_is_relative=resolved.is_relative if resolved else False,
                    actors=refs,
                    place_key=place.key if place else None,
                    location_text=location,
                    agreement_key=agreement.key if agreement else None,
                    post_key=post.key if post else None,
                    fatalities=killed,
                    wounded=wounded,
                    summary=_summary(c.event_type, refs, records, location),
                    sentence_start=sentence.start,
                    sentence_end=sentence.end,
                    quote=text[sentence.start : sentence.end],
                )
            )
        if last_violent is not None and last_violent.date is not None and _refers_back(s):
            # "78 fighters were killed in the strike": the strike told just before, its date.
            for event in found:
                if event.date is None and types[event.event_type].violent:
                    event.date, event.date_precision = (
                        last_violent.date,
                        last_violent.date_precision,
                    )
                    event.end_date = last_violent.end_date
                    event.date_expression = last_violent.date_expression
                    event.date_is_relative = last_violent.date_is_relative
        found = _one_report_per_fact(found)
        told = next(
            (
                e
                for e in reversed(found)
                if e.date is not None and e.date_expression and e.date_precision in _NARRATIVE
            ),
            None,
        )
        if (
            told is not None
            and types[told.event_type].family != "statement"
            and _has_any(s.words, _cue_sets()["future"])
        ):
            # "were due to hold talks later on Friday": a plan, not the narration (a statement
            # is dated by its verb, whatever it says of the future).
            told = None
            narrative = None
        if told is not None:
            narrative = (
                paragraph,
                dates_mod.ResolvedDate(
                    told.date,
                    told.date_precision,
                    told.end_date,
                    told.date_expression,
                    told.date_is_relative,
                ),
                types[told.event_type].violent,
            )
        elif (
            narrative is not None
            and not found_dates
            and not _PLUPERFECT.search(sentence.text)
            and not _has_any(s.words, _cue_sets()["responses"])
        ):
            for event in found:
                family = types[event.event_type].family
                if event.date is None and not (narrative[2] and family in _REACTIONS):
                    # Told in the paragraph's narration after a dated sentence: that day.
                    day = narrative[1]
                    event.date, event.date_precision = day.date, day.precision
                    event.end_date, event.date_expression = day.end_date, day.expression
                    event.date_is_relative = True
        for event in found:
            events.append(event)
            if (
                types[event.event_type].family == "agreement"
                and event.date is not None
                and event.date_precision in _NARRATIVE
            ):
                last_agreement = dates_mod.ResolvedDate(
                    event.date,
                    event.date_precision,
                    event.end_date,
                    event.date_expression,
                    event.date_is_relative,
                )
            if types[event.event_type].violent:
                last_violent = event
    return events


# Besides agreements ("a conditional truce announced on Aug. 1"), event types that stand without
# a named actor when the sentence dates them ("talks between Russian and Turkish officials in
# Moscow on Monday").
_DATED_WITHOUT_ACTORS = {"meeting"}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# "had pounded the area for days": the pluperfect steps back from the narration's day.
_PLUPERFECT = re.compile(
    r"\b(?:had|'d)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ne|ck|ht|ung)\b", re.IGNORECASE
)
# A statement after a violent event in the same paragraph reacts to it ("Ankara blamed the
# strikes on ...", "Stoltenberg condemned ..."), later than the day of the violence.
_REACTIONS = {"statement", "appeal"}
# Precisions of a day the narration can stay at for the rest of a paragraph; a month or a year
# ("since 2012") is a setting, not the moment being told.
_NARRATIVE = {"day", "week"}


@cache
def _agreement_heads() -> frozenset[str]:
    from .dictionary import load_vocabulary

    return frozenset(w.lower() for w in load_vocabulary()["agreement_heads"])


def _definite_agreement_before(s: _Sent, c: _Candidate) -> bool:
    """ "The memorandum was signed by ...", "The deal was signed by ...": the subject refers
    back to an agreement the article already told."""
    lo = _clause(s, c.i, c.j)[0]
    heads = _agreement_heads()
    return any(
        s.words[k] in heads and s.words[k - 1] in ("the", "this", "that")
        for k in range(max(lo, 1), c.i)
    )


def _has_any(words: list[str], phrases: list[list[str]]) -> bool:
    """Does any of the phrases (lists of lower-case words) occur in ``words``?"""
    return any(words[k : k + len(p)] == p for p in phrases for k in range(len(words) - len(p) + 1))


def _narrative_day(sentence: Sentence, published_on, precision, previous, stated_year):
    """The day a sentence without an event moves the narration to ("Moscow was busy with
    Turkish visitors on Monday."): its one date expression of day or week precision."""
    found = [d for d in dates_mod.find_dates(sentence.text) if d.kind != "this_year_stated"]
    if len(found) != 1:
        return None
    resolved = dates_mod.resolve(
        found[0],
        published_on=published_on,
        published_precision=precision,
        previous=previous,
        future=dates_mod.is_future(sentence.text, found[0]),
        stated_year=stated_year,
    )
    if resolved.date is None or resolved.precision not in _NARRATIVE:
        return None
    return resolved


# Events that are announced rather than seen: a statement's day is theirs.
_ANNOUNCED_ON_STATEMENT_DAY = {
    "agreement_reached",
    "ceasefire_agreed",
    "intent_to_cooperate",
    "withdrawal",
    "deployment",
    "operation_declared",
    "casualties",
}


def _one_report_per_fact(found: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """A sentence that says what someone said happened reports the happening once:
    "Putin said on Tuesday that Russia and Turkey had agreed steps" is the agreement (dated
    by the statement, since an agreement is made when it is announced), not also a statement.
    Deaths a statement reports are dated by it ("Turkey said Wednesday that two more
    soldiers had been killed")."""
    statement = next((e for e in found if e.event_type == "statement"), None)
    facts = [e for e in found if e.event_type != "statement"]
    if statement is not None and facts:
        for event in facts:
            if event.date is None and event.event_type in _ANNOUNCED_ON_STATEMENT_DAY:
                event.date, event.date_precision = statement.date, statement.date_precision
                event.end_date, event.date_expression = (
                    statement.end_date,
                    statement.date_expression,
                )
                event.date_is_relative = statement.date_is_relative
        found = facts
    return found
