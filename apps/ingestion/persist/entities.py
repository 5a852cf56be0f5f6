"""Persisting an article's entities: one row per real-world entity, and the article's mentions.

``entities_store(article, extraction)`` resolves every entity the recogniser found to its row
(through the apps' services: dictionary key, then name and aliases, never a scan of all rows),
creating what is new, and replaces the article's Mention rows. Editors win: protected rows
keep their fields, rejected rows are skipped and nothing links to them.

Queries per article stay few and do not grow with the database: curated rows already stored
(the usual case once a worker has seen the dictionary's entities) are fetched in one query per
kind, and the new spellings the text gives them are checked and added in one read and one
insert per alias table, not one per entity. Only entities without a stored curated row go
through the services one by one, as before; pending spellings are written before each such
call, so the services see exactly what they saw when every entity was written on its own.
Nothing is cached between articles: a row an editor rejects, merges away or deletes is seen as
such by the next article.
"""

from __future__ import annotations

from functools import cache

from django.db import transaction
from django.db.models import Q

from apps.actors.models import Actor
from apps.actors.services import actor_add_aliases_many, actor_resolve_or_create
from apps.agreements.models import Agreement
from apps.agreements.services import (
    agreement_add_aliases_many,
    agreement_add_parties,
    agreement_relations_curate,
    agreement_resolve_or_create,
)
from apps.articles.models import Mention
from apps.core.bulk import rows_insert
from apps.core.review import is_rejected
from apps.core.text import normalize_name
from apps.ingestion.extraction.dictionary import get_dictionary
from apps.ingestion.extraction.types import (
    ACTOR,
    AGREEMENT,
    PLACE,
    POST,
    EntityExtraction,
    EntityRecord,
)
from apps.places.models import ObservationPost, Place
from apps.places.services import (
    place_add_aliases_many,
    place_resolve_or_create,
    post_add_aliases_many,
    post_resolve_or_create,
)

MODELS = {ACTOR: Actor, AGREEMENT: Agreement, POST: ObservationPost, PLACE: Place}
MENTION_FIELD = {ACTOR: "actor", AGREEMENT: "agreement", POST: "observation_post", PLACE: "place"}
MENTION_COLUMNS = tuple(f"{field}_id" for field in MENTION_FIELD.values())
# How the text's new spellings of a stored curated row are recorded, per kind of row.
ALIAS_ADDERS = {
    Actor: actor_add_aliases_many,
    Agreement: agreement_add_aliases_many,
    ObservationPost: post_add_aliases_many,
    Place: place_add_aliases_many,
}


def dictionary_record(key: str) -> EntityRecord | None:
    """The record the curated dictionary holds for ``key`` (None for keys it does not know)."""
    entry = get_dictionary().entry(key)
    return EntityRecord.of_entry(entry) if entry is not None else None


class _Store:
    def __init__(self, records: dict[str, EntityRecord], extractor_version: str) -> None:
        self.records = dict(records)
        self.version = extractor_version
        self.rows: dict[str, object | None] = {}
        self.curated: dict[str, object] = {}
        # Actors by (normalised name, kind), read with the curated rows: what ``actor_find``
        # returns for a name the dictionary does not know, as long as no actor was created or
        # renamed since (``names_current``).
        self.named: dict[tuple[str, str], Actor] = {}
        self.names_current = True
        # Spellings to add to stored curated rows, written together by ``flush``.
        self.spellings: dict[type, list[tuple[object, list[str]]]] = {}

    def record(self, key: str) -> EntityRecord | None:
        return self.records.get(key) or dictionary_record(key)

    def prefetch(self, keys: set[str]) -> None:
        """Stored rows of the article's entities: one query per kind of entity named.

        Curated rows by dictionary key, and actors the dictionary does not know by name (the
        first thing ``actor_find`` looks at); anything not found goes through the services.
        """
        names = set()
        for key in keys:
            record = self.record(key)
            if record is not None and record.kind == ACTOR and not record.from_dictionary:
                if norm := normalize_name(record.name):
                    names.add(norm)
        for kind, model in MODELS.items():
            curated = sorted(k for k in keys if k.startswith(f"{kind}:"))
            wanted = Q(dictionary_key__in=curated) if curated else Q()
            if kind == ACTOR and names:
                wanted |= Q(normalized_name__in=sorted(names))
            if not wanted:
                continue
            for row in model.objects.filter(wanted):
                if row.dictionary_key in keys:
                    self.curated[row.dictionary_key] = row
                if kind == ACTOR:
                    self.named[(row.normalized_name, row.kind)] = row

    def get(self, key: str):
        if key in self.rows:
            return self.rows[key]
        self.rows[key] = None  # guards against cycles
        record = self.record(key)
        row = self._resolve(record) if record else None
        self.rows[key] = row
        return row

    def flush(self) -> None:
        """Write the pending spellings: one read and at most one insert per alias table."""
        spellings, self.spellings = self.spellings, {}
        for model, pairs in spellings.items():
            ALIAS_ADDERS[model](pairs)

    def _text_aliases(self, record: EntityRecord) -> list[str]:
        entry = get_dictionary().entry(record.key)
        known = set(entry.aliases) if entry else set()
        return [a for a in record.aliases if a not in known]

    def _resolve(self, record: EntityRecord):
        key = record.key if record.from_dictionary else None
        row = self.curated.get(record.key) if key else None
        if row is not None:
            # Curated row already stored: only the text's new spellings are added (later, with
            # the other rows', see ``flush``). Places are gazetteer rows, never rejected.
            if not isinstance(row, Place) and is_rejected(row):
                return None
            aliases = self._text_aliases(record)
            if aliases:
                self.spellings.setdefault(type(row), []).append((row, aliases))
            return row
        # The services read the alias tables: each call below is given every spelling
        # recorded so far (``flush``), as when each entity was written on its own.
        extra = record.extra
        if record.kind == ACTOR:
            found = None
            if key is None and self.names_current:
                found = self.named.get((normalize_name(record.name), record.subkind))
            self.flush()
            row = actor_resolve_or_create(
                name=record.name,
                kind=record.subkind,
                affiliation=record.affiliation,
                description=record.description,
                aliases=record.aliases,
                dictionary_key=key,
                positions=extra.get("positions") or (),
                extractor_version=self.version,
                found=found,
            )
            if found is None:
                self.names_current = False  # it may have created or renamed an actor
            return row
        if record.kind == PLACE:
            self.flush()
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
            self.flush()
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
            if agreement is not None and key in _curated_relations():
                agreement_relations_curate(agreement, _curated_relations()[key])
            return agreement
        if record.kind == POST:
            agreement = self.get(extra["agreement_key"]) if extra.get("agreement_key") else None
            place = self.get(extra["place_key"]) if extra.get("place_key") else None
            self.flush()
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


@cache
def _curated_relations() -> dict[str, list[tuple[str, str, str, str, bool]]]:
    """Per dictionary agreement, the curated relations it takes part in, either side:
    ``(type, other key, source, url, outgoing)``."""
    found: dict[str, list] = {}
    for entry in get_dictionary().entries.values():
        for kind, other, source, url in entry.extra.get("relations") or []:
            found.setdefault(entry.key, []).append((kind, other, source, url, True))
            found.setdefault(other, []).append((kind, entry.key, source, url, False))
    return found


@transaction.atomic(savepoint=False)
def entities_store(
    article,
    extraction: EntityExtraction,
    *,
    extractor_version: str = "",
    new: bool = False,
    related: dict | None = None,
) -> dict[str, object]:
    """Resolve or create every entity of ``extraction`` and replace ``article``'s mentions.

    Returns key -> row (Actor, Agreement, ObservationPost or Place) for every entity that has
    a row; keys of rejected records are left out, and so are their mentions. ``new`` says the
    article's row was inserted by the running transaction, so it has no mentions to replace.
    Runs inside the caller's transaction, without a savepoint: if it fails, so does that.
    ``related`` are records of entities the article does not name but a fact it states
    needs a row for (an agreement a relation names by a nickname); they get no mention.
    """
    records = {**(related or {}), **extraction.records}
    store = _Store(records, extractor_version)
    keys = set(records) | {m.key for m in extraction.mentions}
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
    store.flush()
    if not new:
        Mention.objects.filter(article=article).delete()
    mentions, seen = [], set()
    for m in extraction.mentions:
        row = store.rows.get(m.key)
        if row is None or (m.start, m.end) in seen:
            continue
        seen.add((m.start, m.end))
        columns = dict.fromkeys(MENTION_COLUMNS)
        columns[f"{MENTION_FIELD[m.kind]}_id"] = row.pk
        mentions.append(
            {"article_id": article.pk, "start": m.start, "end": m.end, "text": m.text[:300]}
            | columns
        )
    rows_insert(Mention, mentions)  # ~100 rows an article: plain values, no instances
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
    store.flush()
    return counts
