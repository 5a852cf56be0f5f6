"""Direct quotations: the words in quotation marks someone said or wrote, with the speaker the
text gives, the day they were said, the sentence they stand in and the statement event they
belong to.

A quoted phrase of one word is a scare quote; a short one no speech verb attributes is the
outlet's own label; one whose words are all capitalised is a name or a title. The speaker is the
one the statement event of the sentence names, else the words next to the speech verb ('",
said Yury Barmin', 'a Western diplomat told AFP'), a pronoun standing for the person named
last, or, for a quotation that continues a paragraph's quotation, that quotation's speaker.
Pure: text, entities and events in, ``ExtractedQuotation`` out. The vocabulary is
``apps/events/data/quotations.yaml``.
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from functools import cache

from apps.events.vocabulary import event_types, quotation_vocabulary

from . import dates as dates_mod
from .types import ACTOR, EntityExtraction, ExtractedEvent, ExtractedQuotation

_WORD = re.compile(r"[^\W_][\w’'.-]*")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
# Where a speaker's words end before or after a quotation: a clause mark or a quotation mark.
_STOP = ',;:.!?()"“”«»„\n'


def extract_quotations(
    text: str,
    entities: EntityExtraction,
    events: list[ExtractedEvent],
    *,
    published_on: date | None,
    precision: str = "",
) -> list[ExtractedQuotation]:
    """Every direct quotation of ``text``, in reading order."""
    vocab = quotation_vocabulary()
    sentences = sorted(entities.sentences, key=lambda s: s.start)
    starts = [s.start for s in sentences]
    mentions = sorted(
        (m for m in entities.mentions if m.kind == ACTOR), key=lambda m: (m.start, -m.end)
    )
    breaks = [m.start() for m in _PARAGRAPH.finditer(text)]
    statements = [
        (k, e) for k, e in enumerate(events) if event_types()[e.event_type].family == "statement"
    ]
    found: list[ExtractedQuotation] = []
    last: tuple[int, ExtractedQuotation] | None = None  # a paragraph's last attributed quotation
    for start, end in quoted_spans(text):
        words = _WORD.findall(text[start:end])
        if len(words) < vocab["min_words"]:
            continue  # "terrorists": a scare quote
        if len(words) <= vocab["name_words"] and _name_like(words):
            continue  # "Sochi 2.0", "Repel the Invaders": a name or a title
        first = max(0, bisect.bisect_right(starts, start) - 1)
        final = max(first, bisect.bisect_right(starts, max(start, end - 1)) - 1)
        s_start, s_end = sentences[first].start, sentences[final].end
        if not sentences or not (s_start <= start < s_end):
            s_start, s_end = _line_around(text, start, end)
        before = text[s_start:start].rstrip(_MARKS)
        after = text[end:s_end].lstrip(_MARKS)
        attributed = _speech_verb(before) or _speech_verb(after)
        if len(words) <= vocab["short_words"] and not attributed:
            continue  # 'the "final battle" of the war': the outlet's own label
        paragraph = bisect.bisect_left(breaks, start)
        event_index, event = next(
            ((k, e) for k, e in statements if e.sentence_start <= start < e.sentence_end),
            (None, None),
        )
        recent = last[1] if last is not None and paragraph - last[0] <= 1 else None
        speaker_key, speaker_text = _speaker(
            text, event, before, after, start, end, mentions, entities.records, recent, s_start
        )
        said_on, said_precision = (event.date, event.date_precision) if event else (None, "")
        if event is None:
            said_on, said_precision = _said_on(
                text, (s_start, start), (end, s_end), published_on, precision
            )
        if speaker_key is None and not speaker_text and last is not None and last[0] == paragraph:
            # '"We will not leave," he said. "Our posts stay."': the paragraph's speaker goes on
            previous = last[1]
            speaker_key, speaker_text = previous.speaker_key, previous.speaker_text
            said_on, said_precision = previous.said_on, previous.said_on_precision
            event_index = event_index if event_index is not None else previous.event_index
        if speaker_key is None and not speaker_text and not attributed and first > 0:
            # 'Clapper said in 2015 that he was not optimistic. "I think Turkey has other
            # priorities."': the speaker of the sentence before, in the same paragraph
            prior = sentences[first - 1]
            if bisect.bisect_left(breaks, prior.start) == paragraph:
                who = _speaker_before(text, prior.end, prior.start)
                if who is not None:
                    recent = last[1] if last is not None and paragraph - last[0] <= 1 else None
                    speaker_key, speaker_text = _named(
                        text, who, mentions, entities.records, recent
                    )
        if said_on is None and (speaker_key or speaker_text) and precision == "day":
            said_on, said_precision = published_on, "day"  # what a report says was said
        inner = text[start:end].strip("‘’' ")
        quotation = ExtractedQuotation(
            text=" ".join(inner.split()) or " ".join(text[start:end].split()),
            start=start,
            end=end,
            sentence_start=s_start,
            sentence_end=s_end,
            quote=text[s_start:s_end],
            speaker_key=speaker_key,
            speaker_text=speaker_text,
            said_on=said_on,
            said_on_precision=said_precision if said_on else "",
            event_index=event_index,
            partial=_partial(text, s_start, start),
        )
        found.append(quotation)
        if speaker_key or speaker_text:
            last = (paragraph, quotation)
    return found


_MARKS = ' \t,"“”«»„'


def _name_like(words: list[str]) -> bool:
    """Every word capitalised (or a number), small joining words inside aside."""
    joiners = set(quotation_vocabulary()["name_joiners"])
    capital = [w[:1].isupper() or w[:1].isdigit() for w in words]
    return capital[0] and all(
        ok or w.lower() in joiners for ok, w in zip(capital, words, strict=True)
    )


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) of the words inside each pair of quotation marks, within a paragraph."""
    marks = quotation_vocabulary()["marks"]
    spans = []
    k, n = 0, len(text)
    while k < n:
        close = marks.get(text[k])
        if close is None or (text[k] == '"' and k > 0 and text[k - 1].isalnum()):
            k += 1
            continue
        single = text[k] in _SINGLE
        if single and not _opens_single(text, k):
            k += 1
            continue
        stop = _single_close(text, k, close) if single else text.find(close, k + 1)
        limit = _PARAGRAPH.search(text, k + 1)
        if stop < 0 or (limit is not None and limit.start() < stop) or stop - k > 1500:
            k += 1
            continue
        inner_start, inner_end = k + 1, stop
        while inner_start < inner_end and text[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and text[inner_end - 1] in " \t,.":
            inner_end -= 1
        if inner_end > inner_start:
            spans.append((inner_start, inner_end))
        k = stop + 1
    return spans


_SINGLE = {"'", "‘"}


def _opens_single(text: str, k: int) -> bool:
    """A single mark opens a quotation at the start of a word, after a space or an opening."""
    before = text[k - 1] if k > 0 else " "
    after = text[k + 1] if k + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and after.isalnum()


def _single_close(text: str, k: int, close: str) -> int:
    """The single mark that closes the one at ``k``: after a word, before no letter (not the
    apostrophe of "Syria's"), within 60 words."""
    limit = min(len(text), k + 400)
    for m in range(k + 2, limit):
        if text[m] in (close, "’", "'") and not text[m - 1].isspace():
            following = text[m + 1] if m + 1 < len(text) else " "
            if not following.isalnum():
                return m
        if text[m] == "\n":
            return -1
    return -1


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, (hi if hi >= 0 else len(text))


@cache
def _verb_pattern() -> re.Pattern:
    verbs = sorted(quotation_vocabulary()["speech_verbs"], key=len, reverse=True)
    return re.compile(r"(?i)\b(?:" + "|".join(re.escape(v) for v in verbs) + r")\b")


def _speech_verb(words: str) -> bool:
    return bool(_verb_pattern().search(words))


def _partial(text: str, s_start: int, start: int) -> bool:
    """A fragment inside the outlet's own sentence: words before it, no colon, lower case."""
    lead = text[s_start:start].rstrip(_MARKS)
    return bool(lead.strip()) and not lead.endswith(":") and text[start : start + 1].islower()


def _speaker(text, event, before, after, start, end, mentions, records, recent=None, floor=0):
    """The speaker's actor key (or None) and the words naming them: the words next to a
    speech verb right after or before the quotation, else the doer of its sentence's
    statement. ``recent``: the quotation attributed last, in this paragraph or the one before,
    whose speaker "he" or "she" goes on being; ``floor``: where the quotation's sentence starts."""
    who_span = _speaker_after(text, end) or _speaker_before(text, start, floor)
    if who_span is None and event is not None:
        doer = next((a for a in event.actors if a.role == "initiator"), None)
        if doer is not None and (doer.text in before or doer.text in after):
            return doer.key, doer.text  # not a name inside the quoted words
    if who_span is None:
        return None, ""
    return _named(text, who_span, mentions, records, recent)


def _named(text, who_span, mentions, records, recent=None):
    """The actor the words at ``who_span`` name (a pronoun: the person spoken of), and the
    words (the actor's mention when one is there)."""
    vocab = quotation_vocabulary()
    lo, hi = who_span
    words = text[lo:hi]
    if not any(w.lower() not in vocab["function_words"] for w in _WORD.findall(words)):
        return None, ""  # "if", "it": no one named
    if words.split()[0].lower() in vocab["pronouns"] and len(words.split()) <= 2:
        speaking = _subject_person(text, lo, mentions, records, speaking=True)
        if speaking is not None:
            return speaking.key, words  # the one who spoke in the sentence before
        told = _previous_speaker_words(text, lo)
        if told is not None and told[0] < told[1]:
            name = text[told[0] : told[1]]
            inside = [m for m in mentions if m.start < told[1] and m.end > told[0]]
            if not inside and all(w[:1].isupper() for w in name.split()[-2:]):
                return None, name  # "Noam Chomsky said ... He said:": a name no actor has
        if recent is not None and recent.speaker_key is not None:
            if getattr(records.get(recent.speaker_key), "subkind", "") == "person":
                return recent.speaker_key, words
        person = _subject_person(text, lo, mentions, records)
        return (person.key, words) if person else (None, words)
    inside = [m for m in mentions if m.start < hi and m.end > lo]
    people = [m for m in inside if getattr(records.get(m.key), "subkind", "") == "person"]
    chosen = (people or inside or [None])[0]
    if chosen is None:
        return None, words
    return chosen.key, chosen.text


def _sentence_starts(text: str, at: int) -> tuple[int, int]:
    """Where the sentence holding ``at`` starts, and the one before it (after ". " or a line
    break)."""
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    before = max(0, start - 1)
    return start, max(text.rfind(". ", 0, before), text.rfind("\n", 0, before)) + 1


def _subject_person(text, at, mentions, records, *, speaking=False):
    """Who "he" at ``at`` stands for: the person who speaks in the sentence before it (named
    right before its speech verb: only that one with ``speaking``), else the first person that
    sentence names, else the last person named."""
    people = [
        m
        for m in mentions
        if m.end <= at and getattr(records.get(m.key), "subkind", "") == "person"
    ]
    if not people:
        return None
    _, previous_start = _sentence_starts(text, at)
    earlier = [m for m in people if m.start >= previous_start]
    between = set(quotation_vocabulary()["between"])
    for m in earlier:
        rest = text[m.end : m.end + 60].lstrip(" ,").split()
        while rest and rest[0].lower() in between:
            rest = rest[1:]
        if rest and _verb_pattern().match(" ".join(rest)):
            return m
    if speaking:
        return None
    return earlier[0] if earlier else people[-1]


def _previous_speaker_words(text: str, at: int) -> tuple[int, int] | None:
    """The words naming who speaks last in the sentence before the one at ``at``."""
    sentence_start, previous_start = _sentence_starts(text, at)
    if sentence_start <= 1:
        return None
    return _speaker_before(text, sentence_start - 1, previous_start)


def _speaker_after(text: str, end: int) -> tuple[int, int] | None:
    """'," said Yury Barmin, an analyst' or '," a Western diplomat told AFP'."""
    verb = _verb_pattern()
    tail_at = end + (len(text[end:]) - len(text[end:].lstrip(_MARKS)))
    tail = text[tail_at : tail_at + 120]
    m = verb.match(tail)
    if m:
        who = _clause_words(tail[m.end() :])
        if not who:
            return None
        at = tail_at + m.end() + (len(tail[m.end() :]) - len(tail[m.end() :].lstrip()))
        return at, at + len(who)
    head = _clause_words(tail)
    m = verb.search(head) if head else None
    if m and m.start() > 0:
        at = tail_at + (len(tail) - len(tail.lstrip()))
        return _subject_before(text, at, at + m.start())
    return None


def _speaker_before(text: str, start: int, floor: int = 0) -> tuple[int, int] | None:
    """'Lavrov told reporters: "..."', 'Mark Esper, said in an interview that Turkey "..."',
    'According to journalist Patrick Cockburn, writing in late 2014, there is "..."'."""
    vocab = quotation_vocabulary()
    lead_end = start - (len(text[:start]) - len(text[:start].rstrip(_MARKS + ":")))
    lead_start = max(floor, lead_end - 240, text.rfind("\n", 0, lead_end) + 1)
    lead = text[lead_start:lead_end]
    hits = list(_verb_pattern().finditer(lead))
    if not hits:
        return None
    m = hits[-1]
    if (
        len(hits) > 1
        and m.group().lower().endswith("ing")
        and lead[: m.start()].rstrip().endswith(",")
    ):
        m = hits[-2]  # "Lavrov indicated that ..., saying it can't accept": Lavrov's words
    if m.group().lower() == "according to":
        who = _clause_words(lead[m.end() :])
        if not who:
            return None
        at = lead_start + m.end() + (len(lead[m.end() :]) - len(lead[m.end() :].lstrip()))
        return at, at + len(who)
    # the clause before the verb, or the one before it when that is empty or a phrase of
    # place or time ("Erdogan, during a speech, said")
    stops = [k for k, c in enumerate(lead[: m.start()]) if c in _STOP]
    bounds = [*stops[::-1], -1]
    hi = m.start()
    for lo in bounds[:4]:
        piece = lead[lo + 1 : hi]
        first = piece.split()[0].lower() if piece.split() else ""
        if first and first not in vocab["prepositions"] and not first.endswith("ing"):
            return _subject_before(text, lead_start + lo + 1, lead_start + hi)
        hi = lo  # a phrase of place or time, a participle or a relative clause: the one before
    return None


def _subject_before(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The speaker's words in text[lo:hi], just before a speech verb: the words after the last
    clause opener, without the auxiliaries and adverbs before the verb ("even as domestic
    critics have" -> "domestic critics"), at most six."""
    vocab = quotation_vocabulary()
    words = [(m.start() + lo, m.end() + lo, m.group()) for m in re.finditer(r"\S+", text[lo:hi])]
    while words and words[-1][2].lower() in vocab["between"]:
        words.pop()
    openers = set(vocab["clause_openers"])
    k = max((i + 1 for i, w in enumerate(words) if w[2].lower() in openers), default=0)
    words = words[k:][-12:]
    return (words[0][0], words[-1][1]) if words else None


def _said_on(text, before, after, published_on, precision):
    """The day the words next to the speech verb give ('Erdogan said Wednesday'), else none."""
    for lo, hi, last in ((after[0], min(after[1], after[0] + 80), False), (*before, True)):
        found = dates_mod.find_dates(text[lo:hi])
        if not found:
            continue
        mention = found[-1] if last else found[0]
        resolved = dates_mod.resolve(
            mention, published_on=published_on, published_precision=precision or "day"
        )
        if resolved.date is not None:
            return resolved.date, resolved.precision
    return None, ""


def _clause_words(tail: str) -> str:
    """The words up to the next clause mark, at most eight."""
    piece = tail.lstrip()
    cut = min((piece.find(c) for c in _STOP if c in piece), default=len(piece))
    words = piece[:cut].split()
    return " ".join(words[:8]) if 0 < len(words) <= 8 else ""
