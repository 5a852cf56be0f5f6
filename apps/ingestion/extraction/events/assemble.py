"""``extract_events``: the stages of this package run over an article, sentence by sentence."""

from __future__ import annotations

import bisect
import re
from datetime import date

from apps.events.vocabulary import event_types

from .. import dates as dates_mod
from ..types import AGREEMENT, POST, EntityExtraction, EntityMention, ExtractedEvent
from .dating import (
    NARRATIVE,
    PLUPERFECT,
    REACTIONS,
    date_for,
    definite_agreement_before,
    narrative_day,
    one_report_per_fact,
    refers_back,
)
from .describe import STATE_KINDS, enrich, nearest, place_of, summary_of
from .figures import fatalities
from .filters import DATED_WITHOUT_ACTORS, label_line
from .roles import INITIATOR, TARGET, actor_roles, last_person_named
from .sentence import Tokens, blank_english, clause, cue_sets, has_any, prepare
from .triggers import candidates, named_agreements_reached, select_main, trigger_matcher


def extract_events(
    text: str,
    entities: EntityExtraction,
    *,
    published_on: date | None,
    precision: str = "",
) -> list[ExtractedEvent]:
    """Every event the article reports, in reading order, each cited to its sentence."""
    nlp = blank_english()
    doc = nlp.make_doc(text)
    tokens = Tokens.of(doc, text)
    matcher, labels = trigger_matcher()
    by_sentence: dict[int, list] = {}
    sentences = sorted(entities.sentences, key=lambda x: x.start)
    sent_starts = [x.start for x in sentences]
    for match_id, i, j in matcher(doc):
        offset = doc[i].idx
        k = bisect.bisect_right(sent_starts, offset) - 1
        if k < 0 or offset >= sentences[k].end:
            continue
        key, form = labels[match_id]
        by_sentence.setdefault(k, []).append((key, form, doc[i].idx, doc[j - 1].idx))
    mentions_sorted = sorted(entities.mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions_sorted]
    stated_year = dates_mod.year_hint(text)
    told_years = dates_mod.years_told(text)
    told_starts = [offset for offset, _ in told_years]
    records = entities.records
    types = event_types()
    events: list[ExtractedEvent] = []
    previous = None
    # The day the paragraph's narration is at ("held talks in Moscow on Monday. ... According to
    # the agency, Mamlouk demanded ..."): (paragraph number, resolved date, set by a violent event).
    narrative: tuple[int, dates_mod.ResolvedDate, bool] | None = None
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    last_violent: ExtractedEvent | None = None
    last_agreement: dates_mod.ResolvedDate | None = None  # date of the last dated agreement
    last_person: EntityMention | None = None  # the last person named in an earlier sentence
    for k, sentence in enumerate(sentences):
        lo = bisect.bisect_left(mention_starts, sentence.start)
        hi = bisect.bisect_left(mention_starts, sentence.end)
        sent_mentions = [m for m in mentions_sorted[lo:hi] if m.end <= sentence.end]
        speaker_before = last_person
        last_person = last_person_named(sent_mentions, records, last_person)
        raw = by_sentence.get(k)
        paragraph = bisect.bisect_left(breaks, sentence.start)
        if narrative is not None and narrative[0] != paragraph:
            narrative = None
        year_here = narrative_year(
            told_years, told_starts, breaks, paragraph, sentence.start, whole=published_on is None
        )
        if not raw or sentence.text.rstrip(" \"”’'*").endswith("?"):
            if not raw and not label_line(text, sentence):
                told = narrative_day(
                    sentence, published_on, precision, previous, stated_year, year_here
                )
                narrative = (paragraph, told, False) if told is not None else narrative
            continue  # no trigger, or a question ("What did Russia and Turkey agree?")
        if label_line(text, sentence):
            continue  # a headline, teaser or caption label: the article's prose tells the event
        found_dates = [
            dates_mod.DateMention(
                d.start + sentence.start, d.end + sentence.start, d.text, d.kind, d.parts
            )
            for d in dates_mod.find_dates(sentence.text)
            if d.kind != "this_year_stated"
        ]
        s = prepare(tokens, sentence, sent_mentions, found_dates)
        matches = [(key, form, s.token_at(a), s.token_at(b) + 1) for key, form, a, b in raw]
        cands, speech, anaphors = candidates(s, matches)
        cands = named_agreements_reached(s, cands)
        chosen = select_main(s, cands, speech)
        if anaphors and last_violent is not None:
            enrich(last_violent, s)
        clauses = {c.i: clause(s, c.i, c.j)[0] for c in chosen}
        found: list[ExtractedEvent] = []
        for c in chosen:
            spec = types[c.event_type]
            refs = actor_roles(s, c, records, speaker_before)
            taken = {lo_ for i_, lo_ in clauses.items() if i_ != c.i and lo_ != clauses[c.i]}
            resolved = date_for(
                s,
                c,
                previous,
                published_on,
                precision,
                stated_year,
                taken,
                len(chosen) == 1,
                narrative_year=year_here,
            )
            if (
                (resolved is None or resolved.date is None)
                and spec.family == "agreement"
                and last_agreement is not None
                and definite_agreement_before(s, c)
            ):
                # "The memorandum was signed by Shoigu and Akar": the agreement told before.
                resolved = last_agreement
            dated = resolved is not None and bool(resolved.expression)
            if not refs and spec.family not in ("humanitarian", "violence"):
                # "A conditional truce announced on Aug. 1": an agreement dated but unnamed.
                standalone = spec.family == "agreement" or (
                    c.event_type in DATED_WITHOUT_ACTORS
                    and c.form != "verb"
                    and not any(w in cue_sets()["sequels"] for w in s.words[max(0, c.i - 2) : c.i])
                )
                if not (standalone and dated):
                    continue
            if spec.family == "statement" and not any(r.role == INITIATOR for r in refs):
                continue
            if (
                s.words[c.i].startswith("threat")
                and not any(r.role == TARGET for r in refs)
                and (c.j >= len(s.words) or s.words[c.j] != "to")
            ):
                continue  # "attacks are threatening a fragile situation": no one is threatened
            killed, wounded = fatalities(s, c) if spec.violent else (None, None)
            if spec.violent and not refs and killed is None and wounded is None:
                continue
            if resolved is not None and resolved.date is not None:
                previous = resolved
            place, location = place_of(s, c, text)
            agreement = nearest(s, c, AGREEMENT)
            post = nearest(s, c, POST)
            acled_sub = spec.acled_sub_event_type
            if spec.acled_state_sub_type and any(
                r.role == INITIATOR and getattr(records.get(r.key), "subkind", "") in STATE_KINDS
                for r in refs
            ):
                acled_sub = spec.acled_state_sub_type
            found.append(
                ExtractedEvent(
                    event_type=c.event_type,
                    cameo_code=spec.cameo,
                    acled_event_type=spec.acled_event_type,
                    acled_sub_event_type=acled_sub,
                    date=resolved.date if resolved else None,
                    date_precision=resolved.precision if resolved else "",
                    end_date=resolved.end_date if resolved else None,
                    date_expression=resolved.expression[:100] if resolved else "",
                    date_is_relative=resolved.is_relative if resolved else False,
                    actors=refs,
                    place_key=place.key if place else None,
                    location_text=location,
                    agreement_key=agreement.key if agreement else None,
                    post_key=post.key if post else None,
                    fatalities=killed,
                    wounded=wounded,
                    summary=summary_of(c.event_type, refs, records, location),
                    sentence_start=sentence.start,
                    sentence_end=sentence.end,
                    quote=text[sentence.start : sentence.end],
                )
            )
        if last_violent is not None and last_violent.date is not None and refers_back(s):
            # "78 fighters were killed in the strike": the strike told just before, its date.
            for event in found:
                if event.date is None and types[event.event_type].violent:
                    event.date, event.date_precision = (
                        last_violent.date,
                        last_violent.date_precision,
                    )
                    event.end_date = last_violent.end_date
                    event.date_expression = last_violent.date_expression
                    event.date_is_relative = last_violent.date_is_relative
        found = one_report_per_fact(found)
        told = next(
            (
                e
                for e in reversed(found)
                if e.date is not None and e.date_expression and e.date_precision in NARRATIVE
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
            narrative = None
        if told is not None:
            narrative = (
                paragraph,
                dates_mod.ResolvedDate(
                    told.date,
                    told.date_precision,
                    told.end_date,
                    told.date_expression,
                    told.date_is_relative,
                ),
                types[told.event_type].violent,
            )
        elif (
            narrative is not None
            and not found_dates
            and not PLUPERFECT.search(sentence.text)
            and not has_any(s.words, cue_sets()["responses"])
        ):
            for event in found:
                family = types[event.event_type].family
                if event.date is None and not (narrative[2] and family in REACTIONS):
                    # Told in the paragraph's narration after a dated sentence: that day.
                    day = narrative[1]
                    event.date, event.date_precision = day.date, day.precision
                    event.end_date, event.date_expression = day.end_date, day.expression
                    event.date_is_relative = True
        for event in found:
            events.append(event)
            if (
                types[event.event_type].family == "agreement"
                and event.date is not None
                and event.date_precision in NARRATIVE
            ):
                last_agreement = dates_mod.ResolvedDate(
                    event.date,
                    event.date_precision,
                    event.end_date,
                    event.date_expression,
                    event.date_is_relative,
                )
            if types[event.event_type].violent:
                last_violent = event
    return events


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def narrative_year(told_years, told_starts, breaks, paragraph, start, *, whole=False):
    """The year the text is telling of at ``start``: the last year named earlier in this
    paragraph or the one before it (a section heading, a paragraph's opening "In February
    2020"), or anywhere earlier when the article has no publication date to lean on."""
    k = bisect.bisect_left(told_starts, start) - 1
    if k < 0:
        return None
    offset, year = told_years[k]
    first = breaks[paragraph - 2] if paragraph >= 2 else 0
    return year if whole or offset >= first else None
