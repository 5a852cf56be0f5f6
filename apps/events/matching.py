"""Whether an extracted event is one already stored: plain decisions, no database.

An article's extracted events arrive as ``EventInput`` rows. The same real event reported by
two articles is one Event: ``event_fingerprint`` is the key two reports of it share, and
``same_event`` and ``best_match`` decide whether a stored event (read by
``selectors.event_candidates``) is the one an item reports. ``services.events_upsert_for_article``
writes what they decide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Protocol

from .vocabulary import event_types

# How far apart two reports' dates may be and still be one event, by precision.
DATE_TOLERANCE = {"day": 1, "week": 3, "month": 0, "year": 0}


class StoredEvent(Protocol):
    """What the decisions read of a stored event: an ``Event``, or a row of its dates."""

    pk: int
    event_type: str
    date: date | None
    end_date: date | None
    place_id: int | None
    agreement_id: int | None


@dataclass
class EventInput:
    """One extracted event with its entity keys already turned into row ids."""

    event_type: str
    cameo_code: str
    acled_event_type: str
    acled_sub_event_type: str
    date: date | None
    date_precision: str
    end_date: date | None
    date_expression: str
    date_is_relative: bool
    summary: str
    place_id: int | None
    location_text: str
    agreement_id: int | None
    post_id: int | None
    fatalities: int | None
    wounded: int | None
    actors: list[tuple[int, str, str]]  # (actor id, role, mention text)
    start: int
    end: int
    quote: str

    @property
    def family(self) -> str:
        spec = event_types().get(self.event_type)
        return spec.family if spec else self.event_type

    @property
    def actor_ids(self) -> set[int]:
        return {actor_id for actor_id, _, _ in self.actors}

    def window(self) -> tuple[date, date] | None:
        if self.date is None:
            return None
        slack = timedelta(days=DATE_TOLERANCE.get(self.date_precision, 0))
        return self.date - slack, (self.end_date or self.date) + slack


def event_fingerprint(item: EventInput) -> str:
    """Key shared by two reports of one event: type, date bucket, actors, place, agreement.

    Re-extraction finds the article's own events by it (and by their evidence sentence), so
    an event an editor rejected is recognised and stays rejected."""
    if item.date is None:
        bucket = "undated"
    elif item.date_precision == "year":
        bucket = f"{item.date:%Y}"
    elif item.date_precision == "month":
        bucket = f"{item.date:%Y-%m}"
    elif item.date_precision == "week":
        bucket = (item.date - timedelta(days=item.date.weekday())).isoformat()
    else:
        bucket = item.date.isoformat()
    parts = [
        item.event_type,
        bucket,
        ",".join(str(i) for i in sorted(item.actor_ids)),
        str(item.place_id or ""),
        str(item.agreement_id or ""),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@cache
def family_types(family: str) -> tuple[str, ...]:
    """The event types of ``family`` (the family itself when the vocabulary has none)."""
    return tuple(key for key, spec in event_types().items() if spec.family == family) or (family,)


def event_family(event: StoredEvent) -> str:
    spec = event_types().get(event.event_type)
    return spec.family if spec else event.event_type


# A stored event dated over more days than this is dated to its year, or a range as wide.
COARSE_DAYS = 31


def _coarse(event: StoredEvent, item: EventInput) -> bool:
    wide = event.end_date is not None and (event.end_date - event.date).days > COARSE_DAYS
    return wide or item.date_precision == "year"


def same_event(event: StoredEvent, item: EventInput, actor_ids: set[int]) -> bool:
    """Whether an event reported elsewhere is the one ``item`` reports."""
    if event_family(event) != item.family or event.date is None or item.date is None:
        return False
    lo, hi = item.window()
    if event.date > hi or (event.end_date or event.date) < lo:
        return False
    if _coarse(event, item):
        # "In 2014" fits every event of that year: a report dated to a year (or a stored
        # event dated over as wide a range) is one with another only of its own type, at its
        # place or under its agreement.
        if event.event_type != item.event_type:
            return False
        same_place = event.place_id and event.place_id == item.place_id
        if not same_place and not (event.agreement_id and event.agreement_id == item.agreement_id):
            return False
    if event.place_id and item.place_id and event.place_id != item.place_id:
        return False
    if event.agreement_id and item.agreement_id and event.agreement_id != item.agreement_id:
        return False
    if not actor_ids or not item.actor_ids:
        return bool(event.place_id and event.place_id == item.place_id)
    return bool(actor_ids & item.actor_ids)


def best_match(others: Iterable, item: EventInput, actors_of: dict):
    """The event of another article that is most likely the one ``item`` reports, or None.

    ``others`` are stored events (their fatalities and fingerprint count too); ``actors_of``
    maps an event's id to the ids of its actors."""
    best, best_score = None, 0
    for event in others:
        actor_ids = actors_of.get(event.pk, set())
        if not same_event(event, item, actor_ids):
            continue
        score = (
            4 * (event.event_type == item.event_type)
            + 3 * (item.fatalities is not None and event.fatalities == item.fatalities)
            + len(actor_ids & item.actor_ids)
            + (event.place_id is not None and event.place_id == item.place_id)
            + (event.date == item.date)
            + 2 * (event.fingerprint == event_fingerprint(item))
            + 1
        )
        if score > best_score:
            best, best_score = event, score
    return best


def evidence_blamed(item: EventInput) -> int | None:
    """The doer a report of a violent event names, when it names exactly one: what its
    evidence row keeps, so that sources blaming different doers stand side by side."""
    spec = event_types().get(item.event_type)
    if spec is None or not spec.violent:
        return None
    doers = {actor_id for actor_id, role, _ in item.actors if role == "initiator"}
    return doers.pop() if len(doers) == 1 else None
