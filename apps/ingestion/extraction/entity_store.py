"""Persisting an article's entities: one row per real-world entity, and the article's mentions.

``entities_store(article, extraction)`` resolves every entity the recogniser found to its row
(through the apps' services: dictionary key, then name and aliases, never a scan of all rows),
creating what is new, and replaces the article's Mention rows. Editors win: protected rows
keep their fields, rejected rows are skipped and nothing links to them. Curated rows already in
the database (``manage.py load_dictionary``) are fetched in one query per kind.
"""

from __future__ import annotations

from django.db import transaction

from apps.actors.models import Actor
from apps.actors.services import actor_add_aliases, actor_resolve_or_create
from apps.agreements.models import Agreement
from apps.agreements.services import (
    agreement_add_aliases,
    agreement_add_parties,
    agreement_resolve_or_create,
)
from apps.articles.models import Mention
from apps.core.review import is_rejected
from apps.places.models import ObservationPost, Place
from apps.places.services import (
    place_add_aliases,
    place_resolve_or_create,
    post_add_aliases,
    post_resolve_or_create,
)

from .dictionary import get_dictionary
from .types import ACTOR, AGREEMENT, PLACE, POST, EntityExtraction, EntityRecord

MODELS = {ACTOR: Actor, AGREEMENT: Agreement, POST: ObservationPost, PLACE: Place}
MENTION_FIELD = {ACTOR: "actor", AGREEMENT: "agreement", POST: "observation_post", PLACE: "place"}


def dictionary_record(key: str) -> EntityRecord | None:
    """The record the curated dictionary holds for ``key`` (None for keys it does not know)."""
    entry = get_dictionary().entry(key)
    if entry is None:
        return None
    return EntityRecord(
        kind=entry.kind,
        key=entry.key,
        name=entry.name,
        subkind=entry.subkind,
        affiliation=entry.affiliation,
        aliases=list(entry.aliases),
        description=entry.description,
        from_dictionary=True,
        extra=dict(entry.extra),
    )


class _Store:
    def __init__(self, records: dict[str, EntityRecord], extractor_version: str) -> None:
        self.records = dict(records)
        self.version = extractor_version
        self.rows: dict[str, object | None] = {}
        self.curated: dict[str, object] = {}

    def record(self, key: str) -> EntityRecord | None:
        return self.records.get(key) or dictionary_record(key)

    def prefetch(self, keys: set[str]) -> None:
        for kind, model in MODELS.items():
            wanted = [k for k in keys if k.startswith(f"{kind}:")]
            if wanted:
                for row in model.objects.filter(dictionary_key__in=wanted):
                    self.curated[row.dictionary_key] = row

    def get(self, key: str):
        if key in self.rows:
            return self.rows[key]
        self.rows[key] = None  # guards against cycles
        record = self.record(key)
        row = self._resolve(record) if record else None
        self.rows[key] = row
        return row

    def _text_aliases(self, record: EntityRecord) -> list[str]:
        entry = get_dictionary().entry(record.key)
        known = set(entry.aliases) if entry else set()
        return [a for a in record.aliases if a not in known]

    def _resolve(self, record: EntityRecord):
        key = record.key if record.from_dictionary else None
        row = self.curated.get(record.key) if key else None
        if row is not None:
            # Curated row already stored: only the text's new spellings are added.
            if isinstance(row, Place):
                place_add_aliases(row, self._text_aliases(record))
                return row
            if is_rejected(row):
                return None
            adders = {
                Actor: actor_add_aliases,
                Agreement: agreement_add_aliases,
                ObservationPost: post_add_aliases,
            }
            adders[type(row)](row, self._text_aliases(record))
            return row
        extra = record.extra
        if record.kind == ACTOR:
            return actor_resolve_or_create(
                name=record.name,
                kind=record.subkind,
                affiliation=record.affiliation,
                description=record.description,
                aliases=record.aliases,
                dictionary_key=key,
                positions=extra.get("positions") or (),
                extractor_version=self.version,
            )
        if record.kind == PLACE:
            return place_resolve_or_create(
                name=record.name,
                kind=record.subkind,
                country=record.affiliation,
                lat=extra.get("lat"),
                lon=extra.get("lon"),
                aliases=record.aliases,
                dictionary_key=key,
            )
        if record.kind == AGREEMENT:
            agreement = agreement_resolve_or_create(
                name=record.name,
                kind=record.subkind,
                signed_on=extra.get("signed_on"),
                signed_on_precision=extra.get("signed_on_precision") or "",
                summary=extra.get("summary") or "",
                aliases=record.aliases,
                dictionary_key=key,
                extractor_version=self.version,
            )
            if agreement is not None and extra.get("party_keys"):
                parties = [(self.get(k), "party") for k in extra["party_keys"]]
                agreement_add_parties(agreement, [(a, r) for a, r in parties if a is not None])
            return agreement
        if record.kind == POST:
            agreement = self.get(extra["agreement_key"]) if extra.get("agreement_key") else None
            place = self.get(extra["place_key"]) if extra.get("place_key") else None
            return post_resolve_or_create(
                name=record.name,
                agreement=agreement,
                place=place,
                established_on=extra.get("established_on"),
                aliases=record.aliases,
                dictionary_key=key,
                extractor_version=self.version,
            )
        return None


@transaction.atomic
def entities_store(
    article, extraction: EntityExtraction, *, extractor_version: str = ""
) -> dict[str, object]:
    """Resolve or create every entity of ``extraction`` and replace ``article``'s mentions.

    Returns key -> row (Actor, Agreement, ObservationPost or Place) for every entity that has
    a row; keys of rejected records are left out, and so are their mentions.
    """
    store = _Store(extraction.records, extractor_version)
    keys = set(extraction.records) | {m.key for m in extraction.mentions}
    linked = set()  # parties, and posts' agreements and places, fetched in the same queries
    for key in keys:
        record = store.record(key)
        if record is not None:
            extra = record.extra
            linked.update(extra.get("party_keys") or ())
            linked.update(k for k in (extra.get("agreement_key"), extra.get("place_key")) if k)
    store.prefetch(keys | linked)
    for kind in (PLACE, ACTOR, AGREEMENT, POST):
        for key in sorted(k for k in keys if store.record(k) and store.record(k).kind == kind):
            store.get(key)
    Mention.objects.filter(article=article).delete()
    mentions, seen = [], set()
    for m in extraction.mentions:
        row = store.rows.get(m.key)
        if row is None or (m.start, m.end) in seen:
            continue
        seen.add((m.start, m.end))
        mentions.append(
            Mention(
                article=article,
                start=m.start,
                end=m.end,
                text=m.text[:300],
                **{MENTION_FIELD[m.kind]: row},
            )
        )
    Mention.objects.bulk_create(mentions)
    return {k: v for k, v in store.rows.items() if v is not None}


@transaction.atomic
def dictionary_store(*, kinds: tuple[str, ...] = (PLACE, ACTOR, AGREEMENT, POST)) -> dict:
    """Create or update a row for every curated dictionary entry of ``kinds``.

    Idempotent; protected rows keep their fields, rejected rows stay rejected. Returns per kind
    how many entries have a row.
    """
    dictionary = get_dictionary()
    records = {k: dictionary_record(k) for k in dictionary.entries}
    store = _Store(records, "dictionary")
    counts = {}
    for kind in kinds:
        keys = sorted(k for k, e in dictionary.entries.items() if e.kind == kind)
        counts[kind] = sum(store.get(k) is not None for k in keys)
    return counts
