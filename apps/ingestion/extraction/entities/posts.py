"""Observation posts: named posts ("the Morek post", "the posts at Shir Mughar and Surman")
and stated counts ("one of 12").
"""

from __future__ import annotations

import re

from ..spelling import MARK
from ..types import POST, EntityMention, Sentence, StatedCount
from .article import ArticleState, Cand
from .words import NUM, NUMBERS


def post_candidates(art: ArticleState) -> list[Cand]:
    out = []
    doc = art.tok
    n = len(doc)
    site_ends = {
        e: s for (s, e), labels in art.spans.items() if any(x.startswith("SITE:") for x in labels)
    }
    for (s, e), labels in art.spans.items():
        sites = [lab[5:] for lab in labels if lab.startswith("SITE:")]
        if not sites:
            continue
        spelled = MARK in labels  # "Tal al-Eiss": the site's name in another spelling
        k = e
        while k < n and k - e < 3 and doc[k].lower_ in {"observation", "military", "turkish", "army",
                                                         "monitoring"}:  # fmt: skip
            k += 1
        if k < n and _is_post_word(art, k):
            out.append(Cand(s, k + 1, POST, sites[0], "spelling" if spelled else "dictionary", 70))
            continue
        # "observation post near the town of Morek", "the posts at Shir Mughar and Surman"
        k = s - 1
        steps, listed = 0, False
        while k >= 0 and steps < 12:
            word = doc[k].lower_
            if word in art.site_links:
                k -= 1
                steps += 1
            elif word in {"and", ","} and k > 0 and site_ends.get(k) is not None:
                k = site_ends[k] - 1
                steps, listed = steps + 1, True
            else:
                break
        via = "spelling" if spelled else "pattern"
        if k >= 0 and steps and _is_post_word(art, k):
            start = k - 1 if k > 0 and doc[k - 1].lower_ == "observation" else k
            # A later site in a list is its own mention: "... Shir Mughar and [Surman]".
            out.append(Cand(s if listed else start, e, POST, sites[0], via, 70))
        elif _listed_after_post_word(art, s):
            out.append(Cand(s, e, POST, sites[0], via, 70))
    return out


def _listed_after_post_word(art: ArticleState, s: int) -> bool:
    """A site in a list that a post word opens, in the same sentence: "monitoring outposts close
    to the front line: in Salwa, ...; al-Iss, ...", "posts, including those at Surman"."""
    doc, sent = art.tok, art.sent_of[s]
    k = s - 1
    while k >= 0 and art.sent_of[k] == sent and s - k < 60:
        if doc[k].lower_ in art.list_openers:
            j = k - 1
            while j >= 0 and k - j <= 8 and art.sent_of[j] == sent:
                if _is_post_word(art, j):
                    return True
                j -= 1
        k -= 1
    return False


def _is_post_word(art: ArticleState, k: int) -> bool:
    """ "post", "outpost", or "point" in "observation point" (the Russian usage)."""
    word = art.tok[k].lower_
    if word in {"point", "points"}:
        return k > 0 and art.tok[k - 1].lower_ == "observation"
    return word in art.post_words


_COUNT_PATTERNS = [
    re.compile(rf"\bone of (?:the |its |Turkey's |Ankara's )?{NUM}\b", re.I),
    re.compile(
        rf"\b{NUM}\s+(?:(?:Turkish|military|observation|monitoring|army)\s+){{0,3}}"
        r"(?:posts|outposts|(?<=observation )points)\b",
        re.I,
    ),
]


def stated_counts(
    art: ArticleState, sentences: list[Sentence], agreements: list[EntityMention]
) -> list:
    counts = []
    for sent in sentences:
        low = sent.text.lower()
        if "post" not in low and "observation point" not in low:
            continue
        for pattern in _COUNT_PATTERNS:
            for m in pattern.finditer(sent.text):
                raw = m.group(1).lower()
                value = NUMBERS.get(raw) or int(raw)
                agreement = next(
                    (a.key for a in agreements if sent.start <= a.start < sent.end), None
                )
                counts.append(
                    StatedCount(
                        "observation_posts",
                        value,
                        agreement,
                        sent.start + m.start(),
                        sent.start + m.end(),
                        sent.text,
                    )
                )
    unique = {}
    for c in counts:
        unique.setdefault((c.value, c.quote), c)
    return list(unique.values())
