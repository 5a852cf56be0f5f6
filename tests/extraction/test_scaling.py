"""Extraction work grows linearly with the text, whatever its shape.

Work is counted, not timed: the number of Python lines the extraction modules execute
(``sys.settrace``) is the same on every run and every machine. Linear work on four times the
text is about four times the lines; work quadratic in the length of a sentence (every head word
rescanning its whole sentence, as agreement candidates once did) is about sixteen times.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from apps.ingestion import extraction
from apps.ingestion.extraction.nlp import MAX_SENTENCE_TOKENS, get_nlp
from apps.ingestion.extraction.pipeline import extract

EXTRACTION_DIR = str(Path(extraction.__file__).resolve().parent)

# One long run without a full stop, each unit full of what the rules look around for: agreement
# head words with years, months, places and parties; "the deal" referring back; actors, triggers,
# dates and casualty figures.
UNITS = {
    "agreement heads": "ceasefire ",
    "agreements with cues": (
        "Turkey and Russia signed the Sochi agreement in September 2018 near Idlib "
        "and the deal, a ceasefire accord, "
    ),
    "events": (
        "Turkish troops shelled Saraqeb on Monday killing 3 soldiers and Russian jets bombed "
        "Idlib and Erdogan met Putin "
    ),
}


def lines_executed(text: str) -> int:
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        if frame.f_code.co_filename.startswith(EXTRACTION_DIR):
            return local
        return None

    sys.settrace(tracer)
    try:
        extract(text, published_on=date(2020, 3, 5), precision="day")
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("shape", sorted(UNITS))
def test_work_grows_linearly_with_one_long_sentence(shape):
    unit = UNITS[shape]
    small = unit * (1500 // len(unit) + 1)
    extract(small, published_on=date(2020, 3, 5), precision="day")  # build caches first
    ratio = lines_executed(small * 4) / lines_executed(small)
    assert ratio < 6, f"{shape}: 4x the text took {ratio:.1f}x the work"


def test_no_sentence_is_longer_than_the_cap():
    doc = get_nlp()("ceasefire, " * 1000 + "ceasefire " * 1000)
    lengths = [len(sent) for sent in doc.sents]
    assert max(lengths) <= MAX_SENTENCE_TOKENS
    # Cut after a comma where there is one: every piece of the comma-separated half ends on one.
    first_half = [sent for sent in doc.sents if sent.end <= 2000]
    assert all(sent[-1].text == "," for sent in first_half)


def test_ordinary_sentences_are_not_cut():
    sentence = (
        "On March 5, following weeks of clashes in Idlib between Turkey's military on one side "
        "and the Syrian army backed by Russia on the other, Erdogan and Putin met in Moscow and "
        "agreed a ceasefire, a security corridor along the M4 highway and joint patrols, which "
        "began on March 15 near Saraqeb and continued, with interruptions, for months."
    )
    doc = get_nlp()(sentence)
    assert len(list(doc.sents)) == 1
