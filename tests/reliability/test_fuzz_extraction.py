"""Bad input, fuzzed at the extractor: any text gives an Extraction whose offsets point into
that text, or an IngestionError; never another exception."""

import os
import random
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.ingestion.documents import IngestionError
from apps.ingestion.extraction.pipeline import extract
from apps.ingestion.extraction.types import Extraction

from .fuzz_inputs import deep_markdown, html_with_scripts, huge_line, mutate

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 10)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
pub_dates = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 1, 1)))
precisions = st.sampled_from(["", "day", "week", "month", "year"])


def extract_or_reject(text: str, published_on=None, precision=""):
    try:
        result = extract(text, published_on=published_on, precision=precision)
    except IngestionError as exc:
        assert str(exc).strip() and "\n" not in str(exc)
        return None
    assert isinstance(result, Extraction)
    entities = result.entities
    for sentence in entities.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    for mention in entities.mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.key in entities.records, mention.key
    for count in entities.counts:
        assert count.value >= 0
        assert 0 <= count.start <= count.end <= len(text)
    for event in result.events:
        assert text[event.sentence_start : event.sentence_end] == event.quote
        assert event.fatalities is None or event.fatalities >= 0
        assert event.wounded is None or event.wounded >= 0
        if event.date and event.end_date:
            assert event.end_date >= event.date
    return result


@FUZZ
@given(text=st.text(max_size=2000), published_on=pub_dates, precision=precisions)
def test_random_text(text, published_on, precision):
    extract_or_reject(text, published_on, precision)


@FUZZ
@given(data=st.data(), published_on=pub_dates)
def test_mutated_seed_bodies(seed_files, data, published_on):
    seed = data.draw(st.sampled_from(seed_files))
    rng = random.Random(data.draw(st.integers(min_value=0, max_value=2**32)))
    raw = mutate(seed.read_bytes(), rng, edits=data.draw(st.integers(1, 100)))
    extract_or_reject(raw.decode("utf-8", errors="replace"), published_on, "day")


@FUZZ
@given(
    words=st.lists(
        st.sampled_from(
            [
                "Erdogan",
                "Putin",
                "Ankara",
                "Moscow",
                "Turkish",
                "troops",
                "killed",
                "0",
                "99999999999999999999",
                "-3",
                "soldiers",
                "on",
                "Monday",
                "last",
                "week",
                "Sochi",
                "memorandum",
                "observation",
                "post",
                "Morek",
                "M4",
                "HTS",
                "Idlib",
                "signed",
                "ceasefire",
                "in",
                "late",
                "April",
                "2020",
                ".",
                ",",
                "\n\n",
                "“",
                "two",
                "years",
                "ago",
                "shelled",
                "wounded",
                "dozens",
                "of",
                "the",
                "al-",
            ]
        ),
        max_size=400,
    ),
    published_on=pub_dates,
)
def test_conflict_vocabulary_in_random_order(words, published_on):
    extract_or_reject(" ".join(words), published_on, "day")


@FUZZ
@given(size=st.integers(min_value=1, max_value=20_000))
def test_huge_lines(size):
    extract_or_reject(huge_line(size), date(2020, 3, 5), "day")


@FUZZ
@given(depth=st.integers(min_value=1, max_value=150))
def test_deep_markup_text(depth):
    extract_or_reject(deep_markdown(depth), date(2020, 3, 5), "day")
    extract_or_reject(html_with_scripts(depth), None, "")


def test_seed_bodies_extract(seed_files):
    for seed in seed_files:
        text = seed.read_text(encoding="utf-8")
        assert extract_or_reject(text, date(2020, 3, 5), "day") is not None, seed.name


def test_text_over_the_extraction_limit_is_a_clear_error():
    """Found by the fuzzer: a text of over a million characters used to reach spaCy and fail
    with its own ValueError; it must be an IngestionError with a one-line reason."""
    text = "Turkish troops held Morek.\n\n" * 40_000
    assert extract_or_reject(text, date(2020, 3, 5), "day") is None
