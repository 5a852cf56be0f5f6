"""How one agreement stands to another, read from the sentence that says so (pure, no ORM).

Two ways a sentence states a relation, both from the agreements' vocabulary
(``apps/agreements/data/vocabulary.yaml``):

* a cue between two different agreements the sentence names: "the Moscow protocol, an addendum
  to the Sochi memorandum" (the first amends the second), "the Sochi memorandum was replaced by
  the Moscow protocol" (a passive cue: the second supersedes the first);
* a nickname that names an agreement after an earlier one: "Sochi 2.0" is the Moscow protocol,
  which amends the Sochi deal.

A relation is kept only when the agreement that amends, supersedes, implements or reaffirms is
not known to be older than the other one. Each relation comes once per article, with the first
sentence that states it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from .dictionary import AGREEMENTS_DIR, RELATION_TYPES, DictionaryError, get_dictionary
from .resolve import get_name_index
from .types import AGREEMENT, EntityExtraction, EntityMention, EntityRecord, ExtractedRelation


@dataclass(frozen=True)
class _Cue:
    relation: str
    passive: bool
    pattern: re.Pattern


@dataclass(frozen=True)
class RelationVocabulary:
    cues: tuple[_Cue, ...]
    negation: re.Pattern | None
    max_gap: int
    nicknames: tuple[tuple[re.Pattern, str], ...]  # (pattern with a "base" group, relation)
    heads: tuple[str, ...]


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


@cache
def relation_vocabulary() -> RelationVocabulary:
    """The cues, negations and nicknames of the agreements' vocabulary, checked."""
    path = AGREEMENTS_DIR / "vocabulary.yaml"
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    cues = []
    for relation, sides in (raw.get("relation_cues") or {}).items():
        if relation not in RELATION_TYPES:
            raise DictionaryError(f"vocabulary.yaml: relation_cues: unknown relation {relation!r}")
        for side, phrases in (sides or {}).items():
            if side not in ("active", "passive"):
                raise DictionaryError(f"vocabulary.yaml: relation_cues.{relation}: {side!r}")
            for phrase in phrases or []:
                pattern = re.compile(rf"(?<!\w){_words(str(phrase))}(?!\w)", re.I)
                cues.append(_Cue(relation, side == "passive", pattern))
    if not cues:
        raise DictionaryError("vocabulary.yaml: missing relation_cues")
    negations = [_words(str(w)) for w in raw.get("relation_negations") or []]
    negation = re.compile(rf"(?<!\w)(?:{'|'.join(negations)})(?!\w)", re.I) if negations else None
    nicknames = []
    for item in raw.get("relation_nicknames") or []:
        relation, pattern = item.get("relation"), str(item.get("pattern") or "")
        if relation not in RELATION_TYPES or pattern.count("{base}") != 1:
            raise DictionaryError(f"vocabulary.yaml: relation_nicknames: bad entry {item!r}")
        before, after = pattern.split("{base}")
        regex = rf"^{_words(before)}\s*(?P<base>.+?)\s*{_words(after)}$"
        nicknames.append((re.compile(regex, re.I), relation))
    return RelationVocabulary(
        cues=tuple(cues),
        negation=negation,
        max_gap=int(raw.get("relation_max_gap") or 90),
        nicknames=tuple(nicknames),
        heads=tuple(raw.get("relation_nickname_heads") or ()),
    )


def _signed_on(key: str, records: dict[str, EntityRecord]):
    record = records.get(key)
    return record.extra.get("signed_on") if record is not None else None


def _in_order(subject: str, other: str, records: dict[str, EntityRecord]) -> bool:
    """The subject is not known to be older than the agreement it stands to."""
    if subject == other:
        return False
    first, second = _signed_on(subject, records), _signed_on(other, records)
    return first is None or second is None or first >= second


def _cue_between(gap: str, vocab: RelationVocabulary) -> tuple[_Cue, str] | None:
    """The longest cue in the words between two agreements' names, unless they are negated."""
    if len(gap) > vocab.max_gap or (vocab.negation and vocab.negation.search(gap)):
        return None
    found = [
        (m.end() - m.start(), cue, m.group(0))
        for cue in vocab.cues
        if (m := cue.pattern.search(gap))
    ]
    if not found:
        return None
    _, cue, words = max(found, key=lambda item: item[0])
    return cue, words


def _nickname_base(mention: EntityMention, vocab: RelationVocabulary) -> tuple[str, str] | None:
    """(earlier agreement key, relation) when the mention is a nickname after an earlier one."""
    index = get_name_index()
    for pattern, relation in vocab.nicknames:
        match = pattern.match(mention.text.strip())
        if not match:
            continue
        base = match.group("base")
        for name in (base, *(f"{base} {head}" for head in vocab.heads)):
            keys = [k for k in index.exact(AGREEMENT, name) if k != mention.key]
            if len(keys) == 1:
                return keys[0], relation
    return None


def extract_relations(text: str, entities: EntityExtraction) -> list[ExtractedRelation]:
    """The relations between agreements the sentences of ``text`` state, in text order (an
    agreement a relation names only through a nickname: ``relation_records``)."""
    vocab = relation_vocabulary()
    mentions = sorted(
        (m for m in entities.mentions if m.kind == AGREEMENT), key=lambda m: (m.start, m.end)
    )
    if not mentions:
        return []
    found: dict[tuple[str, str, str], ExtractedRelation] = {}

    def keep(subject: str, relation: str, other: str, sentence, cue: str) -> None:
        if (subject, relation, other) in found or not _in_order(subject, other, entities.records):
            return
        found[(subject, relation, other)] = ExtractedRelation(
            subject, relation, other, sentence.start, sentence.end, sentence.text, cue
        )

    for sentence in entities.sentences:
        inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        for mention in inside:
            nickname = _nickname_base(mention, vocab)
            if nickname:
                keep(mention.key, nickname[1], nickname[0], sentence, mention.text)
        for first, second in zip(inside, inside[1:], strict=False):
            if first.key == second.key or second.start < first.end:
                continue
            cue = _cue_between(text[first.end : second.start], vocab)
            if cue is None:
                continue
            (cue, words) = cue
            subject, other = (second, first) if cue.passive else (first, second)
            keep(subject.key, cue.relation, other.key, sentence, words)
    return sorted(found.values(), key=lambda r: (r.sentence_start, r.agreement_key))


def relation_records(
    relations: list[ExtractedRelation], entities: EntityExtraction
) -> dict[str, EntityRecord]:
    """The agreements relations name that the article does not: "Sochi 2.0" names the Sochi
    deal without a mention of it. Their records are kept apart from what the article names,
    so that the agreement gets its row when the relation is stored."""
    dictionary = get_dictionary()
    found = {}
    for key in {k for r in relations for k in (r.agreement_key, r.other_key)}:
        if key not in entities.records and (entry := dictionary.entry(key)) is not None:
            found[key] = EntityRecord.of_entry(entry)
    return found
