"""The event vocabulary files load, and every type lines up with CAMEO (and ACLED if violent)."""

import re

from apps.events.vocabulary import _verb_forms, cues, date_vocabulary, event_types, triggers


def test_every_type_has_a_cameo_code_and_violent_types_an_acled_type():
    types = event_types()
    assert {"air_strike", "meeting", "ceasefire_agreed", "withdrawal", "displacement"} <= set(types)
    for key, spec in types.items():
        assert re.fullmatch(r"\d{2,4}|[A-Z]{3}", spec.cameo), key
        if spec.violent:
            assert spec.acled_event_type and spec.acled_sub_event_type, key
    assert types["air_strike"].cameo == "195"
    assert types["air_strike"].acled_sub_event_type == "Air/drone strike"
    assert types["shelling"].acled_event_type == "Explosions/Remote violence"


def test_every_trigger_names_a_known_type_and_every_type_has_triggers():
    specs = triggers()
    assert set(specs) == set(event_types())
    for key, spec in specs.items():
        assert spec.verbs or spec.nouns, key


def test_verb_forms_are_generated():
    assert set(_verb_forms("attack")) >= {"attack", "attacks", "attacked", "attacking"}
    assert "met" in _verb_forms("meet|met")
    assert "pulled out" in _verb_forms("pull out")
    assert "signalled" in _verb_forms("signal")
    # irregular and doubled forms come from the inflection tables, not from the entry
    assert {"retook", "retaken"} <= set(_verb_forms("retake"))
    assert {"shipped", "overran"} <= set(_verb_forms("ship")) | set(_verb_forms("overrun"))
    assert "broke through" in _verb_forms("break through")


def test_cue_and_date_lexicons_load():
    assert "could" in cues()["hedges"]
    assert cues()["numbers"]["twelve"] == 12
    assert date_vocabulary()["previous_event"]["the next day"] == 1
