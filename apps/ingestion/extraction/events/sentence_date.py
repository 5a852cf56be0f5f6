"""The date of one event from the words of its own sentence: the date expression nearest its
trigger in its clause; a statement's by the words next to its verb ("said Wednesday"), not by
the dates of what was said."""

from __future__ import annotations

from apps.events.vocabulary import date_vocabulary, event_types

from .. import dates as dates_mod
from .sentence import (
    Candidate,
    PreparedSentence,
    clause,
    cue_sets,
    has_any,
    next_predicate,
    predicate_start,
)


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

    aside = _in_parentheses(s.words)
    near = [
        (k, d)
        for k, d in s.dates
        if (abs(k - c.i) <= 15 or (alone and len(s.dates) == 1))
        and (aside[k] is None or aside[k] == aside[c.i])
    ]
    in_clause = [(k, d) for k, d in near if lo <= k < hi]
    if statement:
        # A statement is dated by the words next to its verb ("said Wednesday", "on Wednesday
        # indicated", "On Wednesday, X said"), not by the dates of what was said.
        first_comma = next((k for k, w in enumerate(s.words) if w == ","), len(s.words))
        # "was quoted at the weekend as saying", "was interviewed on 6 December, and said":
        # the speaker's own clause dates the words.
        speech_lo = 0 if s.words[c.i - 1 : c.i] in (["as"], ["and"]) else lo

        def dates_statement(k: int, d) -> bool:
            if dates_speech(k, d):
                return True
            if c.j <= k <= c.j + 4 and k < hi:
                return True  # "warned Europe on Wednesday"
            if not (speech_lo <= k < c.i and c.i - k <= 15):
                return False
            if k < first_comma and d.kind != "previous_event":
                return True  # "Speaking on Thursday, Minister of ... X said"
            return "," not in s.words[k : c.i] and c.i - k <= 10

        pool = [(k, d) for k, d in near if dates_statement(k, d)]
        if not pool and alone and len(s.dates) == 1:
            # "The government announced an end to its operations in Idlib on 10 February": the
            # sentence's one date, after the verb in its clause, with nothing looking forward.
            k, d = s.dates[0]
            day = d.kind not in ("year", "month_year", "in_month", "part_month")
            ahead = cue_sets()["future"] + cue_sets()["reported_future"]
            if day and c.j <= k < hi and not has_any(s.words[c.j : k], ahead):
                pool = [(k, d)]
    else:
        second = predicate_start(s, c)
        if second >= 0 and any(k > second for k, _ in in_clause):
            # "took the village on 19 December, and conducted airstrikes on 20 December"
            in_clause = [(k, d) for k, d in in_clause if k > second]
        following = next_predicate(s, c)
        if following >= 0:
            # "... had been captured by the Army and later in the day it made more advances":
            # the time of the predicate after "and" is its own.
            in_clause = [(k, d) for k, d in in_clause if k < following]
            near = [(k, d) for k, d in near if k < following]
        pool = in_clause or [
            (k, d)
            for k, d in near
            if not dates_speech(k, d) and clause(s, k, k + 1)[0] not in taken
        ]
        if not pool and lo > 0 and s.words[lo - 1] == "when":
            # "The clash began on February 27th when an air strike ... killed 36 soldiers":
            # a when-clause happens at the time of the clause it hangs on.
            before = clause(s, lo - 2, lo - 1)[0] if lo > 1 else 0
            pool = [(k, d) for k, d in near if before <= k < lo - 1]
    if not pool:
        # "On March 5, following weeks of clashes ..., the leaders reached a deal."
        pool = [
            (k, d)
            for k, d in s.dates
            if k <= 1 and ("," in s.words[k : k + 6] or d.kind.startswith("numeric"))
        ]
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


def told_as_news(s: PreparedSentence, c: Candidate) -> bool:
    """Whether trigger ``c`` is a verb in the present perfect ("Rebels have taken the palace",
    "Russia has now granted asylum"): news of the report's day when nothing else dates it.
    The auxiliaries and the words allowed between (``dates.yaml``)."""
    if c.form != "verb":
        return False
    vocabulary = date_vocabulary()
    auxiliaries = set(vocabulary["perfect_auxiliaries"])
    between = set(vocabulary["perfect_between"])
    k = c.i - 1
    while k >= 0 and c.i - k <= 3 and s.words[k] in between:
        k -= 1
    return k >= 0 and s.words[k] in auxiliaries


_RELATIVES = {"where", "when", "which", "who", "whose", "whom", "as"}


def _in_parentheses(words: list[str]) -> list[int | None]:
    """For each word, the index of the "(" whose relative-clause aside holds it, else None: a
    date inside "(where Syria's protests first began in 2011)" dates nothing outside it; one
    inside "(February 2016)" may."""
    found: list[int | None] = []
    opened: list[tuple[int, bool]] = []  # every open "(", and whether a relative clause follows
    for k, word in enumerate(words):
        if word == "(":
            opened.append((k, words[k + 1 : k + 2] != [] and words[k + 1] in _RELATIVES))
        found.append(next((at for at, relative in reversed(opened) if relative), None))
        if word == ")" and opened:
            opened.pop()
    return found
