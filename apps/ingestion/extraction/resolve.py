"""Resolving what the text calls someone to one dictionary entry (pure, no ORM).

* Names: exact match on the normalised alias, then a near-miss spelling with rapidfuzz
  (``FUZZY_THRESHOLD``, measured in tests/ingestion/test_entities_fuzzy.py on spelling variants
  and on different people with similar names).
* Roles: "Turkey's president" is the holder of the post on the article's reference date.
* Agreements: a descriptive reference ("a 2018 deal with Russia brokered in Sochi") is scored
  against each agreement's cues (year, month, place, parties, words).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from apps.core.text import normalize_name

from .dictionary import Dictionary, get_dictionary
from .types import ACTOR, AGREEMENT

# Similarity of two names (0-100): the lower of the rapidfuzz ratio of the normalised full names
# and of their last words, so a shared first name never carries a different surname; and first
# names that differ too much (below FIRST_NAME_FLOOR: Bashar / Maher al-Assad) never match.
# Measured on the table in tests/ingestion/test_entities_fuzzy.py: spelling variants of one name
# score 83.3-100 (Sergei Shoigu / Sergey Shoygu, Khalifa Haftar / Hafter; first names at least
# 75, Yury / Yuri), different people with similar names at most 78.8 (Maria Zakharova / Maria
# Zakharchenko).
FIRST_NAME_FLOOR = 70
FUZZY_THRESHOLD = 80

_DATE_SLACK = dt.timedelta(days=31)
_URL = re.compile(r"\S+://\S+|www\.\S+")
_YEAR = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")


@dataclass
class NameIndex:
    by_alias: dict[str, dict[str, list[str]]]
    person_names: list[str]  # normalised full (multi-word) person aliases
    person_keys: list[str]

    def exact(self, kind: str, name: str) -> list[str]:
        return self.by_alias.get(kind, {}).get(normalize_name(name), [])

    def person(self, name: str) -> tuple[str | None, str]:
        """The dictionary person a name refers to, and how ("dictionary" or "fuzzy")."""
        keys = self.exact(ACTOR, name)
        keys = [k for k in keys if get_dictionary().entries[k].subkind == "person"]
        if len(keys) == 1:
            return keys[0], "dictionary"
        norm = normalize_name(name)
        if " " not in norm or not self.person_names:
            return None, ""
        best = process.extractOne(norm, self.person_names, scorer=_similarity)
        if best and best[1] >= FUZZY_THRESHOLD:
            return self.person_keys[best[2]], "fuzzy"
        return None, ""


def aliases_by_kind(dictionary: Dictionary) -> dict[str, dict[str, list[str]]]:
    """kind -> normalised alias -> keys, for resolution by name."""
    index: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for entry in dictionary.entries.values():
        for alias in (entry.name, *entry.aliases):
            keys = index[entry.kind][normalize_name(alias)]
            if entry.key not in keys:
                keys.append(entry.key)
    return index


@cache
def get_name_index() -> NameIndex:
    dictionary = get_dictionary()
    index = aliases_by_kind(dictionary)
    names, keys = [], []
    for entry in dictionary.entries.values():
        if entry.kind == ACTOR and entry.subkind == "person":
            for alias in (entry.name, *entry.aliases):
                norm = normalize_name(alias)
                if " " in norm:
                    names.append(norm)
                    keys.append(entry.key)
    return NameIndex({k: dict(v) for k, v in index.items()}, names, keys)


def _similarity(a: str, b: str, **kwargs) -> float:
    """``name_similarity`` on already normalised names (usable as a rapidfuzz scorer)."""
    full = fuzz.ratio(a, b)
    if full < FUZZY_THRESHOLD:
        return full
    first = fuzz.ratio(a.split(" ", 1)[0], b.split(" ", 1)[0])
    if first < FIRST_NAME_FLOOR:
        return first
    return min(full, fuzz.ratio(a.rsplit(" ", 1)[-1], b.rsplit(" ", 1)[-1]))


def name_similarity(a: str, b: str) -> float:
    return _similarity(normalize_name(a), normalize_name(b))


def reference_date(
    text: str, published_on: dt.date | None, undated: dt.date | None = None
) -> dt.date | None:
    """The day roles ("Turkey's president") are resolved on.

    The publication date when known. Otherwise the latest year the text names, but never
    earlier than ``undated`` (``undated_reference`` in titles.yaml: the period the knowledge base
    is about), since an undated article about the war that names "2011" is rarely from 2011.
    """
    if published_on is not None:
        return published_on
    text = _URL.sub(" ", text)
    years = [int(y) for y in _YEAR.findall(text) if 2011 <= int(y) <= dt.date.today().year]
    latest = dt.date(max(years), 7, 1) if years else None
    if undated is None:
        return latest
    return max(latest, undated) if latest else undated


def role_holder(dictionary: Dictionary, title: str, country: str, on: dt.date | None) -> str | None:
    holders = dictionary.holders(title, country, on)
    return holders[0] if len(holders) == 1 else None


@dataclass
class AgreementCues:
    years: set[int] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)
    text: str = ""


def agreement_resolve(
    dictionary: Dictionary,
    cues: AgreementCues,
    published_on: dt.date | None,
) -> str | None:
    """The one dictionary agreement a descriptive reference points to, or None.

    Needs a score of at least 3: a year with a place or party, a place with a party, a
    distinctive word... Ties go to the agreement signed last before the article's date; in an
    undated article a tie stays unresolved (a guess would be wrong as often as right).
    """
    text = cues.text.lower()
    scored = []
    for entry in dictionary.of_kind(AGREEMENT):
        cue = entry.extra["cues"]
        score = 0.0
        year = cue.get("year")
        if cues.years:
            if year in cues.years:
                score += 2
            else:
                continue
        if cues.months and cue.get("month"):
            score += 1 if cue["month"] in cues.months else -2
        places = set(cue.get("places") or [])
        if cues.places & places:
            score += 2
        parties = set(cue.get("parties") or [])
        if cues.parties and parties:
            score += len(cues.parties & parties)
            if cues.parties - parties:
                score -= 1
        if any(word.lower() in text for word in cue.get("words") or []):
            score += 2
        signed = entry.extra.get("signed_on")
        if published_on and signed and signed > published_on + _DATE_SLACK:
            continue  # not signed yet (with slack: a publication date may be approximate)
        if score >= 3:
            scored.append((score, signed or dt.date.min, entry.key))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0] and published_on is None:
        return None
    return scored[0][2]
