"""Actors and places the curated dictionary knows by name.

A capital or a state's name used for its government ("Ankara said") is the state, while "in
Moscow" and "Moscow-based" are places; a known surname after an unknown first name ("Maher
al-Assad") is someone else.
"""

from __future__ import annotations

from apps.core.text import normalize_name

from ..spelling import MARK
from ..types import ACTOR, PLACE
from .article import ArticleState, Cand, covering_spans, inside_longer
from .words import PARTICLES


def dictionary_candidates(art: ArticleState) -> list[Cand]:
    out = []
    d = art.dictionary
    agreement_cover = covering_spans(art, "agreement:")
    for (s, e), labels in art.spans.items():
        capital = next((lab for lab in labels if lab.startswith("CAPITAL:")), None)
        places = [lab for lab in labels if lab.startswith("place:")]
        actors = art.actor_keys(labels)
        states = [k for k in actors if k.startswith("actor:state-")]
        others = [k for k in actors if not k.startswith("actor:state-")]
        inside_agreement = inside_longer(agreement_cover, s, e)
        if others:
            key = sorted(others)[0]
            if _other_family_member(art, s, e, key):
                continue  # "Maher al-Assad" is not Bashar
            if d.entries[key].extra.get("collective") and _named_before(art, s):
                continue  # "HTS rebels": the group named, not the rebels at large
            out.append(Cand(s, e, ACTOR, key, "dictionary", 70))
            continue
        if states or capital:
            a3 = d.entries[states[0]].affiliation if states else capital.split(":", 1)[1]
            if art.is_locative(s, e) or inside_agreement:
                place = [p for p in places if not p.startswith("place:country-")] or [
                    d.country_place_keys[a3]
                ]
                if states:
                    place = [d.country_place_keys[a3]]
                out.append(Cand(s, e, PLACE, place[0], "dictionary", 65))
            else:
                via = "metonymy" if capital and not states else "dictionary"
                out.append(Cand(s, e, ACTOR, d.state_keys[a3], via, 70))
            continue
        for place in places:
            # "Murak" for Morek: matched by its spelling key (``spelling.py``), not an alias.
            via = "spelling" if MARK in labels else "dictionary"
            out.append(Cand(s, e, PLACE, place, via, 65))
            break
    return out


def _other_family_member(art: ArticleState, s: int, e: int, key: str) -> bool:
    """A known person's surname right after an unknown first name names someone else."""
    entry = art.dictionary.entries[key]
    if entry.subkind != "person" or s == 0:
        return False
    text = normalize_name(art.span_text(s, e))
    if text == normalize_name(entry.name) or not normalize_name(entry.name).endswith(text):
        return False
    prev = s - 1
    while prev > 0 and (art.tok[prev].text == "-" or art.tok[prev].lower_ in PARTICLES):
        prev -= 1  # "Maher al-[Assad]"
    if not art.is_name_token(prev):
        return False
    return not any(
        lab.startswith(("actor:", "place:"))
        for st, labels in art.by_end.get(prev + 1, [])
        for lab in labels
    )


def _named_before(art: ArticleState, s: int) -> bool:
    """Whether an actor other than a state is named right before token ``s`` ("HTS rebels")."""
    return any(
        lab.startswith("actor:") and not lab.startswith("actor:state-")
        for _, labels in art.by_end.get(s, [])
        for lab in labels
    )
