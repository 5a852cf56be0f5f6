"""Recording new spellings of records (actors, agreements, places, posts) in their alias table.

Every alias table has the same shape: a foreign key to its record, ``alias`` (the spelling as
written, whitespace collapsed, cut to the column's length) and ``normalized`` (the key names
are matched on), unique per record. A spelling that normalises to the record's own name or to
a spelling it already has is not added.
"""

from __future__ import annotations

from collections.abc import Iterable

from .text import normalize_name


def aliases_add_many(alias_model, owner: str, pairs: Iterable[tuple], **fields) -> int:
    """Add the new spellings of several records at once: one read, at most one insert.

    ``pairs`` are (record, spellings); ``owner`` names the alias model's foreign key to the
    record; ``fields`` are set on every new alias row (``source=...``). Returns how many
    spellings were added.
    """
    limit = alias_model._meta.get_field("alias").max_length
    wanted: dict[int, tuple[object, dict[str, str]]] = {}
    for record, aliases in pairs:
        own = normalize_name(record.name)
        spellings = wanted.setdefault(record.pk, (record, {}))[1]
        for alias in aliases:
            alias = " ".join((alias or "").split())[:limit]
            norm = normalize_name(alias)
            if norm and norm != own:
                spellings.setdefault(norm, alias)
    wanted = {pk: pair for pk, pair in wanted.items() if pair[1]}
    if not wanted:
        return 0
    norms = sorted({norm for _, spellings in wanted.values() for norm in spellings})
    existing = set(
        alias_model.objects.filter(
            **{f"{owner}_id__in": list(wanted), "normalized__in": norms}
        ).values_list(f"{owner}_id", "normalized")
    )
    rows = [
        alias_model(**{owner: record}, alias=alias, normalized=norm, **fields)
        for pk, (record, spellings) in wanted.items()
        for norm, alias in spellings.items()
        if (pk, norm) not in existing
    ]
    alias_model.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
