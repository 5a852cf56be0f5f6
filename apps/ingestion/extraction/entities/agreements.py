"""Agreements: named ones from the dictionary, and descriptive ones resolved from their cues.

"a 1998 security treaty between Turkey and Syria" resolves from the years, months, parties and
places around its head word; a bare "the deal" right after a named agreement refers back to
it; a capitalised unknown name ("the Adana Agreement") becomes a new agreement.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from spacy.tokens import Doc

from apps.core.text import normalize_name
from apps.events.vocabulary import triggers

from ..resolve import AgreementCues, agreement_resolve
from ..types import AGREEMENT, EntityRecord
from .article import ArticleState, Cand
from .words import MONTHS, NUM, NUMBERS


def agreement_candidates(art: ArticleState) -> list[Cand]:
    out = []
    doc = art.tok
    actor_tokens = {
        i
        for (s, e), labels in art.spans.items()
        if e - s > 1 and any(lab.startswith("actor:") for lab in labels)
        for i in range(s, e)
    }
    for (s, e), labels in art.spans.items():
        for label in labels:
            if label.startswith("agreement:"):
                out.append(Cand(s, e, AGREEMENT, label, "dictionary", 70))
    # Named agreements by the token they end on, for "the deal" referring back to one.
    named_ends = sorted(c.end for c in out)
    named_by_end: dict[int, Cand] = {}
    for c in sorted(out, key=lambda c: (c.end, c.start)):
        named_by_end[c.end] = c
    sentence_cues: dict[int, tuple[str, frozenset[int], frozenset[int]]] = {}
    for token in doc:
        head = token.lower_
        h = token.i
        if (
            head == "cease"
            and h + 2 < len(doc)
            and doc[h + 1].text == "-"
            and doc[h + 2].lower_ == "fire"
        ):
            kind, h_end = "ceasefire", h + 3
        elif head in art.agreement_heads:
            kind, h_end = art.agreement_heads[head], h + 1
        else:
            continue
        if h in art.blocked or h in actor_tokens:
            continue
        n_sent = art.sent_of[h]
        sent_start, sent_end = art.sents[n_sent]
        ws, we = max(sent_start, h - 7), min(sent_end, h_end + 16)
        if n_sent not in sentence_cues:  # read once per sentence, not once per head word
            sentence_cues[n_sent] = _sentence_cues(art, sent_start, sent_end)
        text, years, months = sentence_cues[n_sent]
        cues = AgreementCues(years=set(years), months=set(months), text=text)
        ago = re.search(rf"\b{NUM}\s+years?\s+ago\b", art.doc[ws:we].text, re.I)
        if ago and art.published_on:
            n_years = NUMBERS.get(ago.group(1).lower()) or int(ago.group(1))
            cues.years.add(art.published_on.year - n_years)
        window = [
            ((s, e), labels)
            for s in range(ws, we)
            for e, labels in art.by_start.get(s, [])
            if e <= we
        ]
        place_spans = [
            (s, e) for (s, e), labels in window if any(lab.startswith("place:") for lab in labels)
        ]
        for (s, e), labels in window:
            inside_place = any(a <= s and e <= b and b - a > e - s for a, b in place_spans)
            a3 = None if inside_place else art.country_of(labels)
            if a3 and not art.is_locative(s, e):
                cues.parties.add(a3)
                continue
            for label in labels:
                if label.startswith("place:") and not label.startswith("place:country-"):
                    cues.places.add(label)
        capital_head = token.text[:1].isupper() and not token.is_sent_start
        before = {t.lower_ for t in doc[max(ws, h - 4) : h]}
        if before & art.not_existing:
            continue  # "without reaching an agreement", "a new deal": not a known agreement
        key = agreement_resolve(art.dictionary, cues, art.published_on)
        # Left edge: the modifiers right before the head ("1998 security treaty").
        s = h
        while (
            s > ws
            and s > h - 5
            and (not doc[s - 1].is_punct or _joins_words(doc, s - 1))
            and (doc[s - 1].like_num or not doc[s - 1].is_stop)
            and doc[s - 1].lower_ not in {"under", "with", "between"}
            and doc[s - 1].lower_ not in _verb_forms()  # "TR signs deal": not its name
        ):
            s -= 1
        via = "pattern"
        if s == h and h > 0 and doc[h - 1].lower_ in {"the", "this", "that"}:
            # "the deal" right after a named agreement refers back to it.
            k = bisect.bisect_right(named_ends, h) - 1
            last = named_by_end[named_ends[k]] if k >= 0 else None
            if last is not None and art.sent_of[h] - art.sent_of[last.start] <= 2:
                key, via = last.key, "coreference"
        if key:
            out.append(Cand(s, h_end, AGREEMENT, key, via, 60))
        elif capital_head and s < h and all(t.text[:1].isupper() or t.like_num for t in doc[s:h]):
            name = " ".join(art.doc[s:h_end].text.split())
            key = f"new-agreement:{normalize_name(name)}"
            record = EntityRecord(AGREEMENT, key, name, kind, from_dictionary=False,
                                  extra={"signed_on": None, "signed_on_precision": "",
                                         "party_keys": [], "summary": ""})  # fmt: skip
            out.append(Cand(s, h_end, AGREEMENT, key, "pattern", 50, record=record))
    return out


@cache
def _verb_forms() -> frozenset[str]:
    """The one-word forms of every event verb ("signs", "agreed"): a verb before a head word
    is what was done to the agreement, not a word of its name."""
    return frozenset(
        form
        for spec in triggers().values()
        for forms in spec.verbs
        for form in forms
        if " " not in form
    )


def _sentence_cues(art: ArticleState, s: int, e: int) -> tuple[str, frozenset[int], frozenset[int]]:
    """A sentence's text, the years it names and the months it names by name."""
    years, months = set(), set()
    for t in art.tok[s:e]:
        if t.like_num and len(t.text) == 4 and t.text.isdigit():
            years.add(int(t.text))
        month = MONTHS.get(t.lower_.rstrip("."))
        if month and t.text[:1].isupper():
            months.add(month)
    return art.doc[s:e].text, frozenset(years), frozenset(months)


def _joins_words(doc: Doc, i: int) -> bool:
    """A hyphen inside a word ("de-escalation")."""
    return doc[i].text == "-" and i > 0 and not doc[i - 1].whitespace_ and not doc[i].whitespace_
