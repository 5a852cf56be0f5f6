from datetime import date

import pytest

from apps.ingestion.extraction.entities import extract_entities
from apps.ingestion.extraction.pubdate import infer_publication_date
from apps.ingestion.parsers import parse_file


def infer(text):
    return infer_publication_date(text, extract_entities(text))


def test_yearless_day_after_a_dated_reference_dates_the_article():
    text = (
        "Since the talks in Astana in May 2017, the guns have rarely been quiet. "
        "Damascus said on Aug. 5 that it would resume operations in the province."
    )
    inferred = infer(text)
    assert inferred.published_on == date(2017, 8, 1)
    assert inferred.precision == "month"
    assert "Aug. 5" in inferred.evidence and "May 2017" in inferred.evidence


def test_a_yearless_day_shortly_before_the_anchor_stays_in_the_anchor_year():
    text = (
        "Fighting resumed on Aug. 5. Two days later, on 7 August 2019, Ankara and Washington "
        "agreed on a joint operations centre."
    )
    assert infer(text).published_on == date(2019, 8, 1)


def test_a_named_agreement_with_a_known_date_is_an_anchor():
    text = (
        "The Sochi deal had promised calm in Idlib. "
        "On Feb. 10 the general said the withdrawal would start within weeks."
    )
    inferred = infer(text)
    assert inferred.published_on == date(2019, 2, 1)
    assert "2018-09-17" in inferred.evidence


def test_a_day_the_article_looks_forward_to_is_not_evidence():
    text = (
        "In March 2020 the two presidents met in Moscow. "
        "The leaders are expected to meet again on Sept. 16 in Ankara."
    )
    assert infer(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Turkey sent more troops on Aug. 5 to its posts south of Idlib.",  # no anchor
        "The 1998 treaty obliges Syria to prevent attacks on Turkey.",  # anchor only
        "",
    ],
)
def test_without_both_kinds_of_evidence_there_is_no_date(text):
    assert infer(text) is None


@pytest.mark.parametrize(
    ("stem", "expected"),
    [("000_", date(2019, 2, 1)), ("003_", date(2019, 8, 1)), ("001_", None)],
)
def test_undated_seeds(seed_files, stem, expected):
    (path,) = [p for p in seed_files if p.name.startswith(stem)]
    parsed = parse_file(path)
    assert parsed.published_on is None
    inferred = infer(parsed.body)
    assert (inferred.published_on if inferred else None) == expected
