"""Writing actors: resolve an extracted or curated actor to its one row, or create it.

Resolution order, every step through an index: the curated dictionary key, then the normalised
name, then any alias (including aliases editors and merges added), then, for people the
dictionary does not know, a near-miss spelling among people whose name starts alike. Rows an
editor verified or changed keep their fields (new aliases are still recorded); rows an editor
rejected are never revived: the caller gets ``None`` and links nothing to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from rapidfuzz import fuzz

from apps.core.aliases import aliases_add_many
from apps.core.choices import Provenance
from apps.core.resolving import record_claim_dictionary_key, record_insert_named
from apps.core.review import is_protected, is_rejected
from apps.core.text import normalize_name

from .models import Actor, ActorAlias, ActorKind, ActorPosition

# Same measure and threshold as the recogniser (apps/ingestion/extraction/resolve.py).
FUZZY_THRESHOLD = 80


def _similarity(a: str, b: str) -> float:
    full = fuzz.ratio(a, b)
    first = fuzz.ratio(a.split(" ", 1)[0], b.split(" ", 1)[0])
    if first < 70:  # FIRST_NAME_FLOOR
        return min(full, first)
    return min(full, fuzz.ratio(a.rsplit(" ", 1)[-1], b.rsplit(" ", 1)[-1]))


def actor_add_aliases(actor: Actor, aliases: Iterable[str], *, source: str = "extractor") -> int:
    """Record new spellings of ``actor`` (allowed even on protected rows). Returns how many."""
    return actor_add_aliases_many([(actor, aliases)], source=source)


def actor_add_aliases_many(
    pairs: Iterable[tuple[Actor, Iterable[str]]], *, source: str = "extractor"
) -> int:
    """``actor_add_aliases`` for several actors at once: one read, at most one insert."""
    return aliases_add_many(ActorAlias, "actor", pairs, source=source)


def actor_find(
    *, name: str, kind: str, dictionary_key: str | None = None, fuzzy: bool = False
) -> Actor | None:
    """The existing row for an actor, rejected ones included (callers decide what to do)."""
    if dictionary_key:
        found = Actor.objects.filter(dictionary_key=dictionary_key).first()
        if found:
            return found
    norm = normalize_name(name)
    if not norm:
        return None
    found = Actor.objects.filter(normalized_name=norm, kind=kind).first()
    if found:
        return found
    alias = (
        ActorAlias.objects.filter(normalized=norm, actor__kind=kind)
        .select_related("actor")
        .order_by("actor_id")
        .first()
    )
    if alias:
        return alias.actor
    if fuzzy and kind == ActorKind.PERSON and " " in norm:
        return _fuzzy_person(norm)
    return None


def _fuzzy_person(norm: str) -> Actor | None:
    # Names starting with the same two letters share an index range (LIKE 'xx%').
    candidates = Actor.objects.filter(
        kind=ActorKind.PERSON, normalized_name__startswith=norm[:2]
    ).only("id", "normalized_name")[:500]
    best, best_score = None, 0.0
    for actor in candidates:
        score = _similarity(norm, actor.normalized_name)
        if score > best_score:
            best, best_score = actor, score
    return best if best_score >= FUZZY_THRESHOLD else None


# No savepoint of its own: it runs inside the caller's transaction (an article's ingestion),
# and a failure here fails that whole transaction. ``record_insert_named`` keeps the one savepoint
# a lost insert race needs.
@transaction.atomic(savepoint=False)
def actor_resolve_or_create(
    *,
    name: str,
    kind: str,
    affiliation: str = "",
    description: str = "",
    aliases: Iterable[str] = (),
    dictionary_key: str | None = None,
    positions: Iterable[dict] = (),
    extractor_version: str = "",
    found: Actor | None = None,
) -> Actor | None:
    """The one row for this actor, created or brought up to date; ``None`` if rejected.

    Curated entries (``dictionary_key`` set) keep their row in line with the dictionary;
    extracted ones only fill blanks. Protected rows keep every field. ``found`` is the row
    ``actor_find`` returns for this actor, when the caller has looked it up already (the
    entity store reads all of an article's names in one query).
    """
    aliases = list(aliases)
    actor = found or actor_find(
        name=name, kind=kind, dictionary_key=dictionary_key, fuzzy=dictionary_key is None
    )
    if actor is None:
        for alias in aliases if dictionary_key else ():
            actor = actor_find(name=alias, kind=kind)
            if actor and actor.dictionary_key and actor.dictionary_key != dictionary_key:
                actor = None
            if actor:
                break
    if actor is not None and is_rejected(actor):
        return None
    if actor is None:
        actor = record_insert_named(
            Actor,
            name=name,
            dictionary_key=dictionary_key,
            unique_with=("kind",),
            kind=kind,
            affiliation=affiliation or "",
            description=(description or "")[:300],
            provenance=Provenance.DICTIONARY if dictionary_key else Provenance.EXTRACTOR,
            extractor_version=extractor_version,
        )
        if is_rejected(actor):
            return None
    elif not is_protected(actor):
        changed = _refresh(actor, name, kind, affiliation, description, dictionary_key)
        if changed:
            actor.save()
    actor_add_aliases(actor, aliases, source="dictionary" if dictionary_key else "extractor")
    if dictionary_key and positions and not is_protected(actor):
        actor_set_positions(actor, positions)
    return actor


def _refresh(actor, name, kind, affiliation, description, dictionary_key) -> bool:
    changed = False
    if dictionary_key:
        changed = record_claim_dictionary_key(actor, dictionary_key)
        if actor.dictionary_key == dictionary_key:
            updates = {"name": name[:200], "kind": kind, "affiliation": affiliation or ""}
            if description:
                updates["description"] = description[:300]
            clash = Actor.objects.filter(normalized_name=normalize_name(name), kind=kind).exclude(
                pk=actor.pk
            )
            if clash.exists():
                updates.pop("name")
                updates.pop("kind")
            for field, value in updates.items():
                if getattr(actor, field) != value:
                    setattr(actor, field, value)
                    changed = True
            if actor.provenance != Provenance.DICTIONARY:
                actor.provenance = Provenance.DICTIONARY
                changed = True
        return changed
    if affiliation and not actor.affiliation:
        actor.affiliation = affiliation
        changed = True
    if description and not actor.description:
        actor.description = description[:300]
        changed = True
    return changed


def actor_set_positions(actor: Actor, positions: Iterable[dict]) -> int:
    """Add the curated posts a person held (title, country, start, end) that are missing."""
    existing = {(p.title, p.country, p.start) for p in ActorPosition.objects.filter(actor=actor)}
    rows = []
    for pos in positions:
        start, end = _as_date(pos.get("start")), _as_date(pos.get("end"))
        slot = (pos["title"], pos.get("country") or "", start)
        if slot in existing:
            continue
        existing.add(slot)
        rows.append(
            ActorPosition(actor=actor, title=pos["title"], country=slot[1], start=start, end=end)
        )
    ActorPosition.objects.bulk_create(rows)
    return len(rows)


def _as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
