"""An article's clean text as safe HTML: paragraphs, linked mentions and citable sentences.

Every piece of article text is escaped; only the tags built here are markup. Spans may nest
or cross: where one span ends inside another, the inner ones are closed and opened again,
so the output is always well-formed. Mentions never nest (a link inside a link is invalid
HTML): where two overlap, the longer one wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    tag: str
    attrs: dict = field(default_factory=dict, hash=False, compare=False)
    # attributes that must not repeat when a crossed span is opened again (ids)
    once: dict = field(default_factory=dict, hash=False, compare=False)
    layer: int = 0  # lower layers wrap higher ones when both start at the same offset


def paragraph_spans(text: str) -> list[Span]:
    """One span per paragraph (paragraphs are separated by blank lines)."""
    spans, start = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        if text[start : brk.start()].strip():
            spans.append(Span(start, brk.start(), "p", layer=0))
        start = brk.end()
    if text[start:].strip():
        spans.append(Span(start, len(text), "p", layer=0))
    return spans


def non_overlapping(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (then the earliest), dropping the others."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _open(span: Span, *, first: bool) -> str:
    attrs = {**span.attrs, **(span.once if first else {})}
    rendered = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())
    return f"<{span.tag}{rendered}>"


def render_spans(text: str, spans: list[Span]) -> SafeString:
    """Render ``text`` with ``spans`` as nested elements, escaping all text."""
    size = len(text)
    spans = [
        Span(max(0, s.start), min(size, s.end), s.tag, s.attrs, s.once, s.layer)
        for s in spans
        if min(size, s.end) > max(0, s.start)
    ]
    # Outer spans first: earlier start, then lower layer, then longer.
    spans.sort(key=lambda s: (s.start, s.layer, -(s.end - s.start)))
    boundaries = sorted({0, size, *(s.start for s in spans), *(s.end for s in spans)})
    opening: dict[int, list[Span]] = {}
    for span in spans:
        opening.setdefault(span.start, []).append(span)

    out: list[str] = []
    stack: list[Span] = []
    previous = 0
    for pos in boundaries:
        out.append(escape(text[previous:pos]))
        previous = pos
        # Close every span that ends here; spans opened after it are closed and reopened.
        reopen: list[Span] = []
        while any(s.end == pos for s in stack):
            top = stack.pop()
            out.append(f"</{top.tag}>")
            if top.end != pos:
                reopen.append(top)
        starting = opening.get(pos, [])
        # Reopened and new spans nest by layer, so a sentence still wraps the links inside it.
        for span in sorted([*reopen, *starting], key=lambda s: (s.layer, s.start, s.start - s.end)):
            out.append(_open(span, first=span.start == pos))
            stack.append(span)
    for span in reversed(stack):
        out.append(f"</{span.tag}>")
    return mark_safe("".join(out))  # noqa: S308 - every text piece above is escaped


def render_article(text: str, spans: list[Span]) -> SafeString:
    """Render ``text`` as paragraphs, with ``spans`` kept inside them.

    A span that runs over a paragraph break is cut at the break; only its first piece keeps
    its ``once`` attributes (its id), so every id stays unique.
    """
    paragraphs = paragraph_spans(text)
    pieces: list[Span] = []
    for span in spans:
        first = True
        for para in paragraphs:
            start, end = max(span.start, para.start), min(span.end, para.end)
            if start < end:
                once = span.once if first else {}
                pieces.append(Span(start, end, span.tag, span.attrs, once, span.layer))
                first = False
    return render_spans(text, [*paragraphs, *pieces])
