"""Bad input, fuzzed at the parser: every input becomes an article or an IngestionError."""

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.articles.documents import ParsedArticle
from apps.ingestion.documents import IngestionError
from apps.ingestion.parsers import parse_text

from .fuzz_inputs import (
    SCRIPT_MARKER,
    SUFFIXES,
    deep_markdown,
    html_with_scripts,
    huge_line,
    mutate,
)

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 40)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
filenames = st.sampled_from(SUFFIXES).map(lambda suffix: "fuzzed" + suffix)


def parse_or_reject(raw, filename):
    """The contract: a ParsedArticle, or IngestionError with a one-line reason."""
    try:
        article = parse_text(raw, filename=filename)
    except IngestionError as exc:
        reason = str(exc)
        assert reason.strip(), "an IngestionError needs a reason"
        assert "\n" not in reason, f"reason is not one line: {reason!r}"
        return None
    assert isinstance(article, ParsedArticle)
    assert isinstance(article.title, str) and isinstance(article.body, str)
    # PostgreSQL text columns cannot hold NUL; a parsed article must be storable.
    for name in ("title", "body", "source", "author", "url", "published_on_evidence"):
        assert "\x00" not in getattr(article, name), name
    return article


@FUZZ
@given(raw=st.binary(max_size=5000), filename=filenames)
def test_random_bytes(raw, filename):
    parse_or_reject(raw, filename)


@FUZZ
@given(raw=st.text(max_size=3000), filename=filenames)
def test_random_text(raw, filename):
    parse_or_reject(raw, filename)


@FUZZ
@given(data=st.data())
def test_truncated_utf8_seeds(seed_files, data):
    seed = data.draw(st.sampled_from(seed_files))
    raw = seed.read_text(encoding="utf-8").encode("utf-8")
    cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
    # Also cut through the middle of a multi-byte character when the seed has one.
    multibyte = [i for i, b in enumerate(raw) if b >= 0xC0]
    if multibyte and data.draw(st.booleans()):
        cut = data.draw(st.sampled_from(multibyte)) + 1
    parse_or_reject(raw[:cut], seed.name)


@FUZZ
@given(data=st.data())
def test_mutated_seeds(seed_files, data):
    seed = data.draw(st.sampled_from(seed_files))
    rng = random.Random(data.draw(st.integers(min_value=0, max_value=2**32)))
    raw = mutate(seed.read_bytes(), rng, edits=data.draw(st.integers(1, 200)))
    filename = seed.stem + data.draw(st.sampled_from(SUFFIXES))
    parse_or_reject(raw, filename)


@FUZZ
@given(
    size=st.integers(min_value=1, max_value=300_000),
    filename=filenames,
    encoded=st.booleans(),
)
def test_huge_lines(size, filename, encoded):
    text = huge_line(size)
    parse_or_reject(text.encode("utf-8") if encoded else text, filename)


@FUZZ
@given(depth=st.integers(min_value=1, max_value=3000), filename=filenames)
def test_deep_markdown(depth, filename):
    parse_or_reject(deep_markdown(depth), filename)


@FUZZ
@given(
    depth=st.integers(min_value=0, max_value=3000),
    text=st.text(min_size=1, max_size=400),
    suffix=st.sampled_from([".html", ".htm"]),
)
def test_html_with_scripts_never_keeps_script_code(depth, text, suffix):
    article = parse_or_reject(html_with_scripts(depth, text), "page" + suffix)
    if article is not None:
        assert SCRIPT_MARKER not in article.body
        assert SCRIPT_MARKER not in article.title


def test_seed_files_still_parse(seed_files):
    """The unmutated seeds are articles, so the fuzzers start from valid input."""
    for seed in seed_files:
        assert parse_or_reject(seed.read_bytes(), seed.name) is not None, seed.name
