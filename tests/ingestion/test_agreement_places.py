"""An agreement's name is never a place: "Sochi 2.0", "the Sochi deal" and "the Astana talks"
put no mention, and no event, in Sochi or Astana; the city itself still is a place."""

import pytest

from apps.ingestion.extraction.entities import extract_entities
from apps.ingestion.extraction.pipeline import extract


@pytest.mark.parametrize(
    "text",
    [
        'As a result of "Sochi 2.0", Turkish troops shelled Syrian army positions.',
        "Russian jets bombed the town in violation of the Sochi agreement, Turkey said.",
        "Turkish troops attacked the Syrian army despite the Sochi memorandum.",
        "Syrian jets bombed the Turkish convoy, breaching the Sochi deal.",
        "Syrian jets bombed a Turkish convoy during the Astana format meeting.",
        "Russia, Turkey and Iran met for the Astana talks.",
    ],
)
def test_an_agreement_name_is_not_a_place(text):
    assert not {m.key for m in extract_entities(text).mentions if m.kind == "place"} & {
        "place:sochi",
        "place:astana",
    }
    events = extract(text, published_on=None).events
    assert events
    assert all(e.place_key not in {"place:sochi", "place:astana"} for e in events)


def test_the_city_itself_is_still_a_place():
    events = extract("Erdogan and Putin met in Sochi on Tuesday.", published_on=None).events
    assert [e.place_key for e in events] == ["place:sochi"]
