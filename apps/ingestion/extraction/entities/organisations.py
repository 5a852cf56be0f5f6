"""Organisations: a state's agents and bodies, and organisations named by their head noun.

Agents ("Turkish troops" -> the Turkish Armed Forces, "Assad's forces" -> the Syrian Arab Army)
and bodies ("the Turkish defence ministry"; "the Defense Ministry" alone belongs to the state
named last in the sentence, else to the state the article names most); organisations by their
head noun ("... Council", "Jaish al-..."), news outlets excepted.
"""

from __future__ import annotations

from apps.core.text import normalize_name

from ..nlp import fold
from ..resolve import get_name_index
from ..types import ACTOR, EntityRecord
from .article import ArticleState, Cand, affiliation_in, covering_spans, inside_longer
from .holders import titles_held
from .words import CALENDAR


def agent_candidates(art: ArticleState) -> list[Cand]:
    out = []
    doc = art.tok
    named = covering_spans(art, "actor:", exclude="actor:state-")
    regime = art.vocab.get("regime_forces") or {}
    for (s, e), labels in art.spans.items():
        if any(lab.startswith("actor:") for lab in labels):
            continue  # the dictionary names this phrase itself
        is_force = "FORCE" in labels
        body = next((lab[5:] for lab in labels if lab.startswith("BODY:")), None)
        is_gov = "GOV" in labels
        if "ACT" in labels and not (is_force or body or is_gov):
            act = _act_of_state(art, s)
            if act is not None:
                out.append(act)
            continue
        if not (is_force or body or is_gov):
            continue
        if is_force and e < len(doc) and doc[e].lower_ in art.post_words | {"observation"}:
            continue  # "a Turkish military post" names a post, not the army
        k = s
        quals = []
        while is_force and k > 0:
            prev = [st for st, labs in art.by_end.get(k, []) if "QUAL" in labs]
            if not prev:
                break
            quals.append(art.doc[prev[0] : k].text.lower())
            k = prev[0]
        ref = art.country_ending(k)
        also = []
        a3 = start = None
        if ref:
            a3, start = ref
        elif is_force and k > 1 and doc[k - 1].norm_ in {"'s", "'"}:
            # A leader's forces are his state's ("Assad's forces", "Erdogan's troops").
            for st, labs in art.by_end.get(k - 1, []):
                for key in art.actor_keys(labs):
                    entry = art.dictionary.entries[key]
                    if entry.subkind != "person" or not entry.affiliation:
                        continue
                    if regime.get(fold(doc[k - 2].text)) or "leader" in titles_held(art, key):
                        a3, start = entry.affiliation, st
                        also.append(Cand(st, k - 1, ACTOR, key, "dictionary", 70))
                        break
                if a3:
                    break
        elif is_force and quals and any(q in regime for q in quals):
            a3, start = regime[next(q for q in quals if q in regime)], k
        elif (
            is_force
            and not quals
            and k > 0
            and doc[k - 1].lower_ == "the"
            and art.doc[s:e].text.lower() in (art.vocab.get("definite_forces") or ())
        ):
            # "the Army managed to capture Soran": the forces of the state the text is about.
            a3, start = _state_of_context(art, s), s
        if not a3 or (start > 0 and doc[start - 1].lower_ == "-" and start > 1
                      and doc[start - 2].lower_ == "pro"):  # fmt: skip
            continue
        if is_force:
            key = art.dictionary.forces.get(a3)
            cand = Cand(start, e, ACTOR, key, "agent", 95) if key else None
            if cand is None:
                cand = _synthetic_actor(art, a3, "forces")
        elif body:
            key = art.dictionary.bodies.get((a3, body))
            cand = (
                Cand(start, e, ACTOR, key, "agent", 95) if key else _synthetic_actor(art, a3, body)
            )
        else:
            cand = Cand(start, e, ACTOR, art.dictionary.state_keys[a3], "metonymy", 94)
        if cand is None:
            continue
        cand.start, cand.end, cand.priority, cand.via = (
            start,
            e,
            95 if not is_gov else 94,
            ("metonymy" if is_gov else "agent"),
        )
        cand.also = also
        if inside_longer(named, start, e):
            continue  # inside a longer name: "Free Syrian Army" is not the Syrian army
        out.append(cand)
        if is_force and ref:
            out.extend(_coordinated_forces(art, start))
    return out


def _coordinated_forces(art: ArticleState, start: int) -> list[Cand]:
    """ "Turkish and Russian troops": the demonym before "and" names its state's forces too."""
    if start < 2 or art.tok[start - 1].lower_ != "and":
        return []
    cand = _forces_of_demonym(art, start - 1)
    return [cand] if cand is not None else []


def _act_of_state(art: ArticleState, s: int) -> Cand | None:
    """ "a Russian airstrike", "Turkish drone strikes": the demonym right before a state's
    military act (``force_acts``) stands for the state's armed forces, which did it. A state's
    own name ("the Russia airstrike") is left to the state; "pro-Russian shelling" is not
    Russia's."""
    k = s
    while k > 0:
        prev = [st for st, labs in art.by_end.get(k, []) if "QUAL" in labs]
        if not prev:
            break
        k = prev[0]
    return _forces_of_demonym(art, k, pro_excluded=True)


def _forces_of_demonym(art: ArticleState, end: int, *, pro_excluded: bool = False) -> Cand | None:
    """The armed forces of the state whose demonym ends at token ``end``, as a candidate
    spanning the demonym alone."""
    doc = art.tok
    for start, labels in art.by_end.get(end, []):
        a3 = next((lab.split(":", 1)[1] for lab in labels if lab.startswith("DEMONYM:")), None)
        if a3 is None or any(lab.startswith("actor:") for lab in labels):
            continue
        if pro_excluded and start > 1 and doc[start - 1].lower_ == "-":
            if doc[start - 2].lower_ == "pro":
                return None
        key = art.dictionary.forces.get(a3)
        cand = Cand(start, end, ACTOR, key, "agent", 95) if key else None
        cand = cand or _synthetic_actor(art, a3, "forces")
        if cand is not None:
            cand.start, cand.end, cand.priority, cand.via = start, end, 95, "agent"
        return cand
    return None


def _synthetic_actor(art: ArticleState, a3: str, what: str) -> Cand | None:
    state = art.dictionary.entries.get(art.dictionary.state_keys.get(a3, ""))
    if state is None:
        return None
    if what == "forces":
        key = f"new-actor:armed_forces:{a3.lower()}"
        record = EntityRecord(ACTOR, key, f"{state.name} armed forces", "armed_forces", a3,
                              from_dictionary=False)  # fmt: skip
    else:
        key = f"new-actor:government_body:{a3.lower()} {what}"
        record = EntityRecord(ACTOR, key, f"{state.name} {what}", "government_body", a3,
                              from_dictionary=False)  # fmt: skip
    return Cand(0, 0, ACTOR, key, "agent", 0, record=record)


def org_candidates(art: ArticleState) -> list[Cand]:
    out = []
    doc = art.tok
    heads = art.vocab["org_heads"]
    prefixes = set(art.vocab.get("group_prefixes") or [])
    connectors = {"of", "for", "the", "and", "on", "al", "-", "'s", "el"}
    for token in doc:
        i = token.i
        if i in art.no_patterns or i in art.blocked:
            continue
        if token.text in heads:
            s = i
            while (
                s > 0
                and not doc[s].is_sent_start
                and (
                    (doc[s - 1].text[:1].isupper() and doc[s - 1].is_alpha)
                    or doc[s - 1].lower_ in connectors
                )
                and (not doc[s - 1].is_sent_start or _starts_name(art, s - 1))
            ):
                s -= 1
            while s < i and (doc[s].lower_ in connectors or doc[s].is_stop):
                s += 1
            e = i + 1
            if e + 1 < len(doc) and doc[e].lower_ in {"of", "for", "on"}:
                k = e + 1
                if doc[k].lower_ == "the":
                    k += 1
                j = k
                while (
                    j < len(doc)
                    and doc[j].text[:1].isupper()
                    and doc[j].is_alpha
                    and doc[j].text not in CALENDAR
                ):
                    j += 1
                if j > k:
                    e = j
            words = [t for t in doc[s:e] if t.text[:1].isupper() and t.is_alpha]
            if len(words) < 2 or s == i and e == i + 1:
                continue
            kind = heads[token.text]
        elif token.text in prefixes and i + 1 < len(doc):
            e = i + 1
            if doc[e].lower_ in {"al", "el"}:
                e += 1
                if e < len(doc) and doc[e].text == "-":
                    e += 1
            if not (e < len(doc) and doc[e].text[:1].isupper() and doc[e].is_alpha):
                continue
            s, e, kind = i, e + 1, "armed_group"
        else:
            continue
        name = " ".join(art.span_text(s, e).split())
        index = get_name_index()
        known = index.exact(ACTOR, name)
        if known:
            out.append(Cand(s, e, ACTOR, known[0], "dictionary", 70))
            continue
        affiliation = affiliation_in(art, s, e)
        if not affiliation and s > 1:
            ref = art.country_ending(s)
            affiliation = ref[0] if ref else ""
        if not affiliation and s >= 3 and art.tok[s - 1].lower_ == "based":
            affiliation = affiliation_in(art, s - 3, s)  # "the Istanbul-based ... Institute"
        body = (art.vocab.get("bodies") or {}).get(name.lower())
        if body:
            # "the Defense Ministry" alone: the ministry of the state the text is about.
            cand = _body_of_context(art, s, e, body)
            if cand:
                out.append(cand)
            continue
        key = f"new-actor:{kind}:{normalize_name(name)}"
        record = EntityRecord(ACTOR, key, name, kind, affiliation, from_dictionary=False)
        # A longer proper name beats a curated name inside it ("National Security Council").
        inner = any(
            b <= e and (a, b) != (s, e) and any(x.startswith("actor:") for x in labs)
            for a in range(s, e)
            for b, labs in art.by_start.get(a, [])
        )
        out.append(Cand(s, e, ACTOR, key, "pattern", 72 if inner else 60, record=record))
    return out


def _starts_name(art: ArticleState, i: int) -> bool:
    """Whether a capitalised sentence-initial word belongs to the proper name after it
    ("Economic Policy Research Foundation ..." but not "Fighters of the ..." or "Turkey's ...")."""
    nxt = art.tok[i + 1]
    if not (nxt.text[:1].isupper() and nxt.is_alpha) or art.tok[i].text in art.not_names:
        return False
    return not any(
        lab.startswith(("actor:", "place:", "DEMONYM:", "CAPITAL:"))
        for _, labels in art.by_start.get(i, [])
        for lab in labels
    )


def _body_of_context(art: ArticleState, s: int, e: int, body: str) -> Cand | None:
    """A state body named without its state: the state named last before it in the sentence,
    else the state the article names most."""
    a3 = _state_of_context(art, s)
    if a3 is None:
        return None
    key = art.dictionary.bodies.get((a3, body))
    cand = Cand(s, e, ACTOR, key, "coreference", 60) if key else _synthetic_actor(art, a3, body)
    if cand is not None:
        cand.start, cand.end, cand.priority, cand.via = s, e, 60, "coreference"
    return cand


def _state_of_context(art: ArticleState, s: int) -> str | None:
    """The state named last before token ``s`` in its sentence, else the state the article
    names most (alpha-3), or None."""
    a3 = None
    sent_start = art.sents[art.sent_of[s]][0]
    for end in range(s, sent_start, -1):
        for _, labels in art.by_end.get(end, []):
            a3 = art.country_of(labels)
            if a3:
                break
        if a3:
            break
    if a3 is None:
        counts: dict[str, int] = {}
        for labels in art.spans.values():
            for label in labels:
                if label.startswith(("actor:state-", "CAPITAL:")):
                    code = art.country_of({label})
                    counts[code] = counts.get(code, 0) + 1
        a3 = max(counts, key=counts.get) if counts else None
    return a3
