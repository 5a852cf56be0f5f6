"""Steps shared by the services that resolve a name to its one row, or create it.

Actors, places and observation posts are each found by their curated dictionary key, then by
name; when none is found a row is inserted. Two workers may insert the same row at once: the
unique constraints keep one, and the loser reads the winner's row instead of failing.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .text import normalize_name


def record_insert(model, fields: dict, *, lookup: dict):
    """A new ``model`` row with ``fields``, validated and saved in its own savepoint.

    When another worker inserted the same record between our lookup and our insert, the
    unique constraint refuses ours and the row ``lookup`` finds is returned instead.
    """
    try:
        with transaction.atomic():
            obj = model(**fields)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
            return obj
    except IntegrityError:
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            raise
        return obj


def record_insert_named(
    model, *, name: str, dictionary_key: str | None, unique_with: tuple[str, ...] = (), **fields
):
    """``record_insert`` of the row for ``name`` (cut to the column's length), with its folded
    name and ``dictionary_key`` set beside ``fields``.

    A lost insert race is settled by the row holding the curated key or, for an extracted
    record, by the one with the same folded name and the same ``unique_with`` fields (the rest
    of the model's unique constraint on its name).
    """
    norm = normalize_name(name)
    fields = {
        "name": name[: model._meta.get_field("name").max_length],
        "normalized_name": norm,
        "dictionary_key": dictionary_key,
        **fields,
    }
    if dictionary_key:
        lookup = {"dictionary_key": dictionary_key}
    else:
        lookup = {"normalized_name": norm, **{key: fields[key] for key in unique_with}}
    return record_insert(model, fields, lookup=lookup)


def record_claim_dictionary_key(obj, dictionary_key: str | None) -> bool:
    """Give ``obj`` (not saved here) the curated ``dictionary_key`` when it has none and no
    other row answers for that entry; returns whether ``obj`` changed."""
    if not dictionary_key or obj.dictionary_key is not None:
        return False
    if type(obj)._default_manager.filter(dictionary_key=dictionary_key).exists():
        return False
    obj.dictionary_key = dictionary_key
    return True
