"""Writing agreements: resolve a curated or extracted agreement to its one row, or create it.

Lookup by dictionary key, then normalised name, then alias (editors' and merges' aliases
included). Protected rows keep their fields and their parties; rejected rows are never revived.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from apps.actors.models import Actor
from apps.core.aliases import aliases_add_many
from apps.core.choices import Provenance
from apps.core.review import is_protected, is_rejected
from apps.core.text import normalize_name, quote_locate

from .models import Agreement, AgreementAlias, AgreementParty, AgreementRelation


def agreement_add_aliases(
    agreement: Agreement, aliases: Iterable[str], *, source: str = "extractor"
) -> int:
    return agreement_add_aliases_many([(agreement, aliases)], source=source)


def agreement_add_aliases_many(
    pairs: Iterable[tuple[Agreement, Iterable[str]]], *, source: str = "extractor"
) -> int:
    """New spellings of several agreements at once: one read, at most one insert."""
    return aliases_add_many(AgreementAlias, "agreement", pairs, source=source)


def agreement_find(*, name: str, dictionary_key: str | None = None) -> Agreement | None:
    if dictionary_key:
        found = Agreement.objects.filter(dictionary_key=dictionary_key).first()
        if found:
            return found
    norm = normalize_name(name)
    if not norm:
        return None
    found = Agreement.objects.filter(normalized_name=norm).first()
    if found:
        return found
    alias = (
        AgreementAlias.objects.filter(normalized=norm)
        .select_related("agreement")
        .order_by("agreement_id")
        .first()
    )
    return alias.agreement if alias else None


# No savepoint of its own (it runs inside the caller's transaction); the insert below keeps
# the one a lost insert race needs.
@transaction.atomic(savepoint=False)
def agreement_resolve_or_create(
    *,
    name: str,
    kind: str,
    signed_on: dt.date | None = None,
    signed_on_precision: str = "",
    summary: str = "",
    aliases: Iterable[str] = (),
    dictionary_key: str | None = None,
    extractor_version: str = "",
) -> Agreement | None:
    """The one row for this agreement, created or brought up to date; ``None`` if rejected."""
    aliases = list(aliases)
    agreement = agreement_find(name=name, dictionary_key=dictionary_key)
    if agreement is None and dictionary_key:
        for alias in aliases:
            agreement = agreement_find(name=alias)
            if agreement and agreement.dictionary_key not in (None, dictionary_key):
                agreement = None
            if agreement:
                break
    if agreement is not None and is_rejected(agreement):
        return None
    fields = {
        "name": name[:300],
        "kind": kind,
        "signed_on": signed_on,
        "signed_on_precision": signed_on_precision if signed_on else "",
        "summary": summary or "",
    }
    if agreement is None:
        lookup = (
            {"dictionary_key": dictionary_key}
            if dictionary_key
            else {"normalized_name": normalize_name(name)}
        )
        try:
            with transaction.atomic():
                agreement = Agreement(
                    **fields,
                    normalized_name=normalize_name(name),
                    dictionary_key=dictionary_key,
                    provenance=Provenance.DICTIONARY if dictionary_key else Provenance.EXTRACTOR,
                    extractor_version=extractor_version,
                )
                agreement.full_clean(validate_unique=False, validate_constraints=False)
                agreement.save()
        except IntegrityError:
            agreement = Agreement.objects.filter(**lookup).first()
            if agreement is None:
                raise
        if is_rejected(agreement):
            return None
    elif not is_protected(agreement):
        changed = False
        if dictionary_key and agreement.dictionary_key is None:
            if not Agreement.objects.filter(dictionary_key=dictionary_key).exists():
                agreement.dictionary_key = dictionary_key
                changed = True
        curated = dictionary_key and agreement.dictionary_key == dictionary_key
        for field, value in fields.items():
            if field == "name" and (
                not curated
                or Agreement.objects.filter(normalized_name=normalize_name(value))
                .exclude(pk=agreement.pk)
                .exists()
            ):
                continue
            current = getattr(agreement, field)
            if (curated and value and current != value) or (not current and value):
                setattr(agreement, field, value)
                changed = True
        if changed:
            agreement.save()
    agreement_add_aliases(
        agreement, aliases, source="dictionary" if dictionary_key else "extractor"
    )
    return agreement


def agreement_add_parties(agreement: Agreement, parties: Iterable[tuple[Actor, str]]) -> int:
    """Link parties (actor, role) that are missing; a protected agreement's parties stay as is."""
    if is_protected(agreement):
        return 0
    existing = set(agreement.party_links.values_list("actor_id", flat=True))
    rows = []
    for actor, role in parties:
        if actor is None or actor.pk in existing or is_rejected(actor):
            continue
        existing.add(actor.pk)
        rows.append(AgreementParty(agreement=agreement, actor=actor, role=role or ""))
    AgreementParty.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def agreement_relations_curate(
    agreement: Agreement, relations: Iterable[tuple[str, str, str, str, bool]]
) -> int:
    """Store the curated relations of a dictionary agreement whose other side has a row:
    ``(type, other dictionary key, source, url, outgoing)``, ``outgoing`` when ``agreement``
    is the one that amends, supersedes, implements or reaffirms. An existing relation (an
    editor's too) is left as it is. Returns how many were created."""
    wanted = list(relations)
    if not wanted or agreement.pk is None:
        return 0
    others = {
        a.dictionary_key: a
        for a in Agreement.objects.filter(dictionary_key__in={w[1] for w in wanted})
    }
    created = 0
    for kind, key, source, url, outgoing in wanted:
        other = others.get(key)
        if other is None:
            continue  # stored when the other agreement gets its row
        subject, obj = (agreement, other) if outgoing else (other, agreement)
        _, made = AgreementRelation.objects.get_or_create(
            agreement=subject,
            relation=kind,
            other=obj,
            defaults={"curated": True, "source": source[:500], "source_url": url[:500]},
        )
        created += made
    return created


def agreement_relations_replace_for_article(
    article, relations: Iterable[dict], *, new: bool = False, extractor_version: str = ""
) -> int:
    """Store the relations an article's sentences state, as the extractor read them this time:
    dicts with ``agreement_id``, ``relation``, ``other_id``, ``quote``, ``start`` and ``end``.

    What the article stated before is taken back first: an extracted relation it alone stated
    is deleted, and a curated one loses the article's sentence. A relation an editor verified,
    corrected or rejected stays as it is. A relation already recorded (curated, or stated by
    another article) gains the sentence when it has none; else a new one is stored, shown as
    extracted. Returns how many relations now cite the article.
    """
    if not new:
        mine = [r for r in AgreementRelation.objects.filter(article=article) if not is_protected(r)]
        AgreementRelation.objects.filter(pk__in=[r.pk for r in mine if not r.curated]).delete()
        AgreementRelation.objects.filter(pk__in=[r.pk for r in mine if r.curated]).update(
            article=None, quote="", start=None, end=None
        )
    wanted = {
        (r["agreement_id"], r["relation"], r["other_id"]): r
        for r in relations
        if r["agreement_id"] and r["other_id"] and r["agreement_id"] != r["other_id"]
    }
    if not wanted:
        return 0
    existing = {
        (r.agreement_id, r.relation, r.other_id): r
        for r in AgreementRelation.objects.filter(
            agreement_id__in={k[0] for k in wanted}, other_id__in={k[2] for k in wanted}
        )
    }
    stored = 0
    for key, item in wanted.items():
        evidence = {
            "article": article,
            "quote": item["quote"],
            "start": item["start"],
            "end": item["end"],
        }
        row = existing.get(key)
        if row is None:
            try:
                with transaction.atomic():  # another article may store it at the same time
                    AgreementRelation.objects.create(
                        agreement_id=key[0],
                        relation=key[1],
                        other_id=key[2],
                        provenance=Provenance.EXTRACTOR,
                        extractor_version=extractor_version,
                        **evidence,
                    )
            except IntegrityError:
                continue
            stored += 1
        elif row.article_id == article.pk:
            stored += 1  # an editor's row that cites this very article
        elif row.article_id is None and not is_protected(row):
            AgreementRelation.objects.filter(pk=row.pk).update(
                **{k: v for k, v in evidence.items() if k != "article"}, article_id=article.pk
            )
            stored += 1
    return stored


def agreement_relations_relocate_for_article(article, *, old_body: str) -> int:
    """Point the relations an editor kept that cite ``article`` at where their sentence now
    stands in its new text (the others are read again by re-extraction); returns how many
    moved. One whose sentence is no longer found keeps it with an empty span at the end."""
    body, moved = article.body, 0
    scale = len(body) / max(1, len(old_body))
    for row in AgreementRelation.objects.filter(article=article).exclude(quote=""):
        if not is_protected(row):
            continue
        span = quote_locate(body, row.quote, near=round((row.start or 0) * scale))
        start, end = span or (len(body), len(body))
        if (start, end) != (row.start, row.end):
            AgreementRelation.objects.filter(pk=row.pk).update(start=start, end=end)
            moved += 1
    return moved
