"""When an event happened: the date expression of its sentence nearest its trigger.

``date_for`` dates one event from the words of its sentence (a statement by the words next to
its verb). What earlier sentences told dates the rest: the day the paragraph's narration is at
(``narrative_day``), the violent event a sentence refers back to ("killed in the strike"), the
agreement a definite subject names again ("The memorandum was signed by ..."), and a statement
that reports an announced event (``one_report_per_fact``).
"""

from __future__ import annotations

import re
from functools import cache

from apps.events.vocabulary import event_types, triggers

from .. import dates as dates_mod
from ..types import ExtractedEvent, Sentence
from .sentence import Candidate, PreparedSentence, clause


def date_for(
    s: PreparedSentence,
    c: Candidate,
    previous,
    published_on,
    precision,
    stated_year,
    taken=(),
    alone=False,
    narrative_year=None,
):
    """The date of one event from the words of its sentence. ``alone``: the sentence reports
    this event only, so its one date expression is the event's however far from the trigger
    ("a Russian air strike on a camp of X, a faction of Y, in Z on Monday")."""
    if not s.dates:
        return None
    lo, hi = clause(s, c.i, c.j)
    statement = event_types()[c.event_type].family == "statement"
    reporting = {"said", "says", "told", "announced", "indicated", "stated", "added", "warned"}

    def dates_speech(k: int, d) -> bool:
        before = s.words[k - 1] if k > 0 else ""
        end = s.token_at(d.end - 1) + 1
        after = s.words[end] if end < len(s.words) else ""
        return before in reporting or after in reporting

    near = [(k, d) for k, d in s.dates if abs(k - c.i) <= 15 or (alone and len(s.dates) == 1)]
    in_clause = [(k, d) for k, d in near if lo <= k < hi]
    if statement:
        # A statement is dated by the words next to its verb ("said Wednesday", "on Wednesday
        # indicated", "On Wednesday, X said"), not by the dates of what was said.
        first_comma = next((k for k, w in enumerate(s.words) if w == ","), len(s.words))

        def dates_statement(k: int, d) -> bool:
            if dates_speech(k, d):
                return True
            if c.j <= k <= c.j + 4 and k < hi:
                return True  # "warned Europe on Wednesday"
            if not (lo <= k < c.i and c.i - k <= 15):
                return False
            if k < first_comma and d.kind != "previous_event":
                return True  # "Speaking on Thursday, Minister of ... X said"
            return "," not in s.words[k : c.i] and c.i - k <= 10

        pool = [(k, d) for k, d in near if dates_statement(k, d)]
    else:
        pool = in_clause or [
            (k, d)
            for k, d in near
            if not dates_speech(k, d) and clause(s, k, k + 1)[0] not in taken
        ]
    if not pool:
        # "On March 5, following weeks of clashes ..., the leaders reached a deal."
        pool = [(k, d) for k, d in s.dates if k <= 1 and "," in s.words[k : k + 6]]
    if not pool:
        return None
    k, mention = min(pool, key=lambda kd: abs(kd[0] - c.i))
    local = dates_mod.DateMention(
        mention.start - s.sentence.start,
        mention.end - s.sentence.start,
        mention.text,
        mention.kind,
        mention.parts,
    )
    resolved = dates_mod.resolve(
        local,
        published_on=published_on,
        published_precision=precision,
        previous=previous,
        future=dates_mod.is_future(s.sentence.text, local),
        stated_year=stated_year,
        narrative_year=narrative_year,
    )
    return dates_mod.shift(resolved, start=s.sentence.start)


# Precisions of a day the narration can stay at for the rest of a paragraph; a month or a year
# ("since 2012") is a setting, not the moment being told.
NARRATIVE = {"day", "week"}


def narrative_day(
    sentence: Sentence, published_on, precision, previous, stated_year, narrative_year=None
):
    """The day a sentence without an event moves the narration to ("Moscow was busy with
    Turkish visitors on Monday."): its one date expression of day or week precision."""
    found = [d for d in dates_mod.find_dates(sentence.text) if d.kind != "this_year_stated"]
    if len(found) != 1:
        return None
    resolved = dates_mod.resolve(
        found[0],
        published_on=published_on,
        published_precision=precision,
        previous=previous,
        future=dates_mod.is_future(sentence.text, found[0]),
        stated_year=stated_year,
        narrative_year=narrative_year,
    )
    if resolved.date is None or resolved.precision not in NARRATIVE:
        return None
    return resolved


# "had pounded the area for days": the pluperfect steps back from the narration's day.
PLUPERFECT = re.compile(
    r"\b(?:had|'d)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ne|ck|ht|ung)\b", re.IGNORECASE
)

# A statement after a violent event in the same paragraph reacts to it ("Ankara blamed the
# strikes on ...", "Stoltenberg condemned ..."), later than the day of the violence.
REACTIONS = {"statement", "appeal"}


def refers_back(s: PreparedSentence) -> bool:
    """ "in the strike", "this attack": a definite violent noun that names an event already
    told (a trigger word of a violent type after "the", "this" or "that")."""
    words = s.words
    return any(
        k > 0
        and words[k - 1] in ("the", "this", "that")
        and words[k] in _violent_heads()
        and (k + 1 == len(words) or words[k + 1] not in ("on", "against", "of", "in", "by"))
        for k in range(1, len(words))
    )


@cache
def _violent_heads() -> frozenset[str]:
    """Single-word nouns and base verbs of the violent event types ("strike", "attack")."""
    heads = set()
    for key, spec in triggers().items():
        if not event_types()[key].violent:
            continue
        for phrase in list(spec.nouns) + [forms[0] for forms in spec.verbs if forms]:
            if " " not in phrase:
                heads.add(phrase.lower())
    return frozenset(heads)


@cache
def _agreement_heads() -> frozenset[str]:
    from ..dictionary import load_vocabulary

    return frozenset(w.lower() for w in load_vocabulary()["agreement_heads"])


def definite_agreement_before(s: PreparedSentence, c: Candidate) -> bool:
    """ "The memorandum was signed by ...", "The deal was signed by ...": the subject refers
    back to an agreement the article already told."""
    lo = clause(s, c.i, c.j)[0]
    heads = _agreement_heads()
    return any(
        s.words[k] in heads and s.words[k - 1] in ("the", "this", "that")
        for k in range(max(lo, 1), c.i)
    )


# Events that are announced rather than seen: a statement's day is theirs.
_ANNOUNCED_ON_STATEMENT_DAY = {
    "agreement_reached",
    "ceasefire_agreed",
    "intent_to_cooperate",
    "withdrawal",
    "deployment",
    "operation_declared",
    "casualties",
}


def one_report_per_fact(found: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """A sentence that says what someone said happened reports the happening once:
    "Putin said on Tuesday that Russia and Turkey had agreed steps" is the agreement (dated
    by the statement, since an agreement is made when it is announced), not also a statement.
    Deaths a statement reports are dated by it ("Turkey said Wednesday that two more
    soldiers had been killed")."""
    statement = next((e for e in found if e.event_type == "statement"), None)
    facts = [e for e in found if e.event_type != "statement"]
    if statement is not None and facts:
        for event in facts:
            if event.date is None and event.event_type in _ANNOUNCED_ON_STATEMENT_DAY:
                event.date, event.date_precision = statement.date, statement.date_precision
                event.end_date, event.date_expression = (
                    statement.end_date,
                    statement.date_expression,
                )
                event.date_is_relative = statement.date_is_relative
        found = facts
    return found
