"""The event record: what an event says besides its type, actors and date.

``event_record`` builds it with the place the sentence names (with the words that lead to it,
"near the town of"), the nearest agreement and observation post, the ACLED sub-type (a state's
own for a state initiator), a one-line summary from the type's template, and the sentence as
evidence. ``enrich`` adds what a later sentence about the same event names.
"""

from __future__ import annotations

import re

from apps.events.vocabulary import event_types

from .. import dates as dates_mod
from ..types import AGREEMENT, PLACE, POST, EntityMention, EventActorRef, ExtractedEvent
from .figures import figure_kinds_of, stated_figures
from .roles import INITIATOR, PARTICIPANT, TARGET
from .sentence import Candidate, PreparedSentence

STATE_KINDS = {"state", "armed_forces", "government_body"}

_PLACE_LEAD = re.compile(
    r"(?:\b(?:near|in|at|around|outside|inside|into|across|along|on|"
    r"(?:north|south|east|west|northwest|northeast|southwest|southeast)(?:ern)?(?: part)? of)"
    r"\s+(?:the\s+)?(?:(?:town|city|village|province|region|area|outskirts|countryside)\s+of\s+)?)$",
    re.IGNORECASE,
)


def event_record(
    text: str,
    s: PreparedSentence,
    c: Candidate,
    refs: list[EventActorRef],
    resolved: dates_mod.ResolvedDate | None,
    figures: tuple[int | None, int | None],
    records,
) -> ExtractedEvent:
    """The event trigger ``c`` of sentence ``s`` reports, with its actors, date and figures."""
    spec = event_types()[c.event_type]
    sentence = s.sentence
    place, location = _place(s, c, text)
    agreement = _nearest(s, c, AGREEMENT)
    post = _nearest(s, c, POST)
    acled_sub = spec.acled_sub_event_type
    if spec.acled_state_sub_type and any(
        r.role == INITIATOR and getattr(records.get(r.key), "subkind", "") in STATE_KINDS
        for r in refs
    ):
        acled_sub = spec.acled_state_sub_type
    killed, wounded = figures
    return ExtractedEvent(
        event_type=c.event_type,
        cameo_code=spec.cameo,
        acled_event_type=spec.acled_event_type,
        acled_sub_event_type=acled_sub,
        date=resolved.date if resolved else None,
        date_precision=resolved.precision if resolved else "",
        end_date=resolved.end_date if resolved else None,
        date_expression=resolved.expression[:100] if resolved else "",
        date_is_relative=resolved.is_relative if resolved else False,
        actors=refs,
        place_key=place.key if place else None,
        location_text=location,
        agreement_key=agreement.key if agreement else None,
        post_key=post.key if post else None,
        fatalities=killed,
        wounded=wounded,
        summary=_summary(c.event_type, refs, records, location),
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        quote=text[sentence.start : sentence.end],
        figures=stated_figures(s, c, figure_kinds_of(c.event_type)),
    )


def _nearest(s: PreparedSentence, c: Candidate, kind: str) -> EntityMention | None:
    options = [(abs(a - c.i), m) for a, _, m in s.mentions if m.kind == kind]
    return min(options, key=lambda o: o[0])[1] if options else None


def _place(s: PreparedSentence, c: Candidate, text: str) -> tuple[EntityMention | None, str]:
    places = [(a, m) for a, _, m in s.mentions if m.kind == PLACE]
    if not places:
        return None, ""
    after = [(a, m) for a, m in places if a >= c.j]
    a, m = after[0] if after else min(places, key=lambda p: abs(p[0] - c.i))
    lead = _PLACE_LEAD.search(text[max(s.sentence.start, m.start - 60) : m.start])
    location = (lead.group(0) if lead else "") + m.text
    return m, location.strip()[:200]


def _summary(event_type: str, refs: list[EventActorRef], records, location: str) -> str:
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
