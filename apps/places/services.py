"""Writing places and observation posts: one row each, found by key, name or alias.

Observation posts are reviewable: protected posts keep their fields, rejected ones are never
revived. Places are gazetteer rows: coordinates are only filled in where missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from apps.agreements.models import Agreement
from apps.core.aliases import aliases_add_many
from apps.core.choices import Provenance
from apps.core.resolving import record_claim_dictionary_key, record_insert_named
from apps.core.review import is_protected, is_rejected
from apps.core.text import normalize_name

from .models import ObservationPost, ObservationPostAlias, Place, PlaceAlias


def place_add_aliases(place: Place, aliases: Iterable[str]) -> int:
    return place_add_aliases_many([(place, aliases)])


def place_add_aliases_many(pairs: Iterable[tuple[Place, Iterable[str]]]) -> int:
    """New spellings of several places at once: one read, at most one insert."""
    return aliases_add_many(PlaceAlias, "place", pairs)


def place_find(*, name: str, kind: str, dictionary_key: str | None = None) -> Place | None:
    if dictionary_key:
        found = Place.objects.filter(dictionary_key=dictionary_key).first()
        if found:
            return found
    norm = normalize_name(name)
    found = Place.objects.filter(normalized_name=norm, kind=kind).first()
    if found:
        return found
    alias = PlaceAlias.objects.filter(normalized=norm, place__kind=kind).select_related("place")
    alias = alias.order_by("place_id").first()
    return alias.place if alias else None


# No savepoint of its own (it runs inside the caller's transaction); ``record_insert_named``
# keeps the one a lost insert race needs. Same for posts below.
@transaction.atomic(savepoint=False)
def place_resolve_or_create(
    *,
    name: str,
    kind: str,
    country: str = "",
    lat: float | None = None,
    lon: float | None = None,
    aliases: Iterable[str] = (),
    dictionary_key: str | None = None,
) -> Place:
    aliases = list(aliases)
    place = place_find(name=name, kind=kind, dictionary_key=dictionary_key)
    if place is None:
        place = record_insert_named(
            Place,
            name=name,
            dictionary_key=dictionary_key,
            unique_with=("kind",),
            kind=kind,
            country=country or "",
            lat=lat,
            lon=lon,
        )
    else:
        changed = record_claim_dictionary_key(place, dictionary_key)
        if place.lat is None and lat is not None and lon is not None:
            place.lat, place.lon = lat, lon
            changed = True
        if not place.country and country:
            place.country = country
            changed = True
        if changed:
            place.save()
    place_add_aliases(place, aliases)
    return place


def post_add_aliases(post: ObservationPost, aliases: Iterable[str], *, source="extractor") -> int:
    return post_add_aliases_many([(post, aliases)], source=source)


def post_add_aliases_many(
    pairs: Iterable[tuple[ObservationPost, Iterable[str]]], *, source="extractor"
) -> int:
    """New spellings of several posts at once: one read, at most one insert."""
    return aliases_add_many(ObservationPostAlias, "post", pairs, source=source)


def post_find(*, name: str, dictionary_key: str | None = None) -> ObservationPost | None:
    if dictionary_key:
        found = ObservationPost.objects.filter(dictionary_key=dictionary_key).first()
        if found:
            return found
    norm = normalize_name(name)
    found = ObservationPost.objects.filter(normalized_name=norm).first()
    if found:
        return found
    alias = ObservationPostAlias.objects.filter(normalized=norm).select_related("post")
    alias = alias.order_by("post_id").first()
    return alias.post if alias else None


@transaction.atomic(savepoint=False)
def post_resolve_or_create(
    *,
    name: str,
    agreement: Agreement | None = None,
    place: Place | None = None,
    established_on: dt.date | None = None,
    aliases: Iterable[str] = (),
    dictionary_key: str | None = None,
    extractor_version: str = "",
) -> ObservationPost | None:
    """The one row for this post; ``None`` if an editor rejected it."""
    aliases = list(aliases)
    post = post_find(name=name, dictionary_key=dictionary_key)
    if post is None:
        for alias in aliases:
            post = post_find(name=alias)
            if post:
                break
    if post is not None and is_rejected(post):
        return None
    if post is None:
        post = record_insert_named(
            ObservationPost,
            name=name,
            dictionary_key=dictionary_key,
            agreement=agreement,
            place=place,
            established_on=established_on,
            provenance=Provenance.DICTIONARY if dictionary_key else Provenance.EXTRACTOR,
            extractor_version=extractor_version,
        )
        if is_rejected(post):
            return None
    elif not is_protected(post):
        changed = record_claim_dictionary_key(post, dictionary_key)
        for field, value in (
            ("agreement", agreement),
            ("place", place),
            ("established_on", established_on),
        ):
            if value is not None and getattr(post, field) is None:
                setattr(post, field, value)
                changed = True
        if changed:
            post.save()
    post_add_aliases(post, aliases, source="dictionary" if dictionary_key else "extractor")
    return post
