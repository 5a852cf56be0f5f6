"""Finding the triggers of a sentence and keeping its main ones.

Trigger words of the vocabulary (``apps/events/data/triggers.yaml``) are matched with a spaCy
PhraseMatcher over the blank English tokenizer, once per article (``trigger_matches``). Of a
sentence's matches, ``main_triggers`` keeps those that report a fact (``facts.is_fact``), adds
an agreement named after a verb of concluding, then keeps the strongest trigger of each family
and clause, turns "X says Y is violating the deal" into an accusation and refines a type from
its context ("a fighter jet attacked" is an air strike).
"""

from __future__ import annotations

import bisect
from functools import cache

from spacy.matcher import PhraseMatcher

from apps.events.vocabulary import cues, event_types, triggers

from ..types import AGREEMENT, Sentence
from .facts import is_fact
from .sentence import (
    DETERMINERS,
    LOCATIVE,
    Candidate,
    PreparedSentence,
    blank_english,
    clause,
    cue_sets,
    fronted_participle,
    own_predicate,
)


def trigger_matches(doc, sentences: list[Sentence]) -> dict[int, list[tuple[str, str, int, int]]]:
    """The trigger words of an article (its spaCy Doc) by sentence number, in the order of
    ``sentences``: (event type, "verb" or "noun", offset of the first and of the last token)."""
    matcher, labels = _matcher()
    by_sentence: dict[int, list] = {}
    sent_starts = [x.start for x in sentences]
    for match_id, i, j in matcher(doc):
        offset = doc[i].idx
        k = bisect.bisect_right(sent_starts, offset) - 1
        if k < 0 or offset >= sentences[k].end:
            continue
        key, form = labels[match_id]
        by_sentence.setdefault(k, []).append((key, form, doc[i].idx, doc[j - 1].idx))
    return by_sentence


def main_triggers(
    s: PreparedSentence, raw: list[tuple[str, str, int, int]]
) -> tuple[list[Candidate], list[Candidate]]:
    """The triggers sentence ``s`` reports its events with, of its ``trigger_matches``, and the
    definite violent nouns that refer back to an event already told ("the attack")."""
    matches = [(key, form, s.token_at(a), s.token_at(b) + 1) for key, form, a, b in raw]
    cands, speech, anaphors = _candidates(s, matches)
    cands = _named_agreements_reached(s, cands)
    return _select(s, cands, speech), anaphors


@cache
def _matcher() -> tuple[PhraseMatcher, dict[int, tuple[str, str]]]:
    nlp = blank_english()
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


def _candidates(s: PreparedSentence, matches) -> tuple[list[Candidate], list[Candidate], list]:
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
        c = Candidate(key, form, i, j)
        if types[key].family == "statement" and not s.quoted[i]:
            speech.append(c)
        if is_fact(s, c):
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
            and all(w in DETERMINERS or not _is_trigger_gap(w) for w in s.words[v.j : c.i])
            for v in verbs
        )
    ]
    # Longer matches win over the words they contain ("air strike" over "strike").
    found.sort(key=lambda c: (c.i, -(c.j - c.i)))
    kept: list[Candidate] = []
    for c in found:
        if kept and c.i < kept[-1].j and kept[-1].i <= c.i:
            continue
        kept.append(c)
    return kept, speech, anaphors


_OPENERS = {'"', "“", "‘", "'", ":", "(", "—", "–", "-"}


def _named_agreement_verbs() -> set[str]:
    return {w.lower() for w in cues().get("agreement_verbs", [])}


def _named_agreements_reached(s: PreparedSentence, cands: list[Candidate]) -> list[Candidate]:
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
        c = Candidate("agreement_reached", "noun", a, b + 1)
        if is_fact(s, c):
            added.append(c)
    return sorted(cands + added, key=lambda c: c.i) if added else cands


def _is_trigger_gap(word: str) -> bool:
    """Words that end an object phrase between a verb and a noun: a clause or a preposition."""
    return word in cue_sets()["breaks"] or word in LOCATIVE or word in (",", "and", "but")


def _refine(s: PreparedSentence, c: Candidate) -> None:
    text = " " + " ".join(s.words) + " "
    for target, cue_words in triggers()[c.event_type].refine.items():
        if any(f" {cue} " in text for cue in cue_words):
            c.event_type = target
            return


def _select(
    s: PreparedSentence, cands: list[Candidate], speech: list[Candidate]
) -> list[Candidate]:
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
    best: dict[tuple, Candidate] = {}
    for c in others + statements:
        family = types[c.event_type].family
        group = (
            family,
            clause(s, c.i, c.j)[0] if family != "statement" else 0,
            c.i if own_predicate(s, c) or fronted_participle(s, c) else -1,
        )
        current = best.get(group)
        if current is None or _rank(s, c) > _rank(s, current):
            best[group] = c
    chosen = sorted(best.values(), key=lambda c: -types[c.event_type].priority)
    non_statement = [c for c in chosen if types[c.event_type].family != "statement"][:3]
    statement = [c for c in chosen if types[c.event_type].family == "statement"][:1]
    return sorted(non_statement + statement, key=lambda c: c.i)


def _rank(s: PreparedSentence, c: Candidate) -> tuple[bool, int]:
    """Which of two triggers of one family and clause tells the clause's act: not a noun set
    in the background ("following the capture of ..."), then the higher priority."""
    lead = s.words[max(0, c.i - 3) : c.i]
    background = c.form == "noun" and any(w in cue_sets()["background"] for w in lead)
    return (not background, event_types()[c.event_type].priority)
