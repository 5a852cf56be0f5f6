"""When an event happened: the date expression of its sentence nearest its trigger, else
what earlier sentences told.

A ``Timeline`` follows an article sentence by sentence. It dates one event from the words of
its sentence (a statement by the words next to its verb, a sentence that reports one event by
its one date expression), else by the agreement a definite subject names again ("The memorandum
was signed by ..."). After a sentence, an undated event takes the date of the violent event
the sentence refers back to ("killed in the strike"), or the day the paragraph's narration is
at (set by the last event dated to a day or week, or by a sentence without an event that states
one day). A day and month takes the year the text is telling of (``narrative_year``).
``one_report_per_fact`` dates an announced event by the statement that reports it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from apps.events.vocabulary import date_vocabulary, event_types, triggers

from .. import dates as dates_mod
from .. import timeline_dates
from ..types import ExtractedEvent, Sentence
from ..years import years_told
from .layout import LINE_START, PARAGRAPH_BREAK, heading_at, is_teaser, lead_end_at
from .sentence import Candidate, PreparedSentence, clause, cue_sets, has_any
from .sentence_date import date_for as _date_for


@dataclass
class Timeline:
    """The article's dating context, and the dates its sentences told so far.

    ``years_told``: (offset, year) of every expression of the article that names a year;
    ``breaks``: the offsets of its paragraph breaks; ``year``: the year the text is telling of
    at the sentence being read (``narrative_year``); ``previous``: the date of the last dated
    event ("the next day" follows it); ``narrative``: the day the paragraph's narration is at
    ("held talks in Moscow on Monday. ... According to the agency, Mamlouk demanded ..."), as
    (paragraph number, resolved date, set by a violent event); ``last_violent``: the last
    violent event; ``last_agreement``: the date of the last agreement dated to a day or week.
    """

    published_on: date | None
    precision: str
    stated_year: int | None
    years_told: list[tuple[int, int]] = field(default_factory=list)
    year_starts: list[int] = field(default_factory=list)  # the offsets of ``years_told``
    breaks: list[int] = field(default_factory=list)
    year: int | None = None
    previous: dates_mod.ResolvedDate | None = None
    narrative: tuple[int, dates_mod.ResolvedDate, bool] | None = None
    last_violent: ExtractedEvent | None = None
    last_agreement: dates_mod.ResolvedDate | None = None
    publication_inferred: bool = False  # ``published_on`` was read from the text itself
    headings: list[tuple[int, int]] = field(default_factory=list)  # a timeline's bare years
    line_starts: frozenset[int] = frozenset()  # offsets where a line of the text starts
    teaser: bool = False  # one short paragraph stating no date: a feed item's or a teaser's
    lead_end: int = 0  # where a report's lead (its first paragraphs of prose) ends
    history: int | None = None  # a paragraph that told an event dated well before the report

    @classmethod
    def of(
        cls, text: str, published_on: date | None, precision: str, inferred: bool = False
    ) -> Timeline:
        """The timeline of an article's ``text``, before its first sentence."""
        report = published_on is not None and precision == "day" and not inferred
        years = years_told(text, settings_only=report)
        return cls(
            published_on,
            precision,
            dates_mod.year_hint(text),
            years,
            [offset for offset, _ in years],
            [m.start() for m in PARAGRAPH_BREAK.finditer(text) if not heading_at(text, m.end())],
            publication_inferred=inferred,
            headings=timeline_dates.year_headings(text),
            line_starts=frozenset([0] + [m.end() for m in LINE_START.finditer(text)]),
            teaser=is_teaser(text) and not years and not dates_mod.find_dates(text),
            lead_end=lead_end_at(text),
        )

    def enter(self, sentence: Sentence) -> int:
        """Move to ``sentence``; returns its paragraph number. A new paragraph starts without a
        day."""
        paragraph = bisect.bisect_left(self.breaks, sentence.start)
        if self.narrative is not None and self.narrative[0] != paragraph:
            self.narrative = None
        self.year = narrative_year(
            self.years_told,
            self.year_starts,
            self.breaks,
            paragraph,
            sentence.start,
            whole=self.published_on is None,
            reach=INFERRED_REACH if self.publication_inferred else REPORT_REACH,
        )
        last = self.previous.date if self.previous is not None else None
        if (
            self.year is None
            and self.publication_inferred
            and last is not None
            and any(year == last.year for _, year in self.years_told)
        ):
            # A chronicle without a date of its own carries the year it names for the day it
            # last told ("On 14 April ... On 16 July, the Army renewed its offensive").
            self.year = last.year
        if self.year is None and self.headings:
            # A timeline's entries below a year heading, however many: that year.
            k = bisect.bisect_left(self.headings, (sentence.start,)) - 1
            self.year = self.headings[k][1] if k >= 0 else None
        return paragraph

    def narrate(self, sentence: Sentence, paragraph: int) -> None:
        """A sentence without an event moves the narration to the one day it states."""
        told = _narrative_day(
            sentence, self.published_on, self.precision, self.previous, self.stated_year, self.year
        ) or self._head_setting(sentence)
        if told is not None and self.published_on is not None and told.date > self.published_on:
            return  # "talks were due to be held on Monday": a plan, not where the story is
        self.narrative = (paragraph, told, False) if told is not None else self.narrative
        if told is not None and told.precision == "day" and told.expression[:1].isdigit():
            # "On 7 January, three villages were taken. The same day, ...": that day.
            self.previous = told

    def _head_setting(self, sentence: Sentence) -> dates_mod.ResolvedDate | None:
        """The date a paragraph opens with ("In late August 2019, ...", "On 27 February, ..."):
        the rest of the paragraph continues the story it sets, to its precision."""
        if sentence.start not in self.line_starts:
            return None
        head = next(iter(dates_mod.find_dates(sentence.text[:40])), None)
        if head is None or head.start > 10 or head.kind == "this_year_stated":
            return None
        resolved = dates_mod.resolve(
            head,
            published_on=self.published_on,
            published_precision=self.precision,
            previous=self.previous,
            stated_year=self.stated_year,
            narrative_year=self.year,
        )
        if resolved.date is None or resolved.precision not in _NARRATIVE | {"month"}:
            return None
        return resolved

    def event_date(
        self, s: PreparedSentence, c: Candidate, taken: set[int], alone: bool
    ) -> dates_mod.ResolvedDate | None:
        """The date of trigger ``c`` (see ``sentence_date.date_for`` for ``taken`` and ``alone``)."""
        resolved = _date_for(
            s,
            c,
            self.previous,
            self.published_on,
            self.precision,
            self.stated_year,
            taken,
            alone,
            narrative_year=self.year,
        )
        if (
            (resolved is None or resolved.date is None)
            and event_types()[c.event_type].family == "agreement"
            and self.last_agreement is not None
            and _definite_agreement_before(s, c)
        ):
            # "The memorandum was signed by Shoigu and Akar": the agreement told before.
            resolved = self.last_agreement
        return resolved

    def kept(self, resolved: dates_mod.ResolvedDate | None) -> None:
        """The date of an event kept: the next relative date ("the next day") follows it."""
        if resolved is not None and resolved.date is not None:
            self.previous = resolved

    def date_by_reference(self, found: list[ExtractedEvent], s: PreparedSentence) -> None:
        """ "78 fighters were killed in the strike": the strike told just before, its date."""
        last = self.last_violent
        if last is None or last.date is None or not _refers_back(s):
            return
        types = event_types()
        for event in found:
            if event.date is None and types[event.event_type].violent:
                _date_like(event, last)

    def date_by_narration(
        self, found: list[ExtractedEvent], s: PreparedSentence, paragraph: int, *, has_dates: bool
    ) -> None:
        """The last event of the sentence dated to a day or week sets the paragraph's day;
        without one, undated events take that day. ``has_dates``: the sentence has date
        expressions of its own."""
        types = event_types()
        if self.published_on is not None and any(
            e.date is not None
            and e.date_expression
            and e.date_expression != date_vocabulary()["report_day_label"]
            and (self.published_on - e.date).days > _HISTORY_DAYS
            for e in found
        ):
            self.history = paragraph  # "The conflict took a sharp turn in October 2019 ..."
        told = next(
            (
                e
                for e in reversed(found)
                if e.date is not None
                and e.date_expression
                and (
                    e.date_precision in _NARRATIVE
                    # a paragraph telling history sets its month ("took a sharp turn in
                    # October 2019 when ..."), not a pluperfect aside ("which had encircled
                    # a post in late August 2019")
                    or (self.history == paragraph and not _PLUPERFECT.search(s.sentence.text))
                )
                and e.date_precision != "year"
            ),
            None,
        )
        if (
            told is not None
            and types[told.event_type].family != "statement"
            and has_any(s.words, cue_sets()["future"])
        ):
            # "were due to hold talks later on Friday": a plan, not the narration (a statement
            # is dated by its verb, whatever it says of the future).
            told = None
            self.narrative = None
        if told is not None:
            self.narrative = (paragraph, _resolved(told), types[told.event_type].violent)
        elif (head := self._head_setting(s.sentence)) is not None:
            self.narrative = (paragraph, head, False)
        elif (
            self.narrative is not None
            and not has_dates
            and not _PLUPERFECT.search(s.sentence.text)
            and not has_any(s.words, cue_sets()["responses"])
        ):
            violent, day = self.narrative[2], self.narrative[1]
            habitual = [cue.split() for cue in date_vocabulary()["habitual_cues"]]
            for event in found:
                family = types[event.event_type].family
                if day.precision not in _NARRATIVE and has_any(s.words, habitual):
                    continue  # "Moscow has repeatedly accused ...": no one month's words
                if event.date is None and not (violent and family in _REACTIONS):
                    # Told in the paragraph's narration after a dated sentence: that day.
                    event.date, event.date_precision = day.date, day.precision
                    event.end_date, event.date_expression = day.end_date, day.expression
                    event.date_is_relative = True

    def date_by_report(
        self,
        found: list[ExtractedEvent],
        s: PreparedSentence,
        news: set[int] = frozenset(),
        paragraph: int | None = None,
        told_recent: set[int] = frozenset(),
    ) -> None:
        """What a report dated to the day says was said, without a day of its own, was said
        for that report: undated events of the ``dated_by_report`` families (``dates.yaml``)
        take the publication day, unless the statement itself steps back ("had said") or
        forward ("will announce"), or is habitual ("has repeatedly accused"). So do undated
        events of any family told in the present perfect (``news``: their ids, "Rebels have
        taken the palace"), and those of a report's lead (its first ``lead_paragraphs``) or
        of a teaser that states no date ("rebels seize Damascus"), unless told in the
        pluperfect, looking ahead or, in a lead, responding to what it told. Those told as
        recent (``told_recent``: their ids) take the week up to the report instead."""
        if self.published_on is None or self.precision != "day":
            return
        vocabulary = date_vocabulary()
        if has_any(s.words, [cue.split() for cue in vocabulary["stepped_statement"]]):
            return  # "had said", "will announce": not what the report says was said
        if has_any(s.words, [cue.split() for cue in vocabulary["habitual_cues"]]):
            return  # "Moscow has repeatedly accused ...": no one report's statement
        # A lead paragraph that tells history ("in October 2019 ...; Seizing the opening,
        # Erdogan launched ...") is not the news of the day.
        lead = (
            paragraph is not None and s.sentence.start < self.lead_end and self.history != paragraph
        )
        recent = (
            (self.teaser or lead)
            and not _PLUPERFECT.search(s.sentence.text)
            and not has_any(s.words, cue_sets()["future"])
            and not (lead and has_any(s.words, cue_sets()["responses"]))
            and not (lead and has_any(s.words, [w.split() for w in vocabulary["vague_past"]]))
        )
        families = set(vocabulary["dated_by_report"])
        types = event_types()
        for event in found:
            if event.date is None and (
                types[event.event_type].family in families or id(event) in news or recent
            ):
                event.date, event.date_precision = self.published_on, "day"
                event.end_date, event.date_is_relative = None, True
                event.date_expression = vocabulary["report_day_label"]
                if id(event) in told_recent:  # "a recent phone conversation": the days before
                    event.date = self.published_on - timedelta(days=6)
                    event.date_precision, event.end_date = "week", self.published_on
                    event.date_expression = vocabulary["recent_label"]

    def remember(self, event: ExtractedEvent) -> None:
        """An event of the sentence just read, for the sentences after it."""
        spec = event_types()[event.event_type]
        if (
            spec.family == "agreement"
            and event.date is not None
            and event.date_precision in _NARRATIVE
        ):
            self.last_agreement = _resolved(event)
        if spec.violent:
            self.last_violent = event


def sentence_dates(sentence: Sentence) -> list[dates_mod.DateMention]:
    """The date expressions of ``sentence``, with offsets into the article; "this year, 2020"
    only states the year."""
    return [
        dates_mod.DateMention(
            d.start + sentence.start, d.end + sentence.start, d.text, d.kind, d.parts
        )
        for d in dates_mod.find_dates(sentence.text)
        if d.kind != "this_year_stated"
    ]


# How many paragraphs back a named year still dates "27 February" when the publication date
# was itself read from the text (an encyclopedia page telling a campaign section by section).
INFERRED_REACH = 4
# In a report with its own date, only a year named in the paragraph itself (or the heading
# above it) does: "suspended relations in 2011" does not put the next paragraph's "On 7 July"
# in 2011; the report's date does.
REPORT_REACH = 1
# An event dated more than this many days before the report is history, not the day's news.
_HISTORY_DAYS = 31


def narrative_year(told_years, told_starts, breaks, paragraph, start, *, whole=False, reach=2):
    """The year the text is telling of at ``start``: the last year named earlier in this
    paragraph or the ``reach - 1`` before it (a section heading, a paragraph's opening "In
    February 2020"), or anywhere earlier when the article has no publication date to lean on."""
    k = bisect.bisect_left(told_starts, start) - 1
    if k < 0:
        return None
    offset, year = told_years[k]
    first = breaks[paragraph - reach] if paragraph >= reach else 0
    return year if whole or offset >= first else None


def _resolved(event: ExtractedEvent) -> dates_mod.ResolvedDate:
    return dates_mod.ResolvedDate(
        event.date,
        event.date_precision,
        event.end_date,
        event.date_expression,
        event.date_is_relative,
    )


def _date_like(event: ExtractedEvent, other: ExtractedEvent) -> None:
    event.date, event.date_precision = other.date, other.date_precision
    event.end_date, event.date_expression = other.end_date, other.date_expression
    event.date_is_relative = other.date_is_relative


# Precisions of a day the narration can stay at for the rest of a paragraph; a month or a year
# ("since 2012") is a setting, not the moment being told.
_NARRATIVE = {"day", "week"}


def _narrative_day(
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
    if resolved.date is None or resolved.precision not in _NARRATIVE:
        return None
    return resolved


# "had pounded the area for days": the pluperfect steps back from the narration's day.
_PLUPERFECT = re.compile(
    r"\b(?:had|'d)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ne|ck|ht|ung)\b", re.IGNORECASE
)

# A statement after a violent event in the same paragraph reacts to it ("Ankara blamed the
# strikes on ...", "Stoltenberg condemned ..."), later than the day of the violence.
_REACTIONS = {"statement", "appeal"}


def _refers_back(s: PreparedSentence) -> bool:
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


def _definite_agreement_before(s: PreparedSentence, c: Candidate) -> bool:
    """ "The memorandum was signed by ...", "The deal was signed by ...": the subject refers
    back to an agreement the article already told."""
    lo = clause(s, c.i, c.j)[0]
    heads = _agreement_heads()
    return any(
        s.words[k] in heads and s.words[k - 1] in ("the", "this", "that")
        for k in range(max(lo, 1), c.i)
    )


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
            if event.date is None and event_types()[event.event_type].dated_by_statement:
                _date_like(event, statement)
        found = facts
    return found
