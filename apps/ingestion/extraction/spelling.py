"""Arabic place names in any English spelling: one spelling key per name.

The same village is "Tal al-Eis", "Tell al-Eiss" and "al-Is"; "Morek", "Murak" and "Mork";
"Saraqeb" and "Saraqib". Arabic writes its short vowels rarely and English transliterations
render them freely (a/e/i/u/o, ou/oo, ee/ei/y), while the consonants are stable up to a few
equivalences (q/k) and doubling (Tell/Tal, Qalaat/Qalat). So the key is the consonant skeleton:

1. fold accents and case, drop apostrophes and ayn/hamza marks, split at hyphens and spaces;
2. drop definite articles ("al-", "el-", "ash-"; "al"/"el" also standing alone);
3. apply the letter equivalences (q -> k, final ta marbuta "-ah" -> "-a", ...);
4. collapse doubled letters, then drop every vowel (y included) except a word's first letter,
   which becomes one vowel mark: "Iss", "Eis" and "Eiss" all give "as";
5. join the words without spaces ("Kafr Nabl" and "Kafrnabl" agree).

"Tal al-Eiss" -> "tlas"; "Sheikh Aqeel" -> "shkhakl"; "Tal Rifaat" -> "tlrft" (never "tltkn",
Tal Tuqan). The vocabulary (articles, equivalences, the minimum key length) is data in
``apps/places/data/transliteration.yaml``; this module holds the rule that applies it.

A key is a strong claim only when it is long enough and names one gazetteer entry: the
recogniser (``entities/parse.py``) uses a key only if it has at least ``min_key_length``
letters and no two different places (or two different posts) share it; "Sarmin" and
"Surman" share "srmn", so neither is found by its key, only by an exact alias.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RULES_PATH = Path(__file__).resolve().parents[2] / "places" / "data" / "transliteration.yaml"

_MARKS = re.compile(r"[\u2018\u2019\u02bc\u02bf\u02be'`ʿʾ.]")
_SPLIT = re.compile(r"[\s\u2010-\u2015\-]+")


@dataclass(frozen=True)
class SpellingRules:
    articles: frozenset[str]
    free_articles: frozenset[str]
    substitutions: tuple[tuple[re.Pattern, str], ...]
    vowels: frozenset[str]
    initial_vowel_mark: str
    min_key_length: int

    @classmethod
    def from_data(cls, data: dict) -> SpellingRules:
        return cls(
            articles=frozenset(data["articles"]),
            free_articles=frozenset(data.get("free_articles") or ()),
            substitutions=tuple((re.compile(a), b) for a, b in data.get("substitutions") or ()),
            vowels=frozenset(data["vowels"]),
            initial_vowel_mark=data["initial_vowel_mark"],
            min_key_length=int(data["min_key_length"]),
        )

    def key(self, name: str) -> str:
        """The spelling key of a name: ``key("Tell al-Eiss") == key("Tal al-Eis") == "tlas"``."""
        text = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = _MARKS.sub("", text.replace("ı", "i")).casefold()
        hyphenated = set()
        words = []
        for part in re.split(r"\s+", text.strip()):
            pieces = [p for p in _SPLIT.split(part) if p]
            hyphenated.update(p for p in pieces[:-1])
            words.extend(pieces)
        kept = [
            w
            for w in words
            if not (w in self.articles and (w in hyphenated or w in self.free_articles))
        ]
        return "".join(self._word_key(w) for w in (kept or words))

    def _word_key(self, word: str) -> str:
        for pattern, repl in self.substitutions:
            word = pattern.sub(repl, word)
        word = re.sub(r"(.)\1+", r"\1", word)
        if not word:
            return ""
        head = self.initial_vowel_mark if word[0] in self.vowels else word[0]
        return head + "".join(ch for ch in word[1:] if ch not in self.vowels and ch.isalnum())

    def usable(self, key: str) -> bool:
        return len(key) >= self.min_key_length


@cache
def get_rules() -> SpellingRules:
    with RULES_PATH.open(encoding="utf-8") as fh:
        return SpellingRules.from_data(yaml.safe_load(fh))


def spelling_key(name: str) -> str:
    """The spelling key under the project's rules (``transliteration.yaml``)."""
    return get_rules().key(name)


# --- the gazetteer by key, and the spans of a text that match it ----------------------------

ENTITY_LABELS = ("actor:", "place:", "agreement:", "post:", "SITE:", "CAPITAL:", "DEMONYM:")
MARK = "SPELLING"  # the label that says a span was matched by its spelling key alone


@dataclass(frozen=True)
class SpellingIndex:
    """Spelling key -> the labels an exact alias would carry ("place:morek",
    "SITE:post:morek"), for keys that are long enough and name one place and one post at most."""

    rules: SpellingRules
    labels: dict[str, frozenset[str]]
    context_words: frozenset[str]  # words before a one-word name that make it a place


def build_index(dictionary, rules: SpellingRules | None = None) -> SpellingIndex:
    rules = rules or get_rules()
    found: dict[str, set[str]] = {}
    taken: set[str] = set()  # keys of other entries' names (people, groups, agreements)
    for entry in dictionary.entries.values():
        names = (entry.name, *entry.aliases)
        if entry.kind == "place" and entry.subkind != "country":
            labels = [entry.key]
        elif entry.kind == "post":
            names, labels = entry.extra.get("site_names", ()), [f"SITE:{entry.key}"]
        else:
            taken.update(rules.key(n) for n in names)
            continue
        for name in names:
            found.setdefault(rules.key(name), set()).update(labels)
    usable = {}
    for key, labels in found.items():
        places = [x for x in labels if x.startswith("place:")]
        sites = [x for x in labels if x.startswith("SITE:")]
        if rules.usable(key) and key not in taken and len(places) <= 1 and len(sites) <= 1:
            usable[key] = frozenset(labels)
    vocab = dictionary.vocab
    context = (
        set(vocab["locative_words"]) | set(vocab["site_link_words"]) | set(vocab["post_words"])
    )
    return SpellingIndex(rules, usable, frozenset(context - {"the", "of", "to", "and"}))


def spelling_spans(tok: list, spans: dict, index: SpellingIndex) -> dict:
    """Spans of capitalised names whose spelling key names a place or a post, that no exact
    alias matched: (start, end) -> labels, each with ``MARK``. A name of one word ("Murak")
    needs a place context before it ("in", "near", "the village of") or a post word after it;
    a longer one ("Tal al-Eiss") stands alone."""
    covered = {
        i for (s, e), labels in spans.items() if any(x.startswith(ENTITY_LABELS) for x in labels)
        for i in range(s, e)
    }  # fmt: skip
    articles = index.rules.articles
    out, n, i = {}, len(tok), 0
    while i < n:
        best = None
        words, j = 0, i
        while j < n and j - i < 8 and j not in covered:
            t = tok[j]
            if _is_name_word(t.text):
                words += 1
                j += 1
                key = index.rules.key("".join(x.text_with_ws for x in tok[i:j]))
                if key in index.labels and (words > 1 or _in_context(tok, i, j, index)):
                    best = (j, key)
            elif (
                t.lower_ in articles
                and j + 1 < n
                and (
                    (tok[j + 1].text == "-" and not t.whitespace_)
                    or t.lower_ in index.rules.free_articles
                )
            ):
                j += 1
            elif t.text == "-" and not t.whitespace_ and j > i and not tok[j - 1].whitespace_:
                j += 1
            else:
                break
        if best:
            out[(i, best[0])] = set(index.labels[best[1]]) | {MARK}
            i = best[0]
        else:
            i += 1
    return out


def _is_name_word(text: str) -> bool:
    return text[:1].isupper() and not (len(text) > 1 and text.isupper()) and text.isalpha()


def _in_context(tok: list, s: int, e: int, index: SpellingIndex) -> bool:
    k = s - 1
    while k >= 0 and tok[k].lower_ in {"the", "of", "town", "village", "city", "area"}:
        k -= 1
    if k >= 0 and tok[k].lower_ in index.context_words:
        return True
    k = e
    while k < len(tok) and tok[k].lower_ in {"observation", "military", "turkish", "monitoring"}:
        k += 1
    return k < len(tok) and tok[k].lower_ in index.context_words


_INDEX: dict[int, tuple[object, SpellingIndex]] = {}


def index_for(dictionary) -> SpellingIndex:
    """The index of ``dictionary``, built once per dictionary."""
    held = _INDEX.get(id(dictionary))
    if held is None or held[0] is not dictionary:
        _INDEX.clear()
        held = _INDEX[id(dictionary)] = (dictionary, build_index(dictionary))
    return held[1]
