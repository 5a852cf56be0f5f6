"""Choosing among candidates, and the mentions, records and sentences the extraction returns.

Candidates are chosen most specific, then longest, first without overlap; a span holds one
mention. A curated entity's record comes from the dictionary; the spellings the text gives an
entity become its aliases.
"""

from __future__ import annotations

from apps.core.text import normalize_name

from ..types import ACTOR, AGREEMENT, EntityMention, EntityRecord, Sentence
from .article import ArticleState, Cand


def select_without_overlap(cands: list[Cand], taken: set[int] | None = None) -> list[Cand]:
    taken = set() if taken is None else taken
    chosen = []
    for cand in sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        tokens = set(range(cand.start, cand.end))
        if not tokens or tokens & taken:
            continue
        taken |= tokens
        chosen.append(cand)
    return chosen


def mentions_and_records(
    art: ArticleState, chosen: list[Cand]
) -> tuple[dict[str, EntityRecord], list[EntityMention]]:
    """The records of the ``chosen`` candidates' entities and their mentions in reading order,
    one per span: the first candidate chosen for a span takes it."""
    text = art.text
    records: dict[str, EntityRecord] = {}
    mentions: list[EntityMention] = []
    seen_spans = set()
    for cand in chosen:
        a, b = art.char_span(cand.start, cand.end)
        if (a, b) in seen_spans:
            continue
        seen_spans.add((a, b))
        mention_text = text[a:b]
        record = records.get(cand.key) or cand.record or record_for(art, cand.key)
        if record is None:
            continue
        records[cand.key] = record
        if cand.via in ("pattern", "fuzzy", "dictionary") and cand.kind in (ACTOR, AGREEMENT):
            alias = " ".join(mention_text.split())
            if (
                normalize_name(alias) != normalize_name(record.name)
                and alias not in record.aliases
                and alias.lower() not in art.generic
            ):
                record.aliases.append(alias)
        mentions.append(EntityMention(cand.kind, cand.key, a, b, mention_text, cand.via))
    mentions.sort(key=lambda m: (m.start, m.end))
    return records, mentions


def record_for(art: ArticleState, key: str) -> EntityRecord | None:
    """The record of a curated entity (None for keys the dictionary does not know)."""
    entry = art.dictionary.entries.get(key)
    return EntityRecord.of_entry(entry) if entry is not None else None


def sentences_of(art: ArticleState) -> list[Sentence]:
    """Each sentence from its first to its last token that is not white space."""
    out, tok = [], art.tok
    for s, e in art.sents:
        while s < e and tok[s].is_space:
            s += 1
        if s == e:
            continue
        e -= 1
        while tok[e].is_space:
            e -= 1
        a, b = tok[s].idx, tok[e].idx + len(tok[e].text)
        out.append(Sentence(a, b, art.text[a:b]))
    return out
