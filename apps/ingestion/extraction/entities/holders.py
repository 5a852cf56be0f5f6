"""Holders of a post: "Turkey's president" and "Putin and his Turkish counterpart" name the
person who held the post at the article's date (``titles.yaml``, ``undated_reference``).
"""

from __future__ import annotations

from ..resolve import role_holder
from ..types import ACTOR
from .article import ArticleState, Cand


def role_candidates(art: ArticleState) -> list[Cand]:
    out = []
    role_titles = set(art.vocab["role_titles"])
    doc = art.tok
    for (s, e), labels in art.spans.items():
        for label in labels:
            if not label.startswith("TITLE:") or label[6:] not in role_titles:
                continue
            if e < len(doc) and (doc[e].text == "-" or art.name_at(e)[1]):
                continue
            if _qualified(art, s):
                continue  # "Deputy Foreign Minister of Iran", "former Turkish president"
            ref = art.country_ending(s)
            start = ref[1] if ref else s
            if ref and _qualified(art, start):
                continue
            if ref is None and e + 1 < len(doc) and doc[e].lower_ == "of":
                for end, labs in art.by_start.get(e + 1, []):
                    a3 = art.country_of(labs, allow_demonym=False)
                    if a3:
                        ref, e = (a3, s), end
                        break
            if ref is None:
                continue
            key = role_holder(art.dictionary, label[6:], ref[0], art.ref_date)
            if key:
                out.append(Cand(start, e, ACTOR, key, "coreference", 85))
    out += _counterpart_candidates(art)
    return out


def _qualified(art: ArticleState, s: int) -> bool:
    """The words right before token ``s`` qualify a title away from its holder ("deputy")."""
    qualifiers = art.vocab.get("role_qualifiers") or []
    before = " ".join(t.lower_ for t in art.tok[max(0, s - 2) : s] if t.text != "-")
    return any(before == q or before.endswith(" " + q) for q in qualifiers)


def _counterpart_candidates(art: ArticleState) -> list[Cand]:
    """ "Putin and his Turkish counterpart": the holder of Putin's post in Turkey."""
    out = []
    doc = art.tok
    for (s, e), labels in art.spans.items():
        if "TITLE:counterpart" not in labels or (e < len(doc) and art.name_at(e)[1]):
            continue
        ref = art.country_ending(s)
        if ref is None:
            continue
        sent_start = art.sents[art.sent_of[s]][0]
        person = None
        for i in range(ref[1] - 1, sent_start - 1, -1):
            for _, labs in art.by_end.get(i + 1, []):
                for key in art.actor_keys(labs):
                    if art.dictionary.entries[key].subkind == "person":
                        person = key
                        break
                if person:
                    break
            if person:
                break
        if person is None:
            continue
        for title in titles_held(art, person):
            key = role_holder(art.dictionary, title, ref[0], art.ref_date)
            if key and key != person:
                out.append(Cand(ref[1], e, ACTOR, key, "coreference", 85))
                break
    return out


def titles_held(art: ArticleState, key: str) -> list[str]:
    """The posts a person held on the reference date, "leader" first if one of them made him
    his country's leader."""
    held = [
        p
        for p in art.dictionary.positions
        if p.key == key and (art.ref_date is None or p.held_on(art.ref_date))
    ]
    titles = ["leader"] if any(p.leader for p in held) else []
    return titles + [p.title for p in held]
