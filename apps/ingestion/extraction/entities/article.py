"""The working state of one text (``ArticleState``) and a candidate mention (``Cand``).

``ArticleState`` holds the parse, the dictionary and its vocabularies, the date roles resolve
on, and the token helpers every rule uses: personal names, country references, locatives.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..dictionary import Dictionary, get_dictionary
from ..nlp import fold
from ..resolve import reference_date
from ..types import EntityRecord
from .parse import parse_text
from .words import PARTICLES


@dataclass
class Cand:
    start: int  # token indices
    end: int
    kind: str
    key: str
    via: str
    priority: int
    also: list[Cand] = field(default_factory=list)
    record: EntityRecord | None = None


class ArticleState:
    """Working state for one text."""

    def __init__(self, text: str, published_on: dt.date | None) -> None:
        self.text = text
        self.published_on = published_on
        self.dictionary: Dictionary = get_dictionary()
        self.vocab = self.dictionary.vocab
        parsed = parse_text(text, self.dictionary)
        self.doc: Doc = parsed.doc
        self.tok = parsed.tok
        self.sents = parsed.sents
        self.sent_of = parsed.sent_of
        self.spans = parsed.spans
        self.by_start, self.by_end = parsed.by_start, parsed.by_end
        self.ref_date = reference_date(text, published_on, self.vocab.get("undated_reference"))
        self.not_names = set(self.vocab.get("not_names") or [])
        self.generic = {w.lower() for w in self.vocab.get("generic_words") or []}
        self.locative = set(self.vocab["locative_words"])
        self.backing = set(self.vocab["backing_words"])
        self.agreement_heads = self.vocab["agreement_heads"]
        self.not_existing = set(self.vocab["agreement_not_existing"])
        self.post_words = set(self.vocab["post_words"]) - {"point", "points"}
        self.site_links = set(self.vocab["site_link_words"])
        self.list_openers = set(self.vocab.get("post_list_openers") or [])
        self.blocked, self.no_patterns = parsed.blocked, parsed.no_patterns

    # --- token helpers --------------------------------------------------------------------
    def is_name_token(self, i: int) -> bool:
        if i >= len(self.tok):
            return False
        t = self.tok[i]
        text = t.text
        if not text[:1].isupper() or (len(text) > 1 and text.isupper()):
            return False
        if not (t.is_alpha or re.fullmatch(r"[A-Z][\w'’]+", text)):
            return False
        if text in self.not_names or fold(text) in self.not_names:
            return False
        return not self._has_label(i, i + 1, ("DEMONYM:", "CAPITAL:", "TITLE:", "ROLE"))

    def _has_label(self, s: int, e: int, prefixes: tuple[str, ...]) -> bool:
        for end, labels in self.by_start.get(s, []):
            if end == e and any(label.startswith(prefixes) for label in labels):
                return True
        return False

    def name_at(self, i: int) -> tuple[int, int]:
        """End token and word count of a personal name starting at token ``i``."""
        doc, n = self.tok, len(self.tok)
        j, count = i, 0
        while j < n and j - i < 7:
            if self.is_name_token(j):
                j += 1
                count += 1
                continue
            t = doc[j]
            if count and t.lower_ in PARTICLES:
                k = j + 1
                if k < n and doc[k].text == "-":
                    k += 1
                if self.is_name_token(k):
                    j, count = k + 1, count + 1
                    continue
            if count and t.text == "-" and not doc[j - 1].whitespace_ and self.is_name_token(j + 1):
                j += 2
                continue
            break
        return j, count

    def name_ending(self, e: int) -> tuple[int, int]:
        """Start token and word count of a personal name ending just before token ``e``."""
        best = (e, 0)
        for s in range(max(0, e - 7), e):
            end, count = self.name_at(s)
            if end == e and count > best[1]:
                best = (s, count)
        return best

    def country_ending(self, e: int) -> tuple[str, int] | None:
        """(alpha-3, start) of a country reference ending at token ``e`` ("Turkish", "Turkey's")."""
        doc = self.tok
        possessive = e > 0 and doc[e - 1].norm_ in {"'s", "'"}
        ends = [e - 1, e] if possessive else [e]
        for end in ends:
            for s, labels in self.by_end.get(end, []):
                a3 = self.country_of(labels, allow_demonym=end == e)
                if a3:
                    return a3, s
        return None

    def country_of(self, labels: set[str], allow_demonym: bool = True) -> str | None:
        for label in labels:
            if label.startswith("actor:state-"):
                return self.dictionary.entries[label].affiliation
            if label.startswith("CAPITAL:"):
                return label.split(":", 1)[1]
            if allow_demonym and label.startswith("DEMONYM:"):
                return label.split(":", 1)[1]
        return None

    def actor_keys(self, labels: set[str]) -> list[str]:
        return [k for k in labels if k.startswith("actor:")]

    def is_locative(self, s: int, e: int) -> bool:
        doc = self.tok
        if e + 1 < len(doc) and doc[e].text == "-" and doc[e + 1].lower_ == "based":
            return True
        if e + 1 < len(doc) and doc[e].text == "-" and doc[e + 1].lower_ in self.backing:
            return False
        k = s - 1
        while k >= 0 and doc[k].lower_ in {"the", "city", "of", "capital"}:
            k -= 1
        if k < 0:
            return False
        prev = doc[k].lower_
        if prev == "with" and k > 0 and doc[k - 1].lower_ in {"border", "borders", "frontier"}:
            return True
        if prev == "from" and e < len(doc) and doc[e].lower_ in {"to", "and"}:
            return True
        return prev in self.locative

    def char_span(self, s: int, e: int) -> tuple[int, int]:
        return self.tok[s].idx, self.tok[e - 1].idx + len(self.tok[e - 1].text)

    def span_text(self, s: int, e: int) -> str:
        a, b = self.char_span(s, e)
        return self.text[a:b]


def affiliation_in(art: ArticleState, s: int, e: int) -> str:
    """The country a phrase ties someone to: where an "X-based" institution is, else an
    organisation's country, else a state's or demonym's ("a Moscow-based expert" -> Russia)."""
    found, org = "", None
    for i in range(s, e):
        for end, labels in art.by_start.get(i, []):
            if end > e:
                continue
            based = end + 1 < len(art.tok) and art.tok[end].text == "-"
            if based and art.tok[end + 1].lower_ == "based":
                places = [lab for lab in labels if lab.startswith("place:")]
                code = art.country_of(labels) or (
                    art.dictionary.entries[places[0]].affiliation if places else ""
                )
                if code:
                    return code
            for key in art.actor_keys(labels):
                entry = art.dictionary.entries[key]
                if entry.subkind != "state" and org is None:
                    org = entry.affiliation  # an international body has none
            found = found or art.country_of(labels) or ""
    return org if org is not None else found


def covering_spans(art: ArticleState, prefix: str, exclude: str = "") -> dict[int, tuple[int, int]]:
    """Token -> the longest span with a label starting with ``prefix`` that covers it."""
    cover: dict[int, tuple[int, int]] = {}
    for (s, e), labels in art.spans.items():
        if any(
            lab.startswith(prefix) and not (exclude and lab.startswith(exclude)) for lab in labels
        ):
            for i in range(s, e):
                if i not in cover or cover[i][1] - cover[i][0] < e - s:
                    cover[i] = (s, e)
    return cover


def inside_longer(cover: dict[int, tuple[int, int]], s: int, e: int) -> bool:
    """True when a longer covered span strictly contains tokens ``s``..``e``."""
    span = cover.get(s)
    return span is not None and span[0] <= s and e <= span[1] and span[1] - span[0] > e - s
