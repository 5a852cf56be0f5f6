"""The curated agreements load with dates, parties and cues that point at real entries."""

import yaml

from apps.agreements.models import AgreementKind
from apps.ingestion.extraction import dictionary as d
from apps.ingestion.extraction.types import AGREEMENT


def test_agreements_file_loads_with_unique_keys():
    raw = yaml.safe_load((d.AGREEMENTS_DIR / "agreements.yaml").read_text(encoding="utf-8"))
    keys = [a["key"] for a in raw["agreements"]]
    assert len(keys) == len(set(keys))
    loaded = d.load_dictionary()
    assert {e.key for e in loaded.of_kind(AGREEMENT)} == set(keys)


def test_agreements_have_kind_date_parties_and_summary():
    loaded = d.load_dictionary()
    assert d.AGREEMENT_KINDS == set(AgreementKind.values)
    for entry in loaded.of_kind(AGREEMENT):
        assert entry.subkind in AgreementKind.values
        assert entry.extra["signed_on"] and entry.extra["signed_on_precision"]
        assert len(entry.extra["party_keys"]) >= 2
        assert all(loaded.entries[k].kind == "actor" for k in entry.extra["party_keys"])
        assert entry.extra["summary"]
    sochi = loaded.entries["agreement:sochi-2018"]
    assert str(sochi.extra["signed_on"]) == "2018-09-17"
    assert set(sochi.extra["party_keys"]) == {"actor:state-rus", "actor:state-tur"}
    assert str(loaded.entries["agreement:moscow-2020"].extra["signed_on"]) == "2020-03-05"
    assert "Sochi 2.0" in loaded.entries["agreement:moscow-2020"].aliases


def test_the_agreement_page_vocabulary_names_real_event_types_and_roles():
    from apps.agreements import vocabulary
    from apps.events.vocabulary import event_types

    types = set(event_types())
    roles, _ = vocabulary.event_roles()
    assert set(roles) <= types
    sides = vocabulary.violation_sides()
    assert sides and set(sides) <= types
    # every event type with sides violates the agreement
    assert {vocabulary.event_role(t) for t in sides} == {"violated"}
    statuses = vocabulary.post_statuses()
    assert statuses and set(statuses) <= types


def test_a_violation_side_with_an_unknown_role_is_refused(tmp_path, monkeypatch):
    import pytest

    from apps.agreements import vocabulary

    data = tmp_path / "vocabulary.yaml"
    data.write_text("violation_sides:\n  accusation: {accuser: speaker}\n", encoding="utf-8")
    monkeypatch.setattr(vocabulary, "DATA", data)
    vocabulary._raw.cache_clear()
    vocabulary.violation_sides.cache_clear()
    try:
        with pytest.raises(vocabulary.VocabularyError, match="violation_sides.accusation"):
            vocabulary.violation_sides()
    finally:
        vocabulary._raw.cache_clear()
        vocabulary.violation_sides.cache_clear()
