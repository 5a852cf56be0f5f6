"""What an event says besides its type, actors and date: where it happened and a summary.

The place the sentence names (with the words that lead to it, "near the town of"), the nearest
agreement and observation post, a one-line summary from the type's template, and what a later
sentence about the same event adds (``enrich``).
"""

from __future__ import annotations

import re

from apps.events.vocabulary import event_types

from ..types import PLACE, POST, EntityMention, EventActorRef, ExtractedEvent
from .roles import INITIATOR, PARTICIPANT, TARGET
from .sentence import Candidate, PreparedSentence

STATE_KINDS = {"state", "armed_forces", "government_body"}

_PLACE_LEAD = re.compile(
    r"(?:\b(?:near|in|at|around|outside|inside|into|across|along|on|"
    r"(?:north|south|east|west|northwest|northeast|southwest|southeast)(?:ern)?(?: part)? of)"
    r"\s+(?:the\s+)?(?:(?:town|city|village|province|region|area|outskirts|countryside)\s+of\s+)?)$",
    re.IGNORECASE,
)


def nearest(s: PreparedSentence, c: Candidate, kind: str) -> EntityMention | None:
    options = [(abs(a - c.i), m) for a, _, m in s.mentions if m.kind == kind]
    return min(options, key=lambda o: o[0])[1] if options else None


def place_of(s: PreparedSentence, c: Candidate, text: str) -> tuple[EntityMention | None, str]:
    places = [(a, m) for a, _, m in s.mentions if m.kind == PLACE]
    if not places:
        return None, ""
    after = [(a, m) for a, m in places if a >= c.j]
    a, m = after[0] if after else min(places, key=lambda p: abs(p[0] - c.i))
    lead = _PLACE_LEAD.search(text[max(s.sentence.start, m.start - 60) : m.start])
    location = (lead.group(0) if lead else "") + m.text
    return m, location.strip()[:200]


def summary_of(event_type: str, refs: list[EventActorRef], records, location: str) -> str:
    spec = event_types()[event_type]

    def names(role):
        return " and ".join(
            (records[r.key].name if r.key in records else r.text) for r in refs if r.role == role
        )

    text = spec.summary.format(
        initiator=names(INITIATOR), target=names(TARGET), participants=names(PARTICIPANT)
    )
    text = re.sub(r"\s+(?:on|with|against|of|between|by|to|among)\s*$", "", text.strip())
    text = re.sub(r"\s{2,}", " ", text).strip()
    if not text or text[0].islower():
        text = spec.label if not text else text[0].upper() + text[1:]
    if location:
        text += f" ({location})"
    return text[:300]


def enrich(event: ExtractedEvent, s: PreparedSentence) -> None:
    """ "The convoy that fell victim to the attack ... the Morek post": a later sentence
    about an event already told adds the observation post or place it names."""
    if event.post_key is None:
        post = next((m for _, _, m in s.mentions if m.kind == POST), None)
        event.post_key = post.key if post else None
    if event.place_key is None:
        place = next((m for _, _, m in s.mentions if m.kind == PLACE), None)
        event.place_key = place.key if place else None
