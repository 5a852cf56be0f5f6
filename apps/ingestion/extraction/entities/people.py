"""People: introduced by a title, a formal title with its remit, an appositive or a list.

"Kremlin spokesman Dmitry Peskov", "Special Presidential Envoy for the Syrian Settlement
Alexander Lavrentiev", "Elena Suponina, a Moscow-based Middle East expert", "experts such as
Fehim Tastekin". A person first named in full is then recognised by surname alone, and
near-miss spellings of dictionary people resolve with rapidfuzz.
"""

from __future__ import annotations

import re

from apps.core.text import normalize_name

from ..nlp import fold
from ..resolve import get_name_index
from ..types import ACTOR, EntityRecord
from .article import ArticleState, Cand, affiliation_in


def title_name_candidates(art: ArticleState) -> list[Cand]:
    out = []
    doc = art.tok
    for (s, e), labels in art.spans.items():
        titles = [lab for lab in labels if lab.startswith("TITLE:")]
        if not titles:
            continue
        j = e
        if j < len(doc) and doc[j].lower_ == "of":  # "President of Turkey Recep Tayyip Erdogan"
            country = None
            # "Minister of Foreign Affairs of the Republic of Kazakhstan Kairat Abdrakhmanov"
            at = j + 2 if j + 1 < len(doc) and doc[j + 1].lower_ == "the" else j + 1
            for end, labs in art.by_start.get(at, []):
                if art.country_of(labs, allow_demonym=False):
                    country = end
                    break
            if country is None:
                continue
            j = country
        # Institution words between title and name: "General Staff Sergei Rudskoi".
        while j < len(doc) and j - e < 3 and doc[j].text in art.not_names and doc[j].is_title:
            j += 1
        end, count = art.name_at(j)
        if count == 0:
            continue
        # Where the title phrase starts: country, body, organisation and title words before it.
        ps = s
        while ps > 0:
            prev = [(st, labs) for st, labs in art.by_end.get(ps, [])]
            if ps > 0 and doc[ps - 1].norm_ in {"'s", "'"}:
                prev += [(st, labs) for st, labs in art.by_end.get(ps - 1, [])]
            step = None
            for st, labs in prev:
                if any(lab.startswith(("DEMONYM:", "CAPITAL:", "BODY:", "TITLE:", "actor:"))
                       for lab in labs):  # fmt: skip
                    step = st if step is None else min(step, st)
            if step is None or step >= ps:
                break
            ps = step
        description = art.span_text(ps, e)
        if description[:1].isupper() and ps == s and len(titles) == 1 and titles[0] == "TITLE:":
            description = ""
        affiliation = affiliation_in(art, ps, e)
        cand = _person_candidate(art, j, end, description, affiliation, 90, allow_new=True)
        if cand:
            out.append(cand)
    return out


def long_title_candidates(art: ArticleState) -> list[Cand]:
    """A formal title with its remit before a name: "Deputy Regional Humanitarian Coordinator
    for the Syria Crisis Mark Cutts", "Special Presidential Envoy for the Syrian Settlement
    Alexander Lavrentiev". The remit's capitalised words run into the name; the name is the
    run's last two words (a known person's name wins)."""
    out = []
    doc, n = art.tok, len(art.tok)
    for (s, e), labels in art.spans.items():
        if not doc[s].text[:1].isupper() or not any(
            lab.startswith("TITLE:") or lab == "ROLE" for lab in labels
        ):
            continue
        if e >= n or doc[e].lower_ not in ("for", "on"):
            continue
        k = e + 1
        if k < n and doc[k].lower_ == "the":
            k += 1
        end = k
        while end < n and end - k < 8 and doc[end].text[:1].isupper() and doc[end].is_alpha:
            end += 1
        if end - k < 3 or any(i in art.blocked for i in range(s, end)):
            continue
        cand = None
        for start in (end - 3, end - 2):  # a known three-word name, else the last two words
            name = art.span_text(start, end)
            if get_name_index().person(name)[0] or start == end - 2:
                if all(art.is_name_token(i) for i in range(start, end)):
                    cand = _person_candidate(art, start, end, "", "", 91, allow_new=True)
                if cand:
                    break
        if cand is None:
            continue
        ps = s
        while ps > 0 and doc[ps - 1].text[:1].isupper() and doc[ps - 1].is_alpha and s - ps < 4:
            ps -= 1  # "Deputy Regional Humanitarian" before "Coordinator"
        if cand.record is not None:
            cand.record.description = " ".join(art.span_text(ps, cand.start).split())
            cand.record.affiliation = affiliation_in(art, ps, e)
        out.append(cand)
    return out


def appositive_candidates(art: ArticleState) -> list[Cand]:
    out = []
    doc = art.tok
    n = len(doc)
    for token in doc:
        c = token.i
        if token.text == "," and c + 1 < n:
            s, count = art.name_ending(c)
            if count < 2 or doc[s].text in art.not_names:
                continue
            k = c + 1
            if doc[k].lower_ in {"a", "an", "the"}:
                k += 1
            stop = k
            role_at = None
            while stop < n and stop - k < 10 and doc[stop].text not in {",", ".", ";", "(", ")"}:
                if any("ROLE" in labs for e2, labs in art.by_start.get(stop, [])):
                    role_at = stop
                    break
                stop += 1
            if role_at is None:
                continue
            end = role_at + 1
            while end < n and end - c < 16 and doc[end].text not in {",", ".", ";", '"', "“", "”"}:
                end += 1
            description = " ".join(art.span_text(c + 1, end).split())
            description = re.sub(r"^(a|an|the)\s+", "", description, flags=re.I)
            affiliation = affiliation_in(art, c + 1, end)
            cand = _person_candidate(art, s, c, description, affiliation, 88, allow_new=True)
            if cand:
                out.append(cand)
        elif token.lower_ in {"such", "like", "including"}:
            k = (
                c + 2
                if token.lower_ == "such" and c + 1 < n and doc[c + 1].lower_ == "as"
                else c + 1
            )
            if k == c + 1 and token.lower_ == "such":
                continue
            before = c - 1
            if before < 0 or not any("ROLES" in labs for _, labs in art.by_end.get(before + 1, [])):
                continue
            while k < n:
                end, count = art.name_at(k)
                if count < 2:
                    break
                cand = _person_candidate(art, k, end, doc[before].text.rstrip("s"), "", 88, True)
                if cand:
                    out.append(cand)
                if end < n and doc[end].lower_ in {",", "and"}:
                    k = end + 1
                    if k < n and doc[k].lower_ == "and":
                        k += 1
                else:
                    break
    return out


def _person_candidate(art: ArticleState, s: int, e: int, description: str, affiliation: str,
                      priority: int, allow_new: bool) -> Cand | None:  # fmt: skip
    name = art.span_text(s, e)
    key, via = get_name_index().person(name)
    if key:
        return Cand(s, e, ACTOR, key, via, priority)
    words = e - s
    if not allow_new or words < 2 or any(i in art.no_patterns for i in range(s, e)):
        return None
    for end, labels in art.by_start.get(s, []):
        if end == e and any(
            label.startswith(("place:", "actor:", "agreement:")) for label in labels
        ):
            return None
    display = " ".join(name.split())
    key = f"new-actor:person:{normalize_name(display)}"
    record = EntityRecord(
        kind=ACTOR,
        key=key,
        name=display,
        subkind="person",
        affiliation=affiliation,
        aliases=[],
        description=description,
        from_dictionary=False,
    )
    return Cand(s, e, ACTOR, key, "pattern", priority, record=record)


def coreference_candidates(art: ArticleState, chosen: list[Cand], taken: set[int]) -> list[Cand]:
    """Surnames of people introduced in full in this article ("Suponina" after "Elena Suponina")."""
    surnames: dict[str, Cand] = {}
    for cand in chosen:
        if cand.kind == ACTOR and cand.key.startswith("new-actor:person:"):
            surnames.setdefault(fold(art.tok[cand.end - 1].text), cand)
    out = []
    for token in art.tok:
        if token.i in taken or token.i in art.blocked:
            continue
        owner = surnames.get(token.lemma_)
        if owner and art.is_name_token(token.i) and not art.is_name_token(token.i + 1):
            out.append(Cand(token.i, token.i + 1, ACTOR, owner.key, "coreference", 50))
    return out


def fuzzy_candidates(art: ArticleState, taken: set[int]) -> list[Cand]:
    out = []
    i, n = 0, len(art.tok)
    index = get_name_index()
    while i < n:
        end, count = art.name_at(i)
        if count >= 2 and not (set(range(i, end)) & taken) and i not in art.blocked:
            key, via = index.person(art.span_text(i, end))
            if key and via == "fuzzy":
                out.append(Cand(i, end, ACTOR, key, "fuzzy", 55))
            i = end
        else:
            i += 1
    return out


def merge_introductions(chosen: list[Cand], cands: list[Cand]) -> None:
    """One new person introduced twice ("analyst Kirill Semenov, a non-resident expert at the
    Russian International Affairs Council"): keep the fuller description and any country."""
    records = {c.key: c.record for c in chosen if c.record is not None}
    for cand in cands:
        record = records.get(cand.key)
        if record is None or cand.record is None or cand.record is record:
            continue
        if not record.affiliation and cand.record.affiliation:
            record.affiliation = cand.record.affiliation
        if len(cand.record.description) > len(record.description):
            record.description = cand.record.description
