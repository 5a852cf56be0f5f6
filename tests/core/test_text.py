import pytest

from apps.core.text import normalize_name, quote_locate


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("ERDOGAN", "erdogan"),
        ("Hayat Tahrir al\u2011Sham", "hayat tahrir al-sham"),
        ("Mevlüt  Çavuşoğlu", "mevlut cavusoglu"),
        ("Assad’s", "assads"),
        ("  U.S.  ", "us"),
    ],
)
def test_normalize_name_folds_variants(raw, expected):
    assert normalize_name(raw) == expected


def test_quote_locate_finds_the_occurrence_nearest_the_old_place():
    text = "Talks failed. Shelling resumed.\n\nTalks failed. Shelling resumed."
    assert quote_locate(text, "Talks failed.", near=0) == (0, 13)
    assert quote_locate(text, "Talks failed.", near=40) == (33, 46)


def test_quote_locate_allows_other_spacing_but_not_other_words():
    text = "Turkey said 34 soldiers\ndied in an air strike."
    assert quote_locate(text, "34 soldiers died") == (12, 28)
    assert quote_locate(text, "35 soldiers died") is None
    assert quote_locate(text, "  ") is None
