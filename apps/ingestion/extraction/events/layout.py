"""Where an article's paragraphs, lead, teaser and section headings are: the layout the
dating of its events leans on."""

from __future__ import annotations

import re

from apps.events.vocabulary import date_vocabulary

from .filters import TERMINAL

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def lead_end_at(text: str) -> int:
    """The offset where the lead ends: after the first ``lead_paragraphs`` (``dates.yaml``)
    paragraphs of prose, of ``LEAD_PROSE_WORDS`` words or more (kickers, labels and captions
    above the story do not count)."""
    wanted, start, count = date_vocabulary()["lead_paragraphs"], 0, 0
    for brk in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        if len(text[start:end].split()) >= LEAD_PROSE_WORDS:
            count += 1
            if count == wanted:
                return end
        start = brk.end() if brk else len(text)
    return len(text)


LEAD_PROSE_WORDS = 15


def is_teaser(text: str) -> bool:
    """One short paragraph (``teaser_max_chars`` in ``dates.yaml``) under at most a headline: a
    feed item or a teaser."""
    paragraphs = [
        p.strip() for p in PARAGRAPH_BREAK.split(text) if p.strip() and not heading_at(p.strip(), 0)
    ]
    limit = date_vocabulary()["teaser_max_chars"]
    return len(paragraphs) == 1 and len(paragraphs[0]) <= limit


LINE_START = re.compile(r"\n[ \t]*")


def heading_at(text: str, start: int) -> bool:
    """Whether the paragraph at ``start`` is a section heading ("Army counter-attack"): one
    short line that does not end like a sentence. A heading opens the paragraph after it, so
    its break does not count between a section's year and the section's days."""
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)].strip()
    return 0 < len(line) <= 80 and not line.endswith(TERMINAL) and not line[:1].isdigit()
