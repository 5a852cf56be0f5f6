import pytest

from apps.core.text import normalize_name


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
