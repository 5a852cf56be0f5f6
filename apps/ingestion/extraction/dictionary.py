"""The curated dictionaries (actors, agreements, places, posts) loaded from the apps' data files.

Knowledge lives in YAML under ``apps/actors/data``, ``apps/agreements/data`` and
``apps/places/data``; this module reads it once per process, validates it and indexes it for
the recogniser. States and countries are generated from pycountry and enriched by
``apps/actors/data/states.yaml``. Pure Python: no ORM.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry
import yaml

from apps.core.text import normalize_name

from .types import ACTOR, AGREEMENT, PLACE, POST

APPS_DIR = Path(__file__).resolve().parents[2]
ACTORS_DIR = APPS_DIR / "actors" / "data"
AGREEMENTS_DIR = APPS_DIR / "agreements" / "data"
PLACES_DIR = APPS_DIR / "places" / "data"

ACTOR_KINDS = frozenset(
    {
        "person",
        "state",
        "government_body",
        "armed_forces",
        "armed_group",
        "international_org",
        "organisation",
    }
)
AGREEMENT_KINDS = frozenset(
    {"treaty", "memorandum", "protocol", "ceasefire", "deal", "arms_deal", "framework"}
)
PLACE_KINDS = frozenset({"country", "region", "city", "town", "road", "site"})
# How one agreement stands to another (AgreementRelation.relation).
RELATION_TYPES = frozenset({"amends", "supersedes", "implements", "reaffirms"})
PRECISIONS = frozenset({"day", "week", "month", "year"})


class DictionaryError(ValueError):
    """A data file that breaks the dictionary's rules; the message names the file and entry."""


@dataclass(frozen=True)
class Position:
    key: str  # the person's actor key
    title: str
    country: str
    start: dt.date | None
    end: dt.date | None
    leader: bool = False

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class Entry:
    kind: str  # ACTOR | AGREEMENT | POST | PLACE
    key: str
    name: str
    subkind: str
    affiliation: str = ""
    aliases: tuple[str, ...] = ()
    description: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class Dictionary:
    entries: dict[str, Entry]
    positions: list[Position]
    demonyms: dict[str, str]  # "Turkish" -> "TUR"
    capitals: dict[str, str]  # "Ankara" -> "TUR"
    state_keys: dict[str, str]  # "TUR" -> "actor:state-tur"
    country_place_keys: dict[str, str]  # "TUR" -> "place:country-tur"
    forces: dict[str, str]  # "TUR" -> "actor:tur-forces"
    bodies: dict[tuple[str, str], str]  # ("TUR", "defence ministry") -> key
    vocab: dict  # titles.yaml as loaded
    post_sites: dict[str, str]  # normalised site name -> post key

    def entry(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == kind]

    def holders(self, title: str, country: str, on: dt.date | None) -> list[str]:
        """Keys of the people who held ``title`` in ``country`` on the day ``on``.

        ``title == "leader"`` means the post marked ``leader: true``. Without a date, only a
        title that a single person held in the dictionary's period is resolved.
        """
        found = [
            p
            for p in self.positions
            if p.country == country and (p.leader if title == "leader" else p.title == title)
        ]
        if on is not None:
            return list(dict.fromkeys(p.key for p in found if p.held_on(on)))
        return list(dict.fromkeys(p.key for p in found))


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, ValueError) as err:
        reason = " ".join(str(err).split())
        raise DictionaryError(f"{path.name}: not valid YAML ({reason})") from err
    if not isinstance(data, dict):
        raise DictionaryError(f"{path.name}: expected a mapping at the top level")
    return data


def _date(value, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as err:
        raise DictionaryError(f"{where}: bad date {value!r}") from err


def _require(item: dict, fields: tuple[str, ...], where: str) -> None:
    missing = [f for f in fields if item.get(f) in (None, "")]
    if missing:
        raise DictionaryError(f"{where}: missing {', '.join(missing)}")


class _Builder:
    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}

    def add(self, entry: Entry, where: str) -> None:
        if entry.key in self.entries:
            raise DictionaryError(f"{where}: duplicate key {entry.key!r}")
        prefix = entry.key.split(":", 1)[0]
        if prefix != entry.kind:
            raise DictionaryError(f"{where}: key {entry.key!r} must start with {entry.kind!r}:")
        # Every written form is kept for matching ("UN" and "U.N." are both needed).
        seen, aliases = {entry.name}, []
        for alias in entry.aliases:
            if alias and normalize_name(alias) and alias not in seen:
                seen.add(alias)
                aliases.append(alias)
        entry.aliases = tuple(aliases)
        self.entries[entry.key] = entry


def _country_names(country) -> list[str]:
    names = []
    for attr in ("common_name", "name", "official_name"):
        value = getattr(country, attr, None)
        if value and "," not in value and "(" not in value:
            names.append(value)
    return names


def _load_states(builder: _Builder, extra: dict) -> tuple[dict, dict, dict, dict]:
    demonyms, capitals, state_keys, place_keys = {}, {}, {}, {}
    coords = extra.get("coords", {})
    for country in pycountry.countries:
        a3 = country.alpha_3
        add = extra["states"].get(a3) or {}
        names = _country_names(country)
        name = add.get("name") or (names[0] if names else country.name)
        aliases = [n for n in names if n != name] + list(add.get("aliases") or [])
        key = f"actor:state-{a3.lower()}"
        builder.add(
            Entry(ACTOR, key, name, "state", a3, tuple(aliases)), f"states.yaml/pycountry {a3}"
        )
        state_keys[a3] = key
        place_key = f"place:country-{a3.lower()}"
        lat, lon = coords.get(a3, (None, None))
        place_aliases = [a for a in aliases if normalize_name(a) not in _GOVERNMENT_FORMS]
        builder.add(
            Entry(
                PLACE,
                place_key,
                name,
                "country",
                a3,
                tuple(place_aliases),
                "",
                {"lat": lat, "lon": lon},
            ),
            f"places.yaml/pycountry {a3}",
        )
        place_keys[a3] = place_key
        for word in add.get("demonyms") or []:
            demonyms[word] = a3
        for word in add.get("capitals") or []:
            capitals[word] = a3
    unknown = set(extra["states"]) - set(state_keys)
    if unknown:
        raise DictionaryError(f"states.yaml: not ISO 3166 alpha-3 codes: {sorted(unknown)}")
    return demonyms, capitals, state_keys, place_keys


# A state's aliases that name its government rather than its territory ("Syrian regime").
_GOVERNMENT_WORDS = ("government", "regime", "authorities", "state")
_GOVERNMENT_FORMS: set[str] = set()


def _load_people(builder: _Builder, data: dict) -> list[Position]:
    positions = []
    for i, item in enumerate(data.get("people") or []):
        where = f"people.yaml #{i} {item.get('key', '?')}"
        _require(item, ("key", "name"), where)
        entry = Entry(
            ACTOR,
            item["key"],
            item["name"],
            "person",
            item.get("affiliation") or "",
            tuple(item.get("aliases") or ()),
            item.get("description") or "",
        )
        plist = []
        for j, pos in enumerate(item.get("positions") or []):
            pwhere = f"{where} position {j}"
            _require(pos, ("title",), pwhere)
            position = Position(
                item["key"],
                pos["title"],
                pos.get("country") or "",
                _date(pos.get("start"), pwhere),
                _date(pos.get("end"), pwhere),
                bool(pos.get("leader")),
            )
            if position.start and position.end and position.end < position.start:
                raise DictionaryError(f"{pwhere}: ends before it starts")
            positions.append(position)
            plist.append(
                {
                    "title": position.title,
                    "country": position.country,
                    "start": position.start,
                    "end": position.end,
                }
            )
        entry.extra = {"positions": plist}
        builder.add(entry, where)
    return positions


def _load_organisations(builder: _Builder, data: dict) -> tuple[dict, dict]:
    forces, bodies = {}, {}
    for i, item in enumerate(data.get("organisations") or []):
        where = f"organisations.yaml #{i} {item.get('key', '?')}"
        _require(item, ("key", "name", "kind"), where)
        if item["kind"] not in ACTOR_KINDS:
            raise DictionaryError(f"{where}: unknown kind {item['kind']!r}")
        entry = Entry(ACTOR, item["key"], item["name"], item["kind"], item.get("affiliation") or "")
        entry.aliases = tuple(item.get("aliases") or ())
        entry.description = item.get("description") or ""
        entry.extra = {"collective": bool(item.get("collective"))}  # "HTS rebels": not them
        builder.add(entry, where)
        if item.get("forces_of"):
            forces[item["forces_of"]] = item["key"]
        if item.get("body_of"):
            bodies[(item["body_of"], item["body"])] = item["key"]
    return forces, bodies


def _load_agreements(builder: _Builder, data: dict) -> None:
    for i, item in enumerate(data.get("agreements") or []):
        where = f"agreements.yaml #{i} {item.get('key', '?')}"
        _require(item, ("key", "name", "kind"), where)
        if item["kind"] not in AGREEMENT_KINDS:
            raise DictionaryError(f"{where}: unknown kind {item['kind']!r}")
        precision = item.get("precision") or ""
        if precision and precision not in PRECISIONS:
            raise DictionaryError(f"{where}: unknown precision {precision!r}")
        cues = dict(item.get("cues") or {})
        extra = {
            "signed_on": _date(item.get("signed_on"), where),
            "signed_on_precision": precision,
            "party_keys": list(item.get("parties") or []),
            "summary": " ".join((item.get("summary") or "").split()),
            "cues": cues,
            # Curated relations to other agreements, each with the public document it cites:
            # (type, other agreement key, source, url).
            "relations": [
                (r.get("type", ""), r.get("agreement", ""), r.get("source", ""), r.get("url", ""))
                for r in item.get("relations") or []
            ],
        }
        builder.add(
            Entry(
                AGREEMENT,
                item["key"],
                item["name"],
                item["kind"],
                "",
                tuple(item.get("aliases") or ()),
                "",
                extra,
            ),
            where,
        )


def _load_places(builder: _Builder, data: dict) -> None:
    for i, item in enumerate(data.get("places") or []):
        where = f"places.yaml #{i} {item.get('key', '?')}"
        _require(item, ("key", "name", "kind"), where)
        if item["kind"] not in PLACE_KINDS:
            raise DictionaryError(f"{where}: unknown kind {item['kind']!r}")
        _check_coords(item, where)
        builder.add(
            Entry(
                PLACE,
                item["key"],
                item["name"],
                item["kind"],
                item.get("country") or "",
                tuple(item.get("aliases") or ()),
                "",
                {"lat": item.get("lat"), "lon": item.get("lon")},
            ),
            where,
        )


def _check_coords(item: dict, where: str) -> None:
    lat, lon = item.get("lat"), item.get("lon")
    if lat is None and lon is None:
        return
    if not (isinstance(lat, int | float) and isinstance(lon, int | float)):
        raise DictionaryError(f"{where}: lat and lon must both be numbers")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DictionaryError(f"{where}: coordinates out of range")


def _load_posts(builder: _Builder, data: dict) -> dict[str, str]:
    sites = {}
    for i, item in enumerate(data.get("posts") or []):
        where = f"posts.yaml #{i} {item.get('key', '?')}"
        _require(item, ("key", "name", "place", "site_names"), where)
        _check_coords(item, where)
        if item.get("agreement") and item["agreement"] not in builder.entries:
            raise DictionaryError(f"{where}: unknown agreement {item['agreement']!r}")
        site_names = list(item["site_names"])
        if item["place"] not in builder.entries:
            # The post's site is not in the gazetteer: the post's own data defines it.
            builder.add(
                Entry(
                    PLACE,
                    item["place"],
                    site_names[0],
                    "town",
                    "SYR",
                    tuple(site_names[1:]),
                    "",
                    {"lat": item.get("lat"), "lon": item.get("lon")},
                ),
                where,
            )
        place = builder.entries[item["place"]]
        aliases = [f"{s} post" for s in site_names] + [f"{s} observation post" for s in site_names]
        builder.add(
            Entry(
                POST,
                item["key"],
                item["name"],
                "",
                "TUR",
                tuple(aliases),
                "",
                {
                    "agreement_key": item.get("agreement"),
                    "place_key": item["place"],
                    "lat": item.get("lat", place.extra.get("lat")),
                    "lon": item.get("lon", place.extra.get("lon")),
                    "established_on": _date(item.get("established_on"), where),
                    "site_names": site_names,
                },
            ),
            where,
        )
        for name in site_names + [place.name, *place.aliases]:
            norm = normalize_name(name)
            if sites.get(norm, item["key"]) != item["key"]:
                raise DictionaryError(f"{where}: site name {name!r} already names {sites[norm]}")
            sites[norm] = item["key"]
    return sites


def _check_references(entries: dict[str, Entry]) -> None:
    for entry in entries.values():
        if entry.kind == AGREEMENT:
            for party in entry.extra["party_keys"]:
                if entries.get(party) is None or entries[party].kind != ACTOR:
                    raise DictionaryError(f"agreements.yaml {entry.key}: unknown party {party!r}")
            for place in entry.extra["cues"].get("places") or []:
                if place not in entries:
                    raise DictionaryError(f"agreements.yaml {entry.key}: unknown place {place!r}")
            for kind, other, source, _ in entry.extra.get("relations") or []:
                if kind not in RELATION_TYPES:
                    raise DictionaryError(f"agreements.yaml {entry.key}: unknown relation {kind!r}")
                if entries.get(other) is None or entries[other].kind != AGREEMENT:
                    raise DictionaryError(
                        f"agreements.yaml {entry.key}: unknown agreement {other!r}"
                    )
                if not source:
                    raise DictionaryError(f"agreements.yaml {entry.key}: relation cites no source")
    # One alias may not name two different entries of the same kind.
    owners: dict[tuple[str, str], str] = {}
    for entry in entries.values():
        if entry.subkind in ("state", "country"):
            continue  # generated; checked against curated entries below
        for alias in (entry.name, *entry.aliases):
            slot = (entry.kind, normalize_name(alias))
            if owners.get(slot, entry.key) != entry.key:
                raise DictionaryError(f"alias {alias!r} names both {owners[slot]} and {entry.key}")
            owners[slot] = entry.key


def load_vocabulary() -> dict:
    """titles.yaml, plus the agreement and post words of the other apps' data."""
    vocab = _read(ACTORS_DIR / "titles.yaml")
    agreement_words = _read(AGREEMENTS_DIR / "vocabulary.yaml")
    heads = agreement_words.get("heads") or {}
    vocab["agreement_not_existing"] = list(agreement_words.get("not_existing") or [])
    bad = {k for k, v in heads.items() if v not in AGREEMENT_KINDS}
    if bad:
        raise DictionaryError(f"vocabulary.yaml: heads with unknown kinds: {sorted(bad)}")
    vocab["agreement_heads"] = heads
    posts = _read(PLACES_DIR / "posts.yaml")
    vocab["post_words"] = list(posts.get("post_words") or [])
    vocab["site_link_words"] = list(posts.get("site_link_words") or [])
    vocab["post_list_openers"] = list(posts.get("list_openers") or [])
    for name in (
        "titles", "role_titles", "person_roles", "org_heads", "force_nouns", "locative_words",
        "backing_words", "agreement_heads", "post_words", "site_link_words",
    ):  # fmt: skip
        if not vocab.get(name):
            raise DictionaryError(f"titles.yaml: missing {name}")
    unknown = set(vocab["role_titles"]) - set(vocab["titles"].values()) - {"leader"}
    if unknown:
        raise DictionaryError(f"titles.yaml: role_titles not among titles: {sorted(unknown)}")
    bad = {k for k, v in vocab["org_heads"].items() if v not in ACTOR_KINDS}
    if bad:
        raise DictionaryError(f"titles.yaml: org_heads with unknown kinds: {sorted(bad)}")
    return vocab


def load_dictionary() -> Dictionary:
    """Read and validate every data file. Raises ``DictionaryError`` with a one-line reason."""
    states = _read(ACTORS_DIR / "states.yaml")
    places = _read(PLACES_DIR / "places.yaml")
    _GOVERNMENT_FORMS.clear()
    for add in (states.get("states") or {}).values():
        for alias in add.get("aliases") or []:
            if any(word in alias.lower() for word in _GOVERNMENT_WORDS):
                _GOVERNMENT_FORMS.add(normalize_name(alias))
    builder = _Builder()
    demonyms, capitals, state_keys, place_keys = _load_states(
        builder, {"states": states.get("states") or {}, "coords": places.get("countries") or {}}
    )
    positions = _load_people(builder, _read(ACTORS_DIR / "people.yaml"))
    forces, bodies = _load_organisations(builder, _read(ACTORS_DIR / "organisations.yaml"))
    _load_places(builder, places)
    _load_agreements(builder, _read(AGREEMENTS_DIR / "agreements.yaml"))
    post_sites = _load_posts(builder, _read(PLACES_DIR / "posts.yaml"))
    _check_references(builder.entries)
    for a3 in list(forces) + [b[0] for b in bodies]:
        if a3 not in state_keys:
            raise DictionaryError(f"organisations.yaml: unknown country {a3!r}")
    return Dictionary(
        entries=builder.entries,
        positions=positions,
        demonyms=demonyms,
        capitals=capitals,
        state_keys=state_keys,
        country_place_keys=place_keys,
        forces=forces,
        bodies=bodies,
        vocab=load_vocabulary(),
        post_sites=post_sites,
    )


@cache
def get_dictionary() -> Dictionary:
    """The process-wide dictionary (loaded on first use)."""
    return load_dictionary()
