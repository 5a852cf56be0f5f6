"""Sources are actors only where they act: outlets, wires, media centres, universities, the
research groups news cites, and reporters.

Which names are sources, and the words that cite, report or act, are data (``sources`` in
``apps/actors/data/titles.yaml``). An organisation is a source when its name or an alias is a
listed outlet or holds a source word ("... News Agency", "... Media Center", "University of
..."); a person is one when a reporter's role introduces them ("correspondent Jane Doe", "Jane
Doe, the paper's bureau chief").

Each mention of a source is read in its sentence, without a parser:

* acted upon: an action word right before it, in the same clause ("gunmen shot at the SANA
  crew", "an attack on the agency");
* cited: a citing phrase or a verb of saying before it ("according to SANA", "told Reuters",
  "said Jane Doe", "Sources: ..."), or a verb of saying after it before any action word
  ("SANA reported that ...", "SANA, in a report, said ...");
* acting: otherwise, an action word after it before any verb of saying ("the agency's office
  was raided", "a Reuters crew came under fire").

A source with no acting mention is no actor: all its mentions are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from apps.core.text import normalize_name

from ..nlp import fold
from .article import ArticleState, Cand

CITED, ACTING = "cited", "acting"
# How far a mention's cue may be: words before it, words after it.
_BEFORE, _AFTER = 7, 12
_CLAUSE_END = {".", ";", "!", "?"}


@dataclass(frozen=True)
class SourceWords:
    """The ``sources`` vocabulary, as folded lower-case words and phrases."""

    outlets: frozenset[str]
    name_words: tuple[tuple[str, ...], ...]
    reporter_roles: tuple[tuple[str, ...], ...]
    cited_after: tuple[tuple[str, ...], ...]
    reporting: frozenset[str]
    action: frozenset[str]

    @classmethod
    def of(cls, data: dict) -> SourceWords:
        def phrases(name: str) -> tuple[tuple[str, ...], ...]:
            return tuple(_words(p) for p in data.get(name) or [] if _words(p))

        return cls(
            outlets=frozenset(normalize_name(n) for n in data.get("outlets") or []),
            name_words=phrases("name_words"),
            reporter_roles=phrases("reporter_roles"),
            cited_after=phrases("cited_after"),
            reporting=frozenset(fold(w).lower() for w in data.get("reporting_verbs") or []),
            action=frozenset(fold(w).lower() for w in data.get("action_words") or []),
        )


_CACHE: dict[int, tuple[dict, SourceWords]] = {}


def source_words(vocab: dict) -> SourceWords:
    """The source vocabulary of a loaded ``titles.yaml``, built once per vocabulary."""
    cached = _CACHE.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        cached = _CACHE[id(vocab)] = (vocab, SourceWords.of(vocab.get("sources") or {}))
    return cached[1]


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", fold(text).lower()))


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def drop_idle_sources(art: ArticleState, chosen: list[Cand]) -> list[Cand]:
    """``chosen`` without the candidates of sources none of whose mentions act."""
    words = source_words(art.vocab)
    by_key: dict[str, list[Cand]] = {}
    for cand in chosen:
        by_key.setdefault(cand.key, []).append(cand)
    idle = {
        key
        for key, cands in by_key.items()
        if is_source(art, cands, words)
        and not any(mention_role(art, c.start, c.end, words) == ACTING for c in cands)
    }
    return [c for c in chosen if c.key not in idle]


def is_source(art: ArticleState, cands: list[Cand], words: SourceWords) -> bool:
    """Whether the entity these candidates name is an outlet, a media centre, a university,
    a cited research group or a reporter."""
    record = cands[0].record
    entry = art.dictionary.entries.get(cands[0].key)
    subkind = record.subkind if record is not None else entry.subkind if entry else ""
    if subkind == "state":
        return False
    if subkind == "person":
        description = _words((record or entry).description)
        if any(_contains(description, role) for role in words.reporter_roles):
            return True
        return any(_introduced_as_reporter(art, c.start, c.end, words) for c in cands)
    names = [art.span_text(c.start, c.end) for c in cands]
    if record is not None:
        names += [record.name, *record.aliases]
    if entry is not None:
        names += [entry.name, *entry.aliases]
    for name in names:
        if normalize_name(name) in words.outlets:
            return True
        folded = _words(name)
        if any(_contains(folded, w) for w in words.name_words):
            return True
    return False


def _introduced_as_reporter(art: ArticleState, s: int, e: int, words: SourceWords) -> bool:
    """A reporter's role just before the name ("correspondent Jane Doe") or in the
    appositive after it ("Jane Doe, a reporter for ...")."""
    a, b = art.sents[art.sent_of[s]]
    before = tuple(t.norm_ for t in art.tok[max(a, s - 4) : s])
    if any(before[-len(role) :] == role for role in words.reporter_roles):
        return True
    if e < b and art.tok[e].text == ",":
        after = []
        for t in art.tok[e + 1 : min(b, e + 1 + _AFTER)]:
            if t.text in {",", ";", ".", ":"}:
                break
            after.append(t.norm_)
        return any(_contains(tuple(after), role) for role in words.reporter_roles)
    return False


def mention_role(art: ArticleState, s: int, e: int, words: SourceWords) -> str:
    """``ACTING``, ``CITED`` or "" (only named) for the mention at tokens ``s``..``e``."""
    before = _before(art, s, words)
    if before == ACTING:
        return ACTING
    after = _after(art, e, words)
    if before == CITED or after == CITED:
        return CITED
    return after


def _before(art: ArticleState, s: int, words: SourceWords) -> str:
    """The cue before a mention: an action word in the same clause, a verb of saying right
    before it, or a citing phrase a few words before ("according to Syria's state agency")."""
    a = art.sents[art.sent_of[s]][0]
    tok = art.tok
    norms = [t.norm_ for t in tok[max(a, s - _BEFORE) : s]]
    comma = False
    for j in range(len(norms), 0, -1):
        word = norms[j - 1]
        if word in _CLAUSE_END:
            return ""
        if any(tuple(norms[max(0, j - len(p)) : j]) == p for p in words.cited_after):
            return CITED
        if word in words.reporting and all(w in {"the", ",", "'", '"'} for w in norms[j:]):
            return CITED  # "said Jane Doe", "said the institute"
        if word in words.action and not comma:
            return ACTING
        comma = comma or word == ","
    return ""


def _after(art: ArticleState, e: int, words: SourceWords) -> str:
    """The first verb of saying or action word after a mention, in its sentence."""
    b = art.sents[art.sent_of[e - 1]][1]
    for t in art.tok[e : min(b, e + _AFTER)]:
        word = t.norm_
        if word in _CLAUSE_END:
            break
        if word in words.reporting:
            return CITED
        if word in words.action:
            return ACTING
    return ""
