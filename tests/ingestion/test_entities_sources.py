"""Sources (outlets, agencies, universities, cited research groups, reporters) are actors only
where they act or are acted upon."""

from __future__ import annotations

import pytest

from apps.core.text import normalize_name
from apps.ingestion.extraction.dictionary import get_dictionary
from apps.ingestion.extraction.entities import extract_entities
from apps.ingestion.extraction.entities.sources import SourceWords, source_words
from apps.ingestion.extraction.types import ACTOR


def actor_names(text: str) -> set[str]:
    extraction = extract_entities(text)
    return {normalize_name(r.name) for r in extraction.records.values() if r.kind == ACTOR}


@pytest.mark.parametrize(
    "text",
    [
        "Turkish troops shelled Saraqib on Monday, according to the Qasioun News Agency.",
        "The Qasioun News Agency, citing local sources, said Turkish troops shelled Saraqib.",
        "The Qasioun News Agency reported that Turkish troops shelled Saraqib.",
        "Turkish troops shelled Saraqib, the Qasioun News Agency reported.",
        "Russian jets struck Saraqib, a witness told the Qasioun News Agency.",
    ],
)
def test_a_cited_news_agency_is_not_an_actor(text):
    names = actor_names(text)
    assert "qasioun news agency" not in names
    assert names & {"turkish armed forces", "russian armed forces"}


@pytest.mark.parametrize(
    "text",
    [
        "Russian jets bombed the offices of the Qasioun News Agency on Friday.",
        "Gunmen shot at the Qasioun News Agency crew near Saraqib.",
        "A Qasioun News Agency crew came under fire near Saraqib, the agency said.",
    ],
)
def test_a_news_agency_that_is_attacked_is_an_actor(text):
    assert "qasioun news agency" in actor_names(text)


def test_a_state_agency_is_an_actor_only_where_it_is_acted_upon():
    reported = extract_entities(
        "Syria's state news agency SANA reported that Russian jets struck Atarib."
    )
    assert "actor:sana" not in reported.records
    assert {"actor:rus-forces", "actor:state-syr"} <= set(reported.records)
    assert "actor:sana" not in {m.key for m in reported.mentions}
    raided = extract_entities("Gunmen raided the SANA office in Aleppo on Tuesday.")
    assert "actor:sana" in raided.records


def test_an_agency_cited_once_and_attacked_once_is_an_actor():
    text = (
        "According to SANA, Turkish troops shelled Saraqib. "
        "On Friday, gunmen stormed the SANA office in Aleppo."
    )
    extraction = extract_entities(text)
    assert [m.text for m in extraction.mentions if m.key == "actor:sana"] == ["SANA", "SANA"]


def test_a_research_group_in_a_credit_line_is_not_an_actor():
    names = actor_names("Sources: Institute for the Study of War; Turkish Defence Ministry.")
    assert "institute for the study of war" not in names
    assert "turkish ministry of national defence" in names


def test_a_university_in_a_bio_is_not_an_actor_but_the_person_is():
    names = actor_names(
        "Omar Khalil, a professor of politics at the University of Exeter, said Ankara would not "
        "retreat."
    )
    assert "university of exeter" not in names
    assert {"omar khalil", "turkey"} <= names


def test_a_think_tank_an_analyst_works_for_stays_an_actor():
    names = actor_names(
        '"Moscow will not move," said Selim Aras, an analyst at the Ankara-based Anatolian '
        "Strategy Institute."
    )
    assert {"selim aras", "anatolian strategy institute"} <= names


def test_a_reporter_quoted_on_the_war_is_not_an_actor():
    names = actor_names('"The front is quiet," said Jane Holloway, the paper\'s correspondent.')
    assert "jane holloway" not in names
    names = actor_names("Jane Holloway, a correspondent for the paper, said the front was quiet.")
    assert "jane holloway" not in names


def test_a_reporter_who_is_wounded_is_an_actor():
    names = actor_names(
        "Jane Holloway, a correspondent for the paper, was wounded by shrapnel near Saraqib."
    )
    assert "jane holloway" in names


def test_a_monitor_that_counts_the_dead_stays_an_actor():
    extraction = extract_entities(
        "The Syrian Observatory for Human Rights said 12 civilians were killed in Idlib."
    )
    assert "actor:sohr" in extraction.records


def test_the_source_vocabulary_is_data():
    words = source_words(get_dictionary().vocab)
    assert {"sana", "reuters", "afp"} <= words.outlets
    assert ("news", "agency") in words.name_words
    assert ("according", "to") in words.cited_after
    assert "said" in words.reporting and "shot" in words.action
    assert "said" not in words.action
    built = SourceWords.of({"outlets": ["Qasioun News"], "reporting_verbs": ["Said"]})
    assert built.outlets == {"qasioun news"} and built.reporting == {"said"}
    assert built.action == frozenset() and built.name_words == ()


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("By Selin Kaya\n\nTurkey shelled Idlib.", {"actor:state-tur"}),
        ("By Selin Kaya, Anadolu Agency\n\nTurkey shelled Idlib.", {"actor:state-tur"}),
        (
            "By November, Turkey and Russia had agreed on joint patrols in Idlib.",
            {"actor:state-tur", "actor:state-rus"},
        ),
    ],
)
def test_a_byline_holds_no_actor_but_a_sentence_opening_with_by_does(text, actors):
    found = {m.key for m in extract_entities(text).mentions if m.kind == "actor"}
    assert found == actors
