"""Relations between agreements read from the sentence that states them
(``apps.ingestion.extraction.relations``), and their measure on the gold of the seeds and the
real corpus (tests/extraction/relations/gold.yaml)."""

from datetime import date

import pytest

from apps.ingestion.extraction import relations
from apps.ingestion.extraction.dictionary import DictionaryError
from apps.ingestion.extraction.pipeline import extract
from evaluation import score_relations

DATELINE = "ANKARA, March 6, 2020\n\n"


def _relations(sentence: str) -> list[tuple[str, str, str]]:
    text = DATELINE + sentence
    found = extract(text, published_on=date(2020, 3, 6), precision="day").relations
    for r in found:
        assert text[r.sentence_start : r.sentence_end] == r.quote
    return [(r.agreement_key, r.relation, r.other_key) for r in found]


MOSCOW, SOCHI, ASTANA = "agreement:moscow-2020", "agreement:sochi-2018", "agreement:astana-2017"


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Russia and Turkey agreed to the Moscow protocol, an addendum to the Sochi "
            "memorandum, which sets up a security corridor along the M4 highway in Idlib.",
            (MOSCOW, "amends", SOCHI),
        ),
        (
            "Erdogan and Putin signed the Moscow protocol in Idlib. The deal builds on the 2018 "
            "Sochi agreement, Turkish officials said.",
            (MOSCOW, "amends", SOCHI),
        ),
        (
            "Turkey set up observation posts in Idlib. The Sochi memorandum was signed in line "
            "with the Astana agreement, the Kremlin said.",
            (SOCHI, "implements", ASTANA),
        ),
        (
            "In Idlib, the Sochi memorandum was replaced by the Moscow protocol, officials in "
            "Ankara said.",
            (MOSCOW, "supersedes", SOCHI),
        ),
        (
            "Under “Sochi 2.0”, the Syrian army's gains in Idlib are consolidated.",
            (MOSCOW, "amends", SOCHI),
        ),
    ],
)
def test_a_sentence_that_states_a_relation(sentence, expected):
    assert _relations(sentence) == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        # negated
        "In Idlib, the Moscow protocol did not replace the Sochi memorandum, officials said.",
        # two agreements, no cue between them
        "Turkey accused Russia of violating the Sochi deal and the Astana agreement in Idlib.",
        # the older agreement cannot amend the newer one
        "In Idlib, the Sochi memorandum, an addendum to the Moscow protocol, holds, Ankara said.",
        # one agreement only
        "The Moscow protocol replaced weeks of fighting in Idlib, Ankara said.",
    ],
)
def test_a_sentence_that_states_no_relation(sentence):
    assert _relations(sentence) == []


def test_one_relation_per_article_with_its_first_sentence():
    found = extract(
        DATELINE + "Under “Sochi 2.0”, Idlib is calm. Although “Sochi 2.0” holds, Ankara worries.",
        published_on=date(2020, 3, 6),
        precision="day",
    ).relations
    assert [(r.relation, r.quote) for r in found] == [
        ("amends", "Under “Sochi 2.0”, Idlib is calm.")
    ]


def test_an_unknown_relation_in_the_vocabulary_is_refused(tmp_path, monkeypatch):
    data = tmp_path / "vocabulary.yaml"
    data.write_text("relation_cues:\n  replaces:\n    active: [replaced]\n", encoding="utf-8")
    monkeypatch.setattr(relations, "AGREEMENTS_DIR", tmp_path)
    relations.relation_vocabulary.cache_clear()
    try:
        with pytest.raises(DictionaryError, match="unknown relation 'replaces'"):
            relations.relation_vocabulary()
    finally:
        relations.relation_vocabulary.cache_clear()


# Measured with evaluation/score_relations.py on every file of the seeds and the real corpus:
# the gold holds one relation (seed 002's "Sochi 2.0", stated in five sentences); counted.
RELATION_FLOORS = {"right": 1, "extracted_at_most": 1}


@pytest.mark.skipif(
    not score_relations.FOLDERS["real"].is_dir(), reason="no real corpus beside the repository"
)
def test_relation_floors():
    score = score_relations.run()
    assert score.gold == 1, score
    assert score.right >= RELATION_FLOORS["right"], score
    assert score.extracted <= RELATION_FLOORS["extracted_at_most"], score
