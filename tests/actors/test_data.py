"""The curated actor dictionaries load, validate and keep one key per entity."""

import datetime as dt

import pycountry
import pytest
import yaml

from apps.actors.models import ActorKind
from apps.core.text import normalize_name
from apps.ingestion.extraction import dictionary as d
from apps.ingestion.extraction.types import ACTOR


@pytest.fixture(scope="module")
def loaded():
    return d.load_dictionary()


def _raw(name):
    return yaml.safe_load((d.ACTORS_DIR / name).read_text(encoding="utf-8"))


def test_every_actor_file_loads_and_keys_are_unique():
    keys = [p["key"] for p in _raw("people.yaml")["people"]]
    keys += [o["key"] for o in _raw("organisations.yaml")["organisations"]]
    assert len(keys) == len(set(keys))
    assert all(k.startswith("actor:") for k in keys)


def test_kinds_match_the_model_choices(loaded):
    assert d.ACTOR_KINDS == set(ActorKind.values)
    assert {e.subkind for e in loaded.of_kind(ACTOR)} <= set(ActorKind.values)


def test_every_iso_country_is_a_state(loaded):
    for country in pycountry.countries:
        key = loaded.state_keys[country.alpha_3]
        assert loaded.entries[key].subkind == "state"
        assert loaded.entries[key].affiliation == country.alpha_3
    assert loaded.entries["actor:state-tur"].name == "Turkey"
    assert loaded.capitals["Ankara"] == "TUR" and loaded.demonyms["Turkish"] == "TUR"


def test_people_hold_posts_in_order_and_roles_resolve_by_date(loaded):
    for position in loaded.positions:
        assert position.start is None or position.end is None or position.start <= position.end
    assert loaded.holders("president", "TUR", dt.date(2016, 1, 1)) == ["actor:erdogan"]
    assert loaded.holders("foreign minister", "RUS", dt.date(2019, 1, 1)) == ["actor:lavrov"]
    assert loaded.holders("leader", "IRN", dt.date(2019, 1, 1)) == ["actor:khamenei"]
    assert loaded.holders("defence minister", "USA", dt.date(2019, 9, 1)) == ["actor:esper"]


def test_no_alias_names_two_curated_actors(loaded):
    owners = {}
    for entry in loaded.of_kind(ACTOR):
        if entry.subkind == "state":
            continue
        for alias in (entry.name, *entry.aliases):
            norm = normalize_name(alias)
            assert owners.setdefault(norm, entry.key) == entry.key, alias


def test_forces_and_bodies_point_at_curated_rows(loaded):
    assert loaded.forces["TUR"] == "actor:tur-forces"
    assert loaded.forces["SYR"] == "actor:saa"
    assert loaded.bodies[("RUS", "defence ministry")] == "actor:rus-mod"
    for key in list(loaded.forces.values()) + list(loaded.bodies.values()):
        assert key in loaded.entries


def test_vocabulary_file_is_complete():
    vocab = d.load_vocabulary()
    assert set(vocab["role_titles"]) <= set(vocab["titles"].values()) | {"leader"}
    assert "officials" in vocab["generic_words"]


def test_duplicate_keys_are_rejected_with_a_clear_reason():
    builder = d._Builder()
    entry = d.Entry(ACTOR, "actor:x", "X", "person")
    builder.add(entry, "people.yaml #0")
    with pytest.raises(d.DictionaryError, match="duplicate key 'actor:x'"):
        builder.add(d.Entry(ACTOR, "actor:x", "Y", "person"), "people.yaml #1")
    with pytest.raises(d.DictionaryError, match="must start with"):
        builder.add(d.Entry(ACTOR, "place:y", "Y", "person"), "people.yaml #2")


def test_bad_data_gives_one_line_errors(tmp_path, monkeypatch):
    bad = tmp_path / "people.yaml"
    bad.write_text(
        "people:\n  - {key: actor:a, name: A, positions: [{title: x, start: 2020-13-01}]}\n"
    )
    monkeypatch.setattr(d, "ACTORS_DIR", tmp_path)
    with pytest.raises(d.DictionaryError) as err:
        d._read(bad)
    assert "\n" not in str(err.value)
    bad.write_text("people:\n  - {key: actor:a, name: A, positions: [{title: x, start: 'soon'}]}\n")
    with pytest.raises(d.DictionaryError, match="bad date 'soon'"):
        d._load_people(d._Builder(), d._read(bad))
    bad.write_text("people: [")
    with pytest.raises(d.DictionaryError, match="not valid YAML"):
        d._read(bad)
