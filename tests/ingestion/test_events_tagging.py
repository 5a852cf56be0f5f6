"""The event tagger: what the grammar asks it, the switch, and the grammar alone without it."""

import pytest

from apps.ingestion.extraction.events import tagging
from apps.ingestion.extraction.events.sentence import Candidate, Tokens, blank_english, prepare

from .test_events import entities_for, run

needs_model = pytest.mark.skipif(
    tagging._nlp() is None, reason="the tagger's model is not installed"
)


@pytest.fixture
def tagger_on():
    with tagging.forced(True):
        yield


def _prepared(text: str):
    """The first sentence of ``text`` prepared as the event rules see it, and parsed."""
    entities = entities_for(text)
    tokens = Tokens.of(blank_english().make_doc(text), text)
    sentence = entities.sentences[0]
    tagging.parse_ahead(tokens, [sentence])
    return prepare(tokens, sentence, entities.mentions, [])


def _word(s, word: str) -> int:
    return s.words.index(word)


def _events(text: str, *, on: bool):
    with tagging.forced(on):
        return [(e.event_type, sorted((r.text, r.role) for r in e.actors)) for e in run(text)]


def test_switch_reads_the_environment_and_forced_wins(monkeypatch):
    monkeypatch.setenv(tagging.ENV, "0")
    assert not tagging.enabled()
    monkeypatch.setenv(tagging.ENV, "1")
    assert tagging.enabled()
    with tagging.forced(False):
        assert not tagging.enabled()
        with tagging.forced(True):
            assert tagging.enabled()
        assert not tagging.enabled()


def test_default_is_off(monkeypatch):
    monkeypatch.delenv(tagging.ENV, raising=False)
    assert not tagging.enabled()


@needs_model
def test_a_present_verb_before_a_plain_noun_is_a_verb(tagger_on):
    # The word order alone reads "bombs positions" as a noun ("the bombs"): nothing follows
    # it that starts an object the grammar knows.
    text = "Moscow bombs positions of Turkish soldiers near Morek."
    assert _events(text, on=False) == []
    assert _events(text, on=True) == [
        ("air_strike", [("Moscow", "initiator"), ("Turkish soldiers", "target")])
    ]
    s = _prepared(text)
    i = _word(s, "bombs")
    assert tagging.verb_use(s, i, i + 1) is True


@needs_model
def test_a_noun_trigger_is_not_a_verb(tagger_on):
    s = _prepared("Damascus condemned the attack on Turkish soldiers.")
    i = _word(s, "attack")
    assert tagging.verb_use(s, i, i + 1) is False


@needs_model
def test_an_ing_verb_acts_or_describes(tagger_on):
    s = _prepared("Turkish soldiers are shelling Morek.")
    assert tagging.progressive(s, _word(s, "shelling")) is True
    s = _prepared("Moscow armed militias fighting against Turkish soldiers.")
    assert tagging.progressive(s, _word(s, "fighting")) is False


@needs_model
def test_subject_across_a_long_relative_clause(tagger_on):
    # The aside is too long for the order of mentions; the parse still finds "Turkey".
    text = (
        "Turkey, which has kept thousands of soldiers and hundreds of armoured vehicles in "
        "the northern province for several years, shelled Morek on Monday."
    )
    assert ("shelling", [("Turkey", "initiator")]) not in _events(text, on=False)
    assert ("shelling", [("Turkey", "initiator")]) in _events(text, on=True)
    s = _prepared(text)
    i = _word(s, "shelled")
    found = tagging.subject(s, Candidate("shelling", "verb", i, i + 1))
    assert found is not None and found[1].text == "Turkey"


@needs_model
def test_direct_object_is_an_actor_mention(tagger_on):
    s = _prepared("Ankara accused Damascus.")
    i = _word(s, "accused")
    objects = tagging.direct_objects(s, Candidate("accusation", "verb", i, i + 1))
    assert [m.text for m in objects] == ["Damascus"]


@needs_model
def test_a_noun_object_of_an_actor_verb_is_anchored(tagger_on):
    s = _prepared("Moscow stepped up its offensive.")
    i = _word(s, "offensive")
    assert tagging.anchored(s, i, i + 1)
    s = _prepared("The offensive worries analysts.")
    i = _word(s, "offensive")
    assert not tagging.anchored(s, i, i + 1)


@needs_model
def test_only_sentences_with_a_trigger_are_parsed(monkeypatch):
    seen = []
    ahead = tagging.parse_ahead
    monkeypatch.setattr(
        tagging,
        "parse_ahead",
        lambda tokens, sentences: (seen.extend(sentences), ahead(tokens, sentences)),
    )
    with tagging.forced(True):
        run("Turkey is a big country. The army attacked Turkish soldiers near Morek.")
    assert [x.text for x in seen] == ["The army attacked Turkish soldiers near Morek."]


def test_without_the_model_the_grammar_works_alone(monkeypatch):
    text = "The army attacked Turkish soldiers near Morek. Damascus and Ankara signed a deal."
    grammar = _events(text, on=False)
    monkeypatch.setattr(tagging, "MODEL", "no_such_model_package")
    tagging._nlp.cache_clear()
    tagging._parses.clear()
    try:
        assert tagging._nlp() is None
        assert not tagging.available()
        assert _events(text, on=True) == grammar
    finally:
        tagging._nlp.cache_clear()
