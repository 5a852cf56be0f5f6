"""The gazetteer and the observation posts load with coordinates in the region."""

import yaml

from apps.ingestion.extraction import dictionary as d
from apps.ingestion.extraction.types import PLACE, POST
from apps.places.models import PlaceKind


def _raw(name):
    return yaml.safe_load((d.PLACES_DIR / name).read_text(encoding="utf-8"))


def test_files_load_with_unique_keys():
    places = [p["key"] for p in _raw("places.yaml")["places"]]
    posts = [p["key"] for p in _raw("posts.yaml")["posts"]]
    assert len(places) == len(set(places)) and len(posts) == len(set(posts))
    assert d.PLACE_KINDS == set(PlaceKind.values)


def test_places_have_coordinates():
    loaded = d.load_dictionary()
    for entry in loaded.of_kind(PLACE):
        if entry.subkind != "country":
            assert entry.extra["lat"] is not None and entry.extra["lon"] is not None, entry.key
    morek = loaded.entries["place:morek"]
    assert 35 < morek.extra["lat"] < 36 and 36 < morek.extra["lon"] < 37


def test_posts_are_in_north_west_syria_twelve_under_the_astana_agreement():
    loaded = d.load_dictionary()
    posts = loaded.of_kind(POST)
    astana = [p for p in posts if p.extra["agreement_key"] == "agreement:astana-2017"]
    assert len(astana) == 12
    # Posts added later (Taftanaz, February 2020) were set up under no agreement.
    assert {p.key for p in posts} - {p.key for p in astana} == {"post:taftanaz"}
    assert loaded.entries["post:taftanaz"].extra["agreement_key"] is None
    for post in posts:
        assert loaded.entries[post.extra["place_key"]].kind == PLACE
        assert 35.0 < post.extra["lat"] < 36.5 and 36.0 < post.extra["lon"] < 37.3
    assert loaded.post_sites["morek"] == "post:morek"
