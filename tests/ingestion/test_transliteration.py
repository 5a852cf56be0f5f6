"""Places and observation posts in their real spellings.

The spelling key (``apps/ingestion/extraction/spelling.py``, rules in
``apps/places/data/transliteration.yaml``) makes "Tal al-Eiss" the Tal al-Eis post and "Murak"
Morek; near misses ("Tal Rifaat" and "Tal Tuqan") keep different keys, and a key two places
share ("Sarmin", "Surman") is never used.
"""

import pytest

from apps.ingestion.extraction.dictionary import get_dictionary
from apps.ingestion.extraction.entities import extract_entities
from apps.ingestion.extraction.spelling import index_for, spelling_key

SAME = [
    ("Tal al-Eis", "Tell al-Eiss"),
    ("Tal al-Eis", "Tal al Is"),
    ("Morek", "Murak"),
    ("Morek", "Mork"),
    ("Saraqeb", "Saraqib"),
    ("Sheir Mughar", "Sher Mughar"),
    ("Sheir Mughar", "Shir al-Maghar"),
    ("Surman", "Sarman"),
    ("Tal Tuqan", "Tell Touqan"),
    ("Sheikh Aqil", "Sheikh Aqeel"),
    ("Sheikh Aqil", "Shaykh Akil"),
    ("Qalaat Simaan", "Qalat Samaan"),
    ("Salwa", "Salwah"),
    ("Sirmaniyah", "Sirmaniyeh"),
    ("Zaytuna", "Zeitouna"),
    ("Maarat al-Numan", "Ma'arrat an-Nu'man"),
    ("Kafr Nabl", "Kafranbel"),
]
DIFFERENT = [
    ("Tal Rifaat", "Tal Tuqan"),
    ("Tal Abyad", "Tal al-Eis"),
    ("Surman", "Sirmaniyah"),
    ("Salwa", "Sarmada"),
    ("Morek", "Maarat al-Numan"),
    ("Sheikh Aqil", "Sheikh Barakat"),
]


@pytest.mark.parametrize(("name", "variant"), SAME)
def test_spellings_of_one_place_share_a_key(name, variant):
    assert spelling_key(name) == spelling_key(variant)


@pytest.mark.parametrize(("name", "other"), DIFFERENT)
def test_different_places_keep_different_keys(name, other):
    assert spelling_key(name) != spelling_key(other)


def test_a_key_two_places_share_or_too_short_is_not_used():
    index = index_for(get_dictionary())
    assert spelling_key("Sarmin") == spelling_key("Surman")
    assert spelling_key("Sarmin") not in index.labels
    assert spelling_key("al-Iss") not in index.labels  # two letters
    assert index.labels[spelling_key("Murak")] >= {"place:morek", "SITE:post:morek"}


def _found(text, kind):
    return {(m.key, m.text, m.via) for m in extract_entities(text).mentions if m.kind == kind}


@pytest.mark.parametrize(
    ("text", "key", "name"),
    [
        ("Syrian shells hit the Turkish observation post at Tal al-Eiss on Monday.",
         "post:tal-al-eis", "Tal al-Eiss"),
        ("The army encircled the Turkish post in Tell Touqan.", "post:tal-tuqan", "Tell Touqan"),
        ("A convoy reached the Sheikh Aqeel observation post.", "post:sheikh-aqil", "Sheikh Aqeel"),
        ("Turkish troops left the observation point near Mork.", "post:morek", "Mork"),
    ],
)  # fmt: skip
def test_a_post_in_another_spelling_is_found(text, key, name):
    posts = {(k, via) for k, _t, via in _found(text, "post")}
    assert (key, "spelling") in posts
    assert any(name in t for _k, t, _v in _found(text, "post"))


def test_posts_listed_after_a_post_word_are_found_in_their_spellings():
    text = (
        "Turkish forces deployed personnel in monitoring outposts close to the front line: in "
        "Salwa, north of Idlib; Qalat Samaan and Sheikh Aqeel, west of Aleppo; al-Iss, south of "
        "Aleppo; al-Tuqan, a suburb; and al-Sirman, near Maarat al-Numan."
    )
    assert {k for k, _t, _v in _found(text, "post")} == {
        "post:salwa", "post:sheikh-barakat", "post:sheikh-aqil", "post:tal-al-eis",
        "post:tal-tuqan", "post:surman",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The army advanced towards Mork amid heavy fighting.", "place:morek"),
        ("Rebels held the town of Tal Rafaat.", "place:tal-rifaat"),
        ("Shelling hit Saraqib and Jarablus.", "place:saraqeb"),
    ],
)
def test_a_place_in_another_spelling_is_found(text, key):
    assert key in {k for k, _t, _v in _found(text, "place")}


@pytest.mark.parametrize(
    "text",
    [
        "Mark Esper said the army would stay.",  # "Mark" has Morek's key, but is a first name
        "Tal Rifaat was shelled on Monday.",  # a different Tal
        "Rebels shelled the town of Sarmeen overnight.",  # Sarmin's key, which Surman shares
        "Turkish troops camped near al-Ees.",  # a key too short to be used
    ],
)
def test_near_misses_are_not_places_or_posts(text):
    found = _found(text, "place") | _found(text, "post")
    assert not {k for k, _t, _v in found} & {
        "place:morek", "place:tal-tuqan", "place:surman", "post:surman", "place:tal-al-eis",
    }  # fmt: skip
