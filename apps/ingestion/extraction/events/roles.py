"""Who did what to whom: an event's actors and their roles, from the order of mentions.

No parser: the subject before an active verb initiates, the object after it is the target,
"by"/"blamed on" names the agent of a passive, "talks between A, B and C" makes participants,
and the speaker of an accusation accuses the subject of the act. Commentators (analysts,
experts) and actors written as qualifiers ("Moscow-backed") take no role.
"""

from __future__ import annotations

from typing import NamedTuple

from apps.events.vocabulary import event_types, triggers

from ..types import ACTOR, EntityMention, EventActorRef
from . import tagging
from .sentence import (
    BE_FORMS,
    LOCATIVE,
    QUOTE_CHARS,
    Candidate,
    PreparedSentence,
    clause,
    cue_sets,
    fronted_participle,
    is_participle,
    own_predicate,
)

INITIATOR, TARGET, PARTICIPANT = "initiator", "target", "participant"

_MOVING = {"withdrawal", "deployment"}
_GROUPS = {"armed_group", "armed_forces"}

_AUX = {
    "has",
    "have",
    "had",
    "been",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "also",
    "then",
    "later",
    "reportedly",
    "already",
    "since",
    "now",
}


def actor_roles(
    s: PreparedSentence, c: Candidate, records, before: Antecedents | None = None
) -> list[EventActorRef]:
    spec = event_types()[c.event_type]
    lo, hi = clause(s, c.i, c.j)
    refs: list[EventActorRef] = []

    def add(m: EntityMention | None, role: str) -> None:
        if m is not None and all(r.key != m.key for r in refs):
            refs.append(EventActorRef(key=m.key, role=role, text=m.text))

    if spec.roles == "joint":
        at = next(
            (k for k in range(c.j, min(hi, c.j + 5)) if s.words[k] in ("between", "with", "among")),
            None,
        )
        marker = s.words[at] if at is not None else ""
        if marker:
            listed = _actors_after(s, at + 1, hi, records, all_of_them=True, listed=True)
            if listed:
                subject = None
                if marker == "with":  # "Putin proposed ... at talks with Erdogan"
                    subject = next(
                        ((a, m) for a, _, m in s.mentions if m.kind == ACTOR and lo <= a < c.i),
                        None,
                    )
                add(subject[1] if subject else None, PARTICIPANT)
                for m in listed:
                    add(m, PARTICIPANT)
                return refs
        if spec.family == "agreement" and _is_passive(s, c):
            # "The memorandum was signed by Shoigu and Akar": the agents are the parties.
            by = next((k for k in range(c.j, min(hi, c.j + 3)) if s.words[k] == "by"), None)
            if by is not None:
                for m in _actors_after(s, by + 1, hi, records, all_of_them=True):
                    add(m, PARTICIPANT)
                if refs:
                    return refs
        for m in _coordinated_subject(s, c.i, records):
            add(m, PARTICIPANT)
        if refs and c.form == "verb":
            # "Erdogan met Putin", "Erdogan phoned Putin": the one met is a party too.
            for m in _actors_after(s, c.j, min(hi, c.j + 3), records):
                add(m, PARTICIPANT)
        if refs:
            return refs
        for a, _, m in s.mentions:
            if m.kind == ACTOR and lo <= a < c.i and not _is_commentator(m, records):
                lead = s.words[a - 1] if a > 0 else ""
                if lead not in LOCATIVE:
                    add(m, PARTICIPANT)
        if not refs:
            found = _actor_before(s, c.i, records)
            add(found[1] if found else None, PARTICIPANT)
        return refs

    if c.speaker_of is not None:  # an accusation: the speaker accuses the subject of the act
        found = _actor_before(s, c.i, records)
        if found is None:
            after = _actors_after(s, c.j, c.j + 4, records)
            found = (0, after[0]) if after else None
        add(found[1] if found else None, INITIATOR)
        violator = _actor_before(s, c.speaker_of.i, records, lo=c.j)
        add(violator[1] if violator else None, TARGET)
        return refs

    if spec.family == "humanitarian":  # the displaced are people; only who drove them out
        agent = _agent_after(s, c.j, records)
        add(agent, INITIATOR)
        return refs
    agent = _agent_after(s, c.j, records)
    if c.form == "verb" and " ".join(s.words[c.i : c.j]) in triggers()[c.event_type].agent_after:
        # "Aleppo fell to the rebels": the doer follows the verb.
        after = _actors_after(s, c.j, min(hi, c.j + 4), records, listed=True)
        agent = after[0] if after else None
        add(agent, INITIATOR)
        subject = _actor_before(s, c.i, records, lo)
        add(subject[1] if subject else None, TARGET)
        return refs
    if _is_passive(s, c) or (agent is not None and c.form == "noun"):
        add(agent, INITIATOR)
        subject = _actor_before(s, c.i, records, lo)
        add(subject[1] if subject else None, TARGET)
        return refs
    subject = _actor_before(
        s, c.i, records, lo, asides=True if spec.family == "statement" else "short"
    )
    if subject is None and c.form == "verb":
        subject = _pronoun_subject(s, c.i, before or Antecedents())
    if subject is None and own_predicate(s, c):
        # "Syrian troops ... have pressed an offensive ... and last week recaptured Maarat":
        # the second predicate shares the sentence's subject.
        subject = next(
            ((a, m) for a, _, m in s.mentions if m.kind == ACTOR and a <= 1 and a < c.i), None
        )
    if subject is None and c.i > 0 and s.words[c.i - 1] == "," and s.words[c.j - 1].endswith("ing"):
        # ", demanding Europe support...": the participle's subject is the main clause's.
        subject = _actor_before(s, c.i - 1, records, 0, asides=False)
    if subject is None and fronted_participle(s, c):
        # "After capturing Aleppo last week, the rebels drove ...": the main clause's subject.
        comma = s.words.index(",", c.j)
        subject = next(
            ((a, m) for a, _, m in s.mentions if m.kind == ACTOR and comma < a <= comma + 3),
            None,
        )
    if (
        subject is None
        and spec.family == "statement"
        and c.i > 1
        and s.words[c.i - 1] in ("and", "as")
    ):
        # "al-Jolani was interviewed by CNN on 6 December, and said as much", "Erdogan was
        # quoted as saying": the subject of the sentence speaks.
        subject = max(
            ((a, m) for a, _, m in _actors(s) if a <= 3 and a < c.i),
            key=lambda found: found[0],
            default=None,
        )
    if (
        subject is None
        and c.form == "verb"
        and c.i > 1
        and s.words[c.i - 1] in cue_sets()["participle_leads"]
        and s.words[c.j - 1].endswith("ing")
    ):
        # "Assad now controls the south after capturing 20 villages": the sentence's subject.
        subject = next(
            ((a, m) for a, _, m in s.mentions if m.kind == ACTOR and a <= 2 and a < c.i), None
        )
    if c.form == "noun" and subject is not None:
        # "Assad's offensive", or "Ankara launched an offensive": adjacent or via a light verb.
        between = s.words[subject[0] : c.i]
        light = cue_sets()["light"]
        if c.i - subject[0] > 4 and not any(w in light for w in between):
            subject = None
    if subject is None:  # the parser's subject, where the order of mentions names none
        subject = tagging.subject(s, c)
        subject = None if subject and _is_commentator(subject[1], records) else subject
    prev = s.words[c.i - 1] if c.i > 0 else ""
    if subject is None and spec.family == "statement" and (prev == "," or prev in QUOTE_CHARS):
        after = _actors_after(s, c.j, min(hi, c.j + 4), records)  # '..." said Yury Barmin'
        subject = (0, after[0]) if after else None
    if subject is not None:
        add(subject[1], INITIATOR)
        a = subject[0]
        if a >= 2 and s.words[a - 1] == "and":  # "Turkish and Russian troops attacked"
            add(next((m for _, b, m in _actors(s) if b == a - 2), None), INITIATOR)
    if spec.family == "statement" and c.event_type == "statement":
        return refs
    start = c.j
    between = next(
        (
            k
            for k in range(c.j, min(hi, c.j + 10))
            if s.words[k] == "between" and not any(c.j <= a < k for a, _, _ in _actors(s))
        ),
        None,
    )
    if c.form == "noun" and between is not None and not refs:
        # "clashes (broke out) between Turkish troops and Syrian forces": one side, the other.
        sides = _actors_after(s, between + 1, hi, records, all_of_them=True, listed=True)
        for m, role in zip(sides, (INITIATOR, TARGET), strict=False):
            add(m, role)
        return refs
    if c.form == "noun":
        for k in range(c.j, min(hi, c.j + 4)):
            if s.words[k] in cue_sets()["noun_targets"]:
                start = k + 1
                break
        else:
            return refs
    if spec.family == "humanitarian":
        return refs  # the displaced are people, not actors
    objects = _actors_after(s, start, min(hi, start + 6), records)
    for m in objects or tagging.direct_objects(s, c):
        # Whoever is withdrawn or deployed is the one moving: "pull out 2,000 U.S. troops".
        add(m, INITIATOR if c.event_type in _MOVING else TARGET)
    for k in range(c.j, min(len(s.words), c.j + 14)):
        word = s.words[k]
        if k >= hi and word in (";", ".", "that", "which", "who", "and", "but"):
            break
        if word not in spec.target_after:
            continue
        if k < hi:  # "took control of Palmyra from regime troops"
            after = _actors_after(s, k + 1, min(hi, k + 5), records, listed=True)
        elif s.words[k - 1] == ",":
            # past an aside: "launched an operation code-named Spring Shield, against the regime"
            after = _actors_after(s, k + 1, k + 5, records, listed=True)
        else:
            continue
        add(after[0] if after else None, TARGET)
        break
    return refs


def _actors(s: PreparedSentence) -> list[tuple[int, int, EntityMention]]:
    return [(a, b, m) for a, b, m in s.mentions if m.kind == ACTOR]


def _actor_before(
    s: PreparedSentence, i: int, records, lo: int = 0, *, asides: bool | str = True
) -> tuple[int, EntityMention] | None:
    """The nearest actor mention before token ``i`` in its clause.

    A comma-bounded aside right before the verb is jumped ("Votel, who commands American
    forces, said"; "Assad's forces, backed by Russian air power, have been waging").
    """
    breaks = cue_sets()["breaks"]
    k = i - 1
    while k >= lo:
        word = s.words[k]
        if word == ",":
            between = s.words[k + 1 : i]
            if asides == "short":
                # "the Syrian government, backed by Russian air power, launched an offensive";
                # "the Syrian Army, backed by allied militias, took back Morek"
                if len(between) > 4 or any(w in breaks for w in between):
                    return None
            elif not asides or any(w not in _AUX for w in between):
                return None
            prev = next((p for p in range(k - 1, -1, -1) if s.words[p] == ","), None)
            if prev is None or k - prev > 14:
                return None
            return _actor_before(s, prev, records, 0, asides=False)
        if word in ("which", "who") and k > 0:
            return _antecedent(s, k, records)
        if word in breaks or word in QUOTE_CHARS or s.quoted[k]:
            return None
        for a, b, m in reversed(s.mentions):
            if (
                m.kind == ACTOR
                and b == k
                and not _is_commentator(m, records)
                and not _qualifier(s, b)
                and not (a > 0 and (s.words[a - 1] in LOCATIVE or s.words[a - 1].endswith("ing")))
            ):
                return a, m
        k -= 1
    if 0 < lo < len(s.words) and s.words[lo - 1] in ("which", "who"):
        return _antecedent(s, lo - 1, records)
    return None


def _antecedent(s: PreparedSentence, k: int, records) -> tuple[int, EntityMention] | None:
    """ "Moscow — which launched an air campaign": the relative pronoun's antecedent."""
    p = k - 1 if s.words[k - 1] not in (",", "—", "–", "-") else k - 2
    for a, b, m in s.mentions:
        if m.kind == ACTOR and b == p and not _is_commentator(m, records):
            return a, m
    return None


_PRONOUNS = {"it", "he", "she", "they"}


def _pronoun_subject(
    s: PreparedSentence, i: int, before: Antecedents
) -> tuple[int, EntityMention] | None:
    """ "Turkey lost 50 soldiers ..., before it launched Operation Spring Shield": a pronoun
    subject stands for the sentence's first actor; "he"/"she" with no actor before it in the
    sentence for the last person an earlier sentence named ("... Putin's sense of opportunity.
    Asked about the attacks, he suggested ...")."""
    k = i - 1
    while k >= 0 and s.words[k] in _AUX:
        k -= 1
    if k < 0 or s.words[k] not in _PRONOUNS:
        return None
    found = next(((a, m) for a, b, m in s.mentions if m.kind == ACTOR and b < k), None)
    if found is None and s.words[k] in ("he", "she") and before.person is not None:
        return k, before.person
    if found is None and s.words[k] == "they" and before.group is not None:
        return k, before.group  # "... YPG militias who control Afrin. They have seized ..."
    return found


def _coordinated_subject(s: PreparedSentence, i: int, records) -> list[EntityMention]:
    """ "Russia and Turkey had agreed", "Erdogan and Putin hold frequent talks",
    "Turkish President Erdogan and Russian President Putin reached a deal"."""
    cs = cue_sets()
    found: list[EntityMention] = []
    k, skipped = i - 1, 0
    while k >= 0:
        word = s.words[k]
        hit = next(
            (
                (a, m)
                for a, b, m in s.mentions
                if b == k and m.kind == ACTOR and not _qualifier(s, b)
            ),
            None,
        )
        if hit is not None:
            if _is_commentator(hit[1], records):
                return []
            found.append(hit[1])
            k, skipped = hit[0] - 1, 0
            continue
        if found and word in ("and", ","):
            k -= 1
            continue
        if found and s.raw[k][:1].isupper() and skipped < 3:  # "Russian President"
            k -= 1
            skipped += 1
            continue
        if found:
            break
        if word in cs["breaks"] or word in QUOTE_CHARS or skipped >= 3 or word == ",":
            break
        k -= 1
        skipped += 1
    return found[::-1]


def _actors_after(
    s: PreparedSentence,
    j: int,
    hi: int,
    records,
    *,
    all_of_them: bool = False,
    listed: bool = False,
):
    found = []
    if not all_of_them:
        hi = next((k for k in range(j, hi) if s.words[k] in (",", "(") or s.quoted[k]), hi)
    elif listed:
        hi = next((k for k in range(j, hi) if s.words[k] in LOCATIVE), hi)
    for a, b, m in s.mentions:
        if m.kind != ACTOR or a < j or a >= hi or _is_commentator(m, records):
            continue
        if _qualifier(s, b):
            continue
        lead = s.words[a - 1] if a > 0 else ""
        lead2 = " ".join(s.words[max(0, a - 3) : a])
        if not listed and (lead in LOCATIVE or "support of" in lead2 or "backed" in lead):
            continue
        found.append(m)
        if not all_of_them:
            break
    return found


def _qualifier(s: PreparedSentence, b: int) -> bool:
    """True for an actor written as part of a compound: "Moscow-backed", "Ankara-based"."""
    return (
        b + 2 < len(s.words) and s.words[b + 1] == "-" and s.words[b + 2] in cue_sets()["compound"]
    )


def _is_commentator(m: EntityMention, records) -> bool:
    record = records.get(m.key)
    if record is None or record.subkind != "person":
        return False
    described = (record.description or "").lower()
    return any(word in described for word in cue_sets()["commentators"])


def _agent_after(s: PreparedSentence, j: int, records) -> EntityMention | None:
    """The actor named after "by", "blamed on", "at the hands of" following the trigger;
    past the object of a noun's "of" too ("the bombing of Damascus airport by the IDF")."""
    reach = 8 if j < len(s.words) and s.words[j] == "of" else 5
    for phrase in cue_sets()["agents"]:
        n = len(phrase)
        for k in range(j, min(len(s.words), j + reach) - n + 1):
            if s.words[k : k + n] == phrase:
                after = _actors_after(s, k + n, min(len(s.words), k + n + 6), records, listed=True)
                if after:
                    return after[0]
    return None


def _is_passive(s: PreparedSentence, c: Candidate) -> bool:
    if c.form != "verb":
        return False
    word = s.words[c.j - 1]
    participle = is_participle(word)
    if participle and c.j < len(s.words) and s.words[c.j] == "by":
        return True  # "Idlib, seized by militants linked to al-Qaeda"
    return participle and any(w in BE_FORMS or w == "had" for w in s.words[max(0, c.i - 2) : c.i])


class Antecedents(NamedTuple):
    """Who a pronoun subject may stand for: the last person named so far ("he", "she") and
    the last armed group or force the sentence before named ("they")."""

    person: EntityMention | None = None
    group: EntityMention | None = None


def antecedents_after(mentions, records, before: Antecedents) -> Antecedents:
    """The antecedents for the sentence after one naming ``mentions``: its last person, else
    the one named before it; its last armed group or force, else none."""
    person, group = before.person, None
    for m in mentions:
        subkind = getattr(records.get(m.key), "subkind", "") if m.kind == ACTOR else ""
        if subkind == "person":
            person = m
        elif subkind in _GROUPS:
            group = m
    return Antecedents(person, group)
