"""An article's text parsed once: tokens, sentences, dictionary and cue matches, line flags.

spaCy (``nlp.py``) tokenises and splits sentences; phrase matchers find every dictionary alias
and every cue word (titles, demonyms, capitals, force nouns...); places and posts are also
found in other spellings by their spelling key (``../spelling.py``). Lines that never hold actors
(photo credits, bylines, links) and title-case lines (headlines, teasers' headings, where no
new name is taken) are flagged by token. The parse does not depend on the publication date,
so an undated article extracted twice is parsed once.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.tokens import Doc

from ..nlp import get_matchers, get_nlp
from ..spelling import index_for, spelling_spans

# Lines that never hold actors: credits, bylines, related links, bare URLs.
_SKIP_LINE = re.compile(
    r"(photo|image|picture)\s*(credit|by)\b|^\s*(top\s+)?(photo|image)\s*:|\bshutterstock\b"
    r"|\bgetty images\b|(?-i:\b[A-Z]{3,}\s*/\s*[A-Z][a-z]|[a-z]\s+/\s+[A-Z]{2,}\b)"
    r"|^\W*related( article)?\s*:"
    r"|^\W*(<)?https?://|^\W*original url|\(\w+/shutterstock\)|©",
    re.IGNORECASE,
)

_UNWRAP = re.compile(r"(?<![\n])\n(?![\n])")


@dataclass(frozen=True)
class _Parsed:
    """What a text's tokens and matches are, whatever its date: read-only once built."""

    doc: Doc
    tok: list
    sents: list[tuple[int, int]]
    sent_of: list[int]
    spans: dict
    by_start: dict[int, list[tuple[int, set[str]]]]
    by_end: dict[int, list[tuple[int, set[str]]]]
    blocked: frozenset[int]
    no_patterns: frozenset[int]


# The last text parsed: an article without a publication date is extracted twice (once to
# infer its date, once with it), and its parse does not depend on the date.
_last_parse: tuple[str, object, _Parsed] | None = None


def parse_text(text: str, dictionary) -> _Parsed:
    global _last_parse
    last = _last_parse
    if last is not None and last[0] == text and last[1] is dictionary:
        return last[2]
    # Lines wrapped inside a paragraph are joined (same length, so offsets hold).
    doc = get_nlp()(_UNWRAP.sub(" ", text))
    # Token objects are created once: spaCy builds a new one on every ``doc[i]``.
    tok = list(doc)
    # Sentence bounds per token, computed once (Token.sent scans the document each time).
    sents = [(sent.start, sent.end) for sent in doc.sents]
    sent_of = [0] * len(tok)
    for n, (a, b) in enumerate(sents):
        for i in range(a, b):
            sent_of[i] = n
    spans = get_matchers().spans(doc)
    # Names in another spelling of a gazetteer place or post ("Tal al-Eiss", "Murak").
    spans.update(spelling_spans(tok, spans, index_for(dictionary)))
    by_start: dict[int, list[tuple[int, set[str]]]] = {}
    by_end: dict[int, list[tuple[int, set[str]]]] = {}
    for (s, e), labels in spans.items():
        by_start.setdefault(s, []).append((e, labels))
        by_end.setdefault(e, []).append((s, labels))
    for items in (*by_start.values(), *by_end.values()):
        items.sort(key=lambda item: -abs(item[0]))
    blocked, no_patterns = _line_flags(text, doc.to_array([IDX]).tolist())
    parsed = _Parsed(doc, tok, sents, sent_of, spans, by_start, by_end, blocked, no_patterns)
    _last_parse = (text, dictionary, parsed)
    return parsed


def _line_flags(text: str, idx: list[int]) -> tuple[frozenset[int], frozenset[int]]:
    """Tokens (by their start offsets ``idx``) on credit/byline/link lines (no actors) and on
    title-case lines (no patterns)."""
    blocked, no_patterns = set(), set()
    pos = 0
    for line in text.split("\n"):
        skip = _SKIP_LINE.search(line) or _is_byline(line)
        flag = 2 if skip else 1 if _is_title_case(line) else 0
        if flag:
            lo = bisect.bisect_left(idx, pos)
            hi = bisect.bisect_left(idx, pos + len(line) + 1)
            (blocked if flag == 2 else no_patterns).update(range(lo, hi))
        pos += len(line) + 1
    return frozenset(blocked), frozenset(no_patterns)


# "By Jane Doe", "By [Ali Demir](...)": a byline is a short line of names, not "By November,
# key cities fell to rebel forces."
_BYLINE = re.compile(r"^\W*(?i:by)\s+\[?[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}\b")


def _is_byline(line: str) -> bool:
    text = line.strip()
    return bool(_BYLINE.search(text)) and len(text.split()) <= 12 and not text.endswith(".")


def _is_title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    if len(words) < 4 or line.rstrip().endswith((".", '"', "”", "?", "!")):
        return False
    return sum(w[0].isupper() for w in words) / len(words) > 0.7
