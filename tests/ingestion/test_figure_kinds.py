"""Every kind of count a source states about an event, read nearest its trigger, from the
shapes real reports use (numbers in words and digits, "million", qualifiers)."""

from datetime import date

import pytest

from apps.ingestion.extraction.pipeline import extract

DAY = date(2020, 3, 1)


def figures(text: str) -> set[tuple[str, int, str]]:
    found = set()
    for event in extract(text, published_on=DAY, precision="day").events:
        found |= set(event.figures)
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The United Nations says more than 500,000 people have been uprooted since the "
            "Syrian army began its offensive in Idlib in late April.",
            {("displaced", 500_000, "more than")},
        ),
        (
            "Roughly one million Syrians have been displaced by the Russian-backed offensive "
            "in Idlib since December.",
            {("displaced", 1_000_000, "about")},
        ),
        (
            "Turkey downed three Syrian warplanes over Idlib on Sunday.",
            {("aircraft_downed", 3, "")},
        ),
        (
            "Rebels said on Sunday they had seized 60 government fighters near Saraqeb.",
            {("captured", 60, "")},
        ),
        (
            "Turkey deployed 7,000 troops to Idlib on Sunday, the defence ministry said.",
            {("troops", 7000, "")},
        ),
    ],
)
def test_each_kind_of_count_is_read(text, expected):
    assert expected <= figures(text)


def test_model_numbers_ranges_and_places_are_no_counts():
    # "F-4" and "Su-24" are aircraft models; "14 villages" are no captives.
    assert not figures("On 22 June 2012 a Turkish F-4 fighter jet was shot down by Syrian forces.")
    assert not any(
        kind == "captured"
        for kind, _, _ in figures("The Syrian army captured 14 villages on Sunday.")
    )
    killed = figures("Airwars said 736-1,189 civilians were killed by Turkish airstrikes in Idlib.")
    assert not {value for kind, value, _ in killed if kind == "killed"} & {189, 1189}


def test_a_kind_belongs_to_its_events():
    # a count of troops is no casualty figure of an air strike
    text = "A Syrian air strike killed 33 of the 7,000 Turkish troops in Idlib on Thursday."
    kinds = {kind for kind, _, _ in figures(text)}
    assert "killed" in kinds and "troops" not in kinds
