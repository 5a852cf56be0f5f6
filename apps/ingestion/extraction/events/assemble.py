"""``extract_events``: the stages of this package run over an article, sentence by sentence."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from apps.events.vocabulary import date_vocabulary, event_types

from ..types import EntityExtraction, EntityMention, EntityRecord, ExtractedEvent, Sentence
from . import tagging
from .dating import Timeline, one_report_per_fact, sentence_dates
from .describe import enrich, event_record
from .figures import fatalities
from .filters import is_question, is_reported, label_line
from .roles import Antecedents, actor_roles, antecedents_after
from .sentence import Candidate, PreparedSentence, Tokens, blank_english, clause, prepare
from .sentence_date import told_as_news
from .triggers import main_triggers, trigger_matches


@dataclass
class _Article:
    """What each sentence of one article is read with."""

    text: str
    tokens: Tokens
    records: dict[str, EntityRecord]
    timeline: Timeline


def extract_events(
    text: str,
    entities: EntityExtraction,
    *,
    published_on: date | None,
    precision: str = "",
    publication_inferred: bool = False,
) -> list[ExtractedEvent]:
    """Every event the article reports, in reading order, each cited to its sentence.
    ``publication_inferred``: ``published_on`` was read from the text's own dated references,
    not given: a day and month then takes the year the text last named, wherever it was."""
    doc = blank_english().make_doc(text)
    sentences = sorted(entities.sentences, key=lambda x: x.start)
    by_sentence = trigger_matches(doc, sentences)
    timeline = Timeline.of(text, published_on, precision, publication_inferred)
    article = _Article(text, Tokens.of(doc, text), entities.records, timeline)
    tagging.parse_ahead(article.tokens, [sentences[k] for k in sorted(by_sentence)])
    events: list[ExtractedEvent] = []
    antecedents = Antecedents()  # who "he", "she" and "they" may stand for
    for k, (sentence, mentions) in enumerate(
        zip(sentences, _mentions_by_sentence(entities.mentions, sentences), strict=True)
    ):
        before = antecedents
        antecedents = antecedents_after(mentions, article.records, antecedents)
        raw = by_sentence.get(k)
        paragraph = timeline.enter(sentence)
        if not raw or is_question(sentence):
            if not raw and not label_line(text, sentence):
                timeline.narrate(sentence, paragraph)
            continue  # no trigger, or a question ("What did Russia and Turkey agree?")
        if label_line(text, sentence) and not (timeline.teaser and k == 0):
            # A headline, kicker or caption label: the article's prose tells the event. A feed
            # item's headline above its one short paragraph is read: the teaser often tells
            # something else ("Syrian rebels say they have taken control of Homs").
            continue
        found = _sentence_events(article, sentence, raw, mentions, before, paragraph)
        if not found:
            # "In the morning of 7 January, three villages were taken.": no event kept, but the
            # story moved to that day ("The same day, a rocket attack ...").
            timeline.narrate(sentence, paragraph)
        for event in found:
            events.append(event)
            timeline.remember(event)
    return events


def _mentions_by_sentence(
    mentions: list[EntityMention], sentences: list[Sentence]
) -> list[list[EntityMention]]:
    """The entity mentions inside each sentence, in reading order."""
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    found = []
    for sentence in sentences:
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        found.append([m for m in ordered[lo:hi] if m.end <= sentence.end])
    return found


def _sentence_events(
    article: _Article,
    sentence: Sentence,
    raw: list[tuple[str, str, int, int]],
    mentions: list[EntityMention],
    before: Antecedents,
    paragraph: int,
) -> list[ExtractedEvent]:
    """The events one sentence reports (its trigger matches ``raw``), dated with what the
    sentences before it told. ``before``: who "he", "she" and "they" may stand for."""
    timeline = article.timeline
    found_dates = sentence_dates(sentence)
    s = prepare(article.tokens, sentence, mentions, found_dates)
    chosen, anaphors = main_triggers(s, raw)
    if anaphors and timeline.last_violent is not None:
        enrich(timeline.last_violent, s)
    clauses = {c.i: clause(s, c.i, c.j)[0] for c in chosen}
    found: list[ExtractedEvent] = []
    news: set[int] = set()  # the events told in the present perfect, by id
    recent: set[int] = set()  # the events told as recent ("a recent phone call"), by id
    recent_cues = [cue.split() for cue in date_vocabulary().get("recent_cues", ())]
    for c in chosen:
        # Clauses of the sentence's other events: their dates are theirs.
        taken = {lo for i, lo in clauses.items() if i != c.i and lo != clauses[c.i]}
        event = _event(article, s, c, before, taken, alone=len(chosen) == 1)
        if event is not None:
            found.append(event)
            if told_as_news(s, c):
                news.add(id(event))
            if s.has_phrase_before(recent_cues, c.i, 3, clauses[c.i]):
                recent.add(id(event))
    timeline.date_by_reference(found, s)
    timeline.date_by_narration(found, s, paragraph, has_dates=bool(found_dates))
    timeline.date_by_report(found, s, news, paragraph, recent)
    return one_report_per_fact(found)


def _event(
    article: _Article,
    s: PreparedSentence,
    c: Candidate,
    before: Antecedents,
    taken: set[int],
    *,
    alone: bool,
) -> ExtractedEvent | None:
    """The event trigger ``c`` reports, or None when it tells nothing (``filters``)."""
    refs = actor_roles(s, c, article.records, before)
    resolved = article.timeline.event_date(s, c, taken, alone)
    dated = resolved is not None and bool(resolved.expression)
    figures = fatalities(s, c) if event_types()[c.event_type].violent else (None, None)
    if not is_reported(s, c, refs, dated=dated, figures=figures):
        return None
    article.timeline.kept(resolved)
    return event_record(article.text, s, c, refs, resolved, figures, article.records)
