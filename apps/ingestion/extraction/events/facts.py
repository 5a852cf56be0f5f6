"""Whether a trigger reports a fact: what is dropped before an event is built.

A trigger is dropped when it is quoted, negated, hedged ("could", "might", "is likely to",
"if ..."), an aim ("to retake Idlib"), a description ("allies fighting against"), or a noun
the sentence does not anchor to a happening (a light verb, a date, a casualty figure, the
actors it joins): analysis such as "the battle for Idlib underscores..." reports nothing.
"""

from __future__ import annotations

import calendar
from functools import cache

from apps.events.vocabulary import date_vocabulary, event_types, triggers

from ..types import ACTOR, PLACE, POST
from . import tagging
from .figures import fatalities
from .filters import timeline_entry
from .sentence import (
    BE_FORMS,
    DETERMINERS,
    Candidate,
    PreparedSentence,
    clause,
    cue_sets,
    has_any,
    is_participle,
)


def is_fact(s: PreparedSentence, c: Candidate) -> bool:
    cs = cue_sets()
    i, j = c.i, c.j
    if s.quoted[i]:
        return False
    lo, hi = clause(s, i, j)
    if any(w in cs["conditionals"] for w in s.words[max(0, lo - 1) : i]):
        return False
    if any(w in cs["negations"] for w in s.words[max(lo, i - 3) : i]):
        return False
    spec = triggers()[c.event_type]
    if spec.needs and not _needs_met(s, spec.needs, i, j, hi):
        return False
    verb_needs = spec.verb_needs.get(" ".join(s.words[i:j])) if c.form == "verb" else None
    if verb_needs and not _needs_met(s, verb_needs, i, j, _object_end(s, verb_needs, j, hi)):
        return False  # "drove the troops from Hama", not "drove to Hama"
    if spec.needs and any(a == j for a, _, m in s.mentions if m.kind == ACTOR):
        return False  # "bases that establish Moscow as a major player"
    if c.form == "verb" and _noun_use(s, i, j) and not _reduced_passive(s, c):
        return False
    scheduled = c.event_type in ("meeting", "visit")  # "are expected to meet in September"
    if not scheduled and any(w in cs["clause_hedges"] for w in s.words[lo:i]):
        return False
    if c.form == "verb":
        # An infinitive is an aim or a wish, not a fact: "to retake Idlib", "to agree";
        # unless it is what someone decided or announced ("decided to withdraw").
        if i > 0 and s.words[i - 1] == "to":
            # "decided to withdraw"; "became the first G7 member to announce"
            return i > 1 and (
                s.words[i - 2] in cs["decided"] or "first" in s.words[max(lo, i - 5) : i - 1]
            )
        obj = next((w for w in s.words[j : j + 3] if w not in DETERMINERS), "")
        if obj in cs["figurative"]:
            return False  # "Seizing the opening, Erdogan launched ...": a figure of speech
        if _milestone(s, i, lo):
            return False  # "the heaviest loss since it entered the war"
        if c.event_type in cs["announced"]:
            # "will meet", "is to visit" are events; "may host" is a possibility
            return not s.has_phrase_before(cs["possibility"], i, 2, lo)
        if s.has_phrase_before(cs["hedges"], i, 4, lo):
            return False
        if i > 1 and s.words[i - 2] == "to" and s.words[j - 1].endswith("ing"):
            return False  # "to reduce fighting"
        if (
            s.words[i - 1 : i] == ["as"]
            and event_types()[c.event_type].family == "statement"
            and any(w.isalpha() for w in s.words[j:])
        ):
            # "was quoted at the weekend as saying Turkey was under threat"; a quotation
            # closed by '..., he was quoted as saying.' is read as the quotation it closes.
            return True
        if s.words[j - 1].endswith("ing") and not _progressive(s, i, lo):
            return False  # "Kurdish allies fighting against Islamic State": a description
        if (
            s.words[j - 1].endswith("ing")
            and _present_progressive(s, i)
            and not _anchored_now(s, c, lo, hi)
        ):
            return False  # "Assad's men are battling the second-largest army in NATO"
        # A gerund hanging off "of" is an idea: "the way of Syria eventually retaking".
        if s.words[j - 1].endswith("ing") and "of" in s.words[max(lo, i - 3) : i]:
            return not any(w in BE_FORMS for w in s.words[max(lo, i - 3) : i])
        return True
    # Nouns: not a hypothesis, not a reference to another event, and anchored.
    if s.has_phrase_after(cs["noun_hedges"], j, 3):
        return False
    if s.has_phrase_before(cs["reference"], i, 4, lo):
        return False
    if s.has_phrase_before(cs["hedges"], i, 3, lo):
        return False
    if s.words[j - 1].endswith("ing"):
        # "militias fighting on Assad's side" is a description; "heavy fighting" is an event.
        prev = s.words[i - 1] if i > 0 else ""
        compound = i >= 2 and s.words[i - 2] == "-"  # "high-level meeting"
        light = prev in cs["light"] and prev not in cs["gerund_preps"]  # not "at fighting"
        if prev and not (
            prev in DETERMINERS
            or light
            or prev in cs["modifiers"]
            or compound
            or _object_of_light_verb(s, i, lo)
        ):
            return False
    if (i > 0 and s.words[i - 1] == "to") or (
        i > 1 and s.words[i - 2] == "to" and s.words[i - 1] not in DETERMINERS
    ):
        return False  # "how to deal with", "to reduce fighting"
    if event_types()[c.event_type].family == "statement":
        return True
    before = s.words[max(0, i - 3) : i]
    if any(w in cs["light"] for w in before):
        return True
    k = j
    if k < len(s.words) and s.words[k] in ("on", "in", "over", "about"):
        # a named topic or place between: "the next meeting on Syria will be held"
        k = next((b + 1 for a, b, _ in s.mentions if a == k + 1), k)
    while k < min(len(s.words), j + 6) and (
        s.words[k] in BE_FORMS or s.words[k] in ("will", "has", "have", "had")
    ):
        k += 1
    if s.has_phrase_after(cs["happened"], k, 2) and not s.has_phrase_before(cs["hedges"], k, 3, lo):
        return True  # "violent clashes took place between the rebels and an Army convoy"
    if k < len(s.words) and s.words[k] in cs["light"] and is_participle(s.words[k]):
        # "a truce announced on Aug. 1", "the deal reached in Sochi", "the next meeting will
        # be held in Astana in mid-July"
        return True
    if j < len(s.words) and s.words[j] in ("that", "which"):
        # "the ceasefire that Russia declared", "the deal which Ankara signed"
        after = s.words[j + 1 : min(len(s.words), j + 5)]
        if any(w in cs["light"] and w.endswith("ed") for w in after):
            return True
    if spec.needs_light_verb:
        return False
    if tagging.anchored(s, i, j):
        return True  # the object of a verb whose subject is an actor
    if any(lo <= k < hi and abs(k - i) <= 8 for k, _ in s.dates):
        return True
    if fatalities(s, c)[0] is not None:
        return True
    if any(w in _KILLED for w in s.words[j : j + 3]):
        return True  # "Intense fighting has killed dozens", "when air strikes hit the road"
    if event_types()[c.event_type].violent and s.has_phrase_before(cs["tolls"], i, 6, lo):
        return True  # "the death toll from a Syrian government airstrike on its forces"
    if event_types()[c.event_type].violent and _attributed(s, j):
        return True  # "air strikes that local monitors attributed to Russian jets hit ..."
    if j < len(s.words) and s.words[j] in ("between", "with", "against", "on"):
        return any(a >= j and a <= j + 4 and m.kind == ACTOR for a, _, m in s.mentions)
    return False


_MONTHS = {m.lower() for m in (*calendar.month_name, *calendar.month_abbr) if m}


def _milestone(s: PreparedSentence, i: int, lo: int) -> bool:
    """The verb at ``i`` follows "since" and a subject of at most three words, none a number
    or a month ("since it entered", "since Ankara first intervened"; not "since 2018 Turkey
    has set up")."""
    for k in range(max(0, lo - 1, i - 4), i):
        if s.words[k] in cue_sets()["milestones"]:
            subject = s.words[k + 1 : i]
            return bool(subject) and not any(w in _MONTHS or not w.isalpha() for w in subject)
    return False


def _object_of_light_verb(s: PreparedSentence, i: int, lo: int) -> bool:
    """ "began heavy artillery bombing": an -ing noun at the end of a short noun phrase (plain
    words only) right after a light verb is the act that verb starts or carries out."""
    cs = cue_sets()
    for k in range(i - 2, max(lo, i - 4) - 1, -1):
        if s.words[k] in cs["light"] and s.words[k] not in cs["gerund_preps"]:
            words = s.words[k + 1 : i]
            return all(w.isalpha() and w not in cs["gerund_preps"] for w in words)
    return False


def _noun_use(s: PreparedSentence, i: int, j: int) -> bool:
    """A verb form used as a noun: "its promise", "a blunt attack", "the army attacks in",
    "the next high-level meeting" (right after a hyphenated compound adjective)."""
    if (tagged := tagging.verb_use(s, i, j)) is not None:
        return not tagged
    if i >= 2 and s.words[i - 2] == "-" and not any(b == i - 1 for _, b, _ in s.mentions):
        return True  # "high-level meeting", but "al-Assad visited" has a name before it
    if i >= 1 and s.words[i - 1] in DETERMINERS:
        return True  # "its promise", "the attack"
    if i >= 2 and s.words[i - 2] in DETERMINERS:
        # "a blunt attack", but "the Army stormed Mork" (a past form with no "by" after it)
        after = s.words[j] if j < len(s.words) else ""
        return not (_past(s.words[i]) and after != "by")  # the verb of "broke through"
    word = s.words[j - 1]
    if (
        word in cue_sets()["homographs"]
        and i >= 3
        and s.words[i - 3] in DETERMINERS
        and not any(b in (i - 1, i - 2) for _, b, _ in s.mentions)
        and all(w.isalpha() for w in s.words[i - 2 : i])
    ):
        return True  # "a Western client state": two words of a noun phrase before it
    if _entry_subject_before(s, i):
        return False  # "27/02: Russia kills 33 TR soldiers": a timeline's present tense
    if word.endswith("s") and not word.endswith("ss") and j < len(s.words):
        if _speech_after_subject(s, i, j):
            return False  # "al-Jalali says he is ready", "Ankara warns of ..."
        starts_object = s.words[j] in DETERMINERS or any(a == j for a, _, _ in s.mentions)
        return not starts_object
    return False


# Families whose -s verbs are no nouns after their speaker: "says", "urges", "warns", "demands".
_SPEECH_FAMILIES = {"statement", "appeal", "threat", "demand", "criticism", "accusation"}
_SUBJECT_PRONOUNS = {"he", "she", "it", "they"}


def _speech_after_subject(s: PreparedSentence, i: int, j: int) -> bool:
    """An -s form of a speech verb right after a named actor or a subject pronoun is the verb
    of a headline or a report in the present ("Mohammed al-Jalali says ...")."""
    trigger = " ".join(s.words[i:j])
    family = next(
        (
            event_types()[key].family
            for key, spec in triggers().items()
            if any(trigger in forms for forms in spec.verbs)
        ),
        None,
    )
    if family not in _SPEECH_FAMILIES or i == 0:
        return False
    if s.words[i - 1] in _SUBJECT_PRONOUNS:
        return True
    return any(b == i - 1 and m.kind == ACTOR and s.raw[b][:1].isupper() for _, b, m in s.mentions)


def _past(word: str) -> bool:
    """A past form of a verb: regular ("stormed") or an irregular form of an event verb
    ("fought", "struck")."""
    return word.endswith("ed") or word in _irregular_past()


@cache
def _irregular_past() -> frozenset[str]:
    return frozenset(
        form.split(" ")[0]
        for spec in triggers().values()
        for forms in spec.verbs
        for form in forms[1:]
        if not form.split(" ")[0].endswith(("ing", "s", "ed"))
        and form.split(" ")[0] != forms[0].split(" ")[0]
    )


def _entry_subject_before(s: PreparedSentence, i: int) -> bool:
    """The word at ``i`` follows the actor that opens a timeline entry ("27/02: Russia ...")."""
    if not timeline_entry(s.sentence):
        return False
    return any(b == i - 1 and m.kind == ACTOR and a <= 3 for a, b, m in s.mentions)


def _reduced_passive(s: PreparedSentence, c: Candidate) -> bool:
    """An agreement verb's participle with its agent after a noun: "the memorandum signed by
    the presidents", "the ceasefire agreed by Russia and Turkey" (a reduced passive relative
    clause) tells the signing; "a truce negotiated by Moscow" or "the country accused by
    Erdogan" describe."""
    return (
        event_types()[c.event_type].family == "agreement"
        and is_participle(s.words[c.j - 1])
        and c.j < len(s.words)
        and s.words[c.j] == "by"
    )


def _attributed(s: PreparedSentence, j: int) -> bool:
    """A violent noun whose author the sentence names: "strikes carried out by Turkish
    drones", "air strikes that local monitors attributed to Russian jets"."""
    if j < len(s.words) and s.words[j] == "of":
        # "the bombing of Damascus and Aleppo airports by the IDF": its object, then its author
        for k in range(j + 2, min(len(s.words), j + 8)):
            if s.words[k] == "by":
                return any(a in (k + 1, k + 2) for a, _, m in s.mentions if m.kind == ACTOR)
    for phrase in cue_sets()["agents"]:
        if len(phrase) < 2:
            continue  # a bare "by" is too loose ("attacks by the thousands")
        n = len(phrase)
        for k in range(j, min(len(s.words), j + 5) - n + 1):
            if s.words[k : k + n] == phrase:
                return any(
                    a == k + n or a == k + n + 1 for a, _, m in s.mentions if m.kind == ACTOR
                )
    return False


_KILLED = {
    "killed",
    "killing",
    "kills",
    "wounded",
    "claimed",
    "left",
    "hit",
    "struck",
    "targeted",
    "pounded",
    "destroyed",
}

_ING_LEADS = {
    "by",
    "after",
    "before",
    "while",
    "began",
    "begun",
    "started",
    "continued",
    "resumed",
    "stopped",
    "kept",
    "keep",
    "continue",
    "continues",
    "start",
    "begin",
}


def _present_progressive(s: PreparedSentence, i: int) -> bool:
    """ "are battling", "is still fighting", "are unexpectedly battling"."""
    k = i - 1
    while k >= 0 and i - k <= 3 and (s.words[k].endswith("ly") or s.words[k] in ("still", "also")):
        k -= 1
    return k >= 0 and s.words[k] in cue_sets()["present_be"]


def _anchored_now(s: PreparedSentence, c: Candidate, lo: int, hi: int) -> bool:
    """Words that tie an act in the present progressive to the report's moment: a date in its
    clause, a casualty figure, a speaker who says it is happening, "now", "today"."""
    if any(lo <= k < hi for k, _ in s.dates) or fatalities(s, c)[0] is not None:
        return True
    if any(w in date_vocabulary()["reporting_verbs"] for w in s.words[: c.i]):
        return True  # "Moscow says Turkey is violating the deal": what someone alleges
    return has_any(s.words, cue_sets()["ongoing"])


def _progressive(s: PreparedSentence, i: int, lo: int) -> bool:
    """An -ing trigger that tells an act: "are threatening", "by sending", ", killing three"."""
    if (tagged := tagging.progressive(s, i)) is not None:
        return tagged
    before = s.words[max(0, i - 2) : i]
    if not before or before[-1] == ",":
        return True
    return any(w in BE_FORMS or w in _ING_LEADS for w in before)


# Prepositions that end a verb's object ("took refugees to the city" took no city).
_OBJECT_ENDS = {
    "to",
    "into",
    "in",
    "at",
    "on",
    "for",
    "from",
    "with",
    "toward",
    "towards",
    "across",
}


def _object_end(s: PreparedSentence, needs, j: int, hi: int) -> int:
    """Where the words a verb needs must come by: for a verb that needs a place as its object
    ("took Saraqeb", "took the town"), the object's end within five words; else the clause's."""
    if PLACE_NEED not in needs:
        return hi
    end = min(hi, j + 5)
    return next((k for k in range(j, end) if s.words[k] in _OBJECT_ENDS - set(needs)), end)


# In a trigger's ``needs``: a named place as its object.
PLACE_NEED = "@place"


def _needs_met(s: PreparedSentence, needs, i: int, j: int, hi: int) -> bool:
    """The words a trigger needs follow it, or precede it across "that"/"which"
    ("one of 12 posts that Ankara established")."""
    if any(w in needs for w in s.words[j : min(hi, j + 8)]):
        return True
    if j < len(s.words) and s.words[j] in needs:
        return True  # the word that ends the clause: "claimed that a cease-fire ..."
    if PLACE_NEED in needs and any(
        m.kind in (PLACE, POST) and j <= a < hi and all(w in DETERMINERS for w in s.words[j:a])
        for a, _, m in s.mentions
    ):
        return True  # "took Saraqeb": a named place is the object
    for k in range(i - 1, max(-1, i - 13), -1):
        if s.words[k] in needs:
            return any(w in ("that", "which") for w in s.words[k:i])
    return False
