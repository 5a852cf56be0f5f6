"""``extract_entities``: every rule of this package over one text, and the choice among them."""

from __future__ import annotations

import datetime as dt

from ..types import AGREEMENT, PLACE, EntityExtraction
from .agreements import agreement_candidates
from .article import ArticleState, Cand
from .holders import role_candidates
from .known import dictionary_candidates
from .organisations import agent_candidates, org_candidates
from .people import (
    appositive_candidates,
    coreference_candidates,
    fuzzy_candidates,
    long_title_candidates,
    merge_introductions,
    title_name_candidates,
)
from .posts import post_candidates, stated_counts
from .selection import mentions_and_records, select_without_overlap, sentences_of
from .sources import drop_idle_sources


def extract_entities(text: str, *, published_on: dt.date | None = None) -> EntityExtraction:
    """Find the actors, agreements, posts and places ``text`` mentions, with offsets."""
    art = ArticleState(text or "", published_on)
    actors = _actors_and_places(art)
    agreements = select_without_overlap(agreement_candidates(art))
    posts = select_without_overlap(post_candidates(art))
    # An agreement's name is never a place: "Sochi 2.0", "the Sochi deal", "the Astana talks".
    actors = [c for c in actors if not (c.kind == PLACE and _inside(c, agreements))]
    # One mention per span (the database holds one): a post or agreement wins over a place.
    records, mentions = mentions_and_records(art, posts + agreements + actors)
    sentences = sentences_of(art)
    agreement_mentions = [m for m in mentions if m.kind == AGREEMENT]
    return EntityExtraction(
        sentences=sentences,
        mentions=mentions,
        records=records,
        counts=stated_counts(art, sentences, agreement_mentions),
    )


def _actors_and_places(art: ArticleState) -> list[Cand]:
    """Actor and place candidates chosen without overlap, off credit and byline lines; then
    surnames of people introduced in full and near-miss spellings of known people in what is
    left; then the actors a chosen phrase also names ("Assad's forces": Assad). Sources (outlets,
    media centres, universities, reporters) that never act are dropped (``sources``)."""
    actor_cands = (
        title_name_candidates(art)
        + long_title_candidates(art)
        + role_candidates(art)
        + agent_candidates(art)
        + dictionary_candidates(art)
        + org_candidates(art)
        + appositive_candidates(art)
    )
    actor_cands = [
        c for c in actor_cands if not any(i in art.blocked for i in range(c.start, c.end))
    ]
    taken: set[int] = set()
    chosen = select_without_overlap(actor_cands, taken)
    chosen += select_without_overlap(coreference_candidates(art, chosen, taken), taken)
    chosen += select_without_overlap(fuzzy_candidates(art, taken), taken)
    chosen = drop_idle_sources(art, chosen)
    extras = [a for c in chosen for a in c.also]
    merge_introductions(chosen, actor_cands)
    return chosen + extras


def _inside(cand: Cand, others: list[Cand]) -> bool:
    return any(o.start <= cand.start and cand.end <= o.end for o in others)
