"""The parsing vocabularies load, compile and answer look-ups."""

import yaml

from apps.ingestion.vocab import DATA_DIR, boilerplate, outlets


def test_boilerplate_patterns_compile_and_match():
    bp = boilerplate()
    assert "google cta" in bp.drop_lines
    assert bp.drop.match("Shutterstock_1234647733-scaled")
    assert bp.drop.match("Analysis | Middle East")
    assert not bp.drop.match("Turkey sent troops to Idlib on Monday.")
    assert bp.cut.match("Top photo credit: Someone (Somewhere)")
    assert bp.related.match("Related article: Russia Sends 4th Warship")["title"].startswith(
        "Russia"
    )
    assert bp.canonical.match("Original url:") and bp.canonical.match("URL: https://a.example/x")
    assert bp.byline.match("By Michael Mainville for AFP")["rest"] == "Michael Mainville for AFP"


def test_every_outlet_has_a_unique_name():
    raw = yaml.safe_load((DATA_DIR / "outlets.yaml").read_text(encoding="utf-8"))
    names = [entry["name"] for entry in raw]
    assert len(names) == len(set(names))
    assert all(isinstance(entry.get("domains", []), list) for entry in raw)


def test_outlet_lookup_by_alias_and_domain():
    assert outlets().named("Agence France-Presse").name == "AFP"
    assert outlets().named("reuters").name == "Reuters"
    assert (
        outlets().for_url("https://www.themoscowtimes.com/2020/03/05/x").name == "The Moscow Times"
    )
    assert outlets().for_url("https://english.aawsat.com/x").name == "Asharq Al-Awsat"
    assert outlets().for_url("https://unknown.example/x") is None
