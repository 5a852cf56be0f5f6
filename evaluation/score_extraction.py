"""Score the extractor against the hand-made gold annotation.

Reads each article (the seed articles from ../shared/seeds, the held-out articles in
tests/extraction/heldout/ and the fresh held-out sets in tests/extraction/heldout2/ and
tests/extraction/heldout3/, each written after the rules were tuned and scored as its own
group), parses it with the ingestion parser, runs the pure extraction
pipeline (no database) and compares what comes out with the gold YAML files: precision,
recall and F1 for actors, agreements, observation posts and events, plus how well events are
dated. Each article is extracted twice: once with the publication date the parser found (what
the product really does) and once with the gold publication date, which separates failures to
date the article from failures to date its events. Matching rules: docs/quality.md.

    .venv/bin/python -m evaluation.score_extraction [--seeds DIR] [--heldout DIR] [--heldout2 DIR]
        [--heldout3 DIR] [--only seeds|heldout|heldout2|heldout3] [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from apps.core.text import normalize_name

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "tests" / "extraction" / "gold"
HELDOUT_DIR = REPO / "tests" / "extraction" / "heldout"
HELDOUT2_DIR = REPO / "tests" / "extraction" / "heldout2"
HELDOUT3_DIR = REPO / "tests" / "extraction" / "heldout3"
SETS = ("seeds", "heldout", "heldout2", "heldout3")
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
FAMILIES_FILE = GOLD_DIR / "families.yaml"
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
RECORD_TYPES = ("actors", "agreements", "posts", "counts", "events", "events_dated")
OTHER = "other"


# --------------------------------------------------------------------------- text helpers


def name_key(value: str) -> str:
    """normalize_name, plus a leading article dropped: "the Kremlin" is "Kremlin"."""
    key = normalize_name(value)
    return key[4:] if key.startswith("the ") else key


def squash(text: str) -> tuple[str, list[int]]:
    """Lower-case letters and digits only, with the index in ``text`` of each kept character.

    Line breaks, hyphenation, quotes and spacing differ between the raw file, the parser's
    clean text and the annotation; the letters do not.
    """
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for part in unicodedata.normalize("NFKD", ch):
            if part.isalnum() and not unicodedata.combining(part):
                chars.append(part.casefold())
                index.append(i)
    return "".join(chars), index


def find_span(body: str, needle: str, squashed=None) -> tuple[int, int] | None:
    """Character span of ``needle`` in ``body``, ignoring case, spacing and punctuation."""
    flat, index = squashed or squash(body)
    target, _ = squash(needle)
    if not target:
        return None
    pos = flat.find(target)
    if pos < 0:
        return None
    return index[pos], index[pos + len(target) - 1] + 1


def _as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# --------------------------------------------------------------------------- event families


@dataclass
class Families:
    names: list[str]
    keys: dict[str, str]
    words: list[tuple[str, str]]  # (word, family), in the order they are tried
    cameo: dict[str, str]  # CAMEO code prefix -> family
    acled: dict[str, str]

    @classmethod
    def load(cls, path: Path = FAMILIES_FILE) -> Families:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        fams = data["families"]
        keys, cameo, acled = {}, {}, {}
        for name, spec in fams.items():
            for key in spec.get("keys", []):
                keys[key] = name
            for code in spec.get("cameo", []):
                cameo[str(code)] = name
            for acled_type in spec.get("acled", []):
                acled[acled_type.casefold()] = name
        words = []
        for name in data.get("word_order", list(fams)):
            words.extend((word, name) for word in fams[name].get("words", []))
        return cls(list(fams), keys, words, cameo, acled)

    def family_of(self, event_type: str, cameo_code: str = "", acled_type: str = "") -> str:
        key = (event_type or "").strip().casefold().replace(" ", "_").replace("-", "_")
        if key in self.names:
            return key
        if key in self.keys:
            return self.keys[key]
        for word, name in self.words:
            if word.replace("-", "_") in key:
                return name
        code = str(cameo_code or "")
        for length in range(len(code), 0, -1):
            if code[:length] in self.cameo:
                return self.cameo[code[:length]]
        if acled_type and acled_type.casefold() in self.acled:
            return self.acled[acled_type.casefold()]
        return OTHER


# --------------------------------------------------------------------------- gold


@dataclass
class Gold:
    file: str
    path: Path
    published: dict
    actors: list[dict]
    not_actors: list[str]
    agreements: list[dict]
    posts: list[dict]
    events: list[dict]
    not_events: list[str]
    counts: list[dict] = field(default_factory=list)

    @property
    def published_on(self) -> date | None:
        return _as_date(self.published.get("date"))

    @property
    def published_precision(self) -> str:
        return self.published.get("precision") or ("day" if self.published_on else "")

    @classmethod
    def load(cls, path: Path) -> Gold:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        events = []
        for raw in data.get("events") or []:
            event = dict(raw)
            types = event.get("type") or []
            event["type"] = [types] if isinstance(types, str) else list(types)
            evidence = event.get("evidence") or []
            event["evidence"] = [evidence] if isinstance(evidence, str) else list(evidence)
            event["date"] = _as_date(event.get("date"))
            event["end_date"] = _as_date(event.get("end_date"))
            events.append(event)
        return cls(
            file=data["file"],
            path=path,
            published=data.get("published") or {},
            actors=list(data.get("actors") or []),
            not_actors=list(data.get("not_actors") or []),
            agreements=list(data.get("agreements") or []),
            posts=list(data.get("posts") or []),
            events=events,
            not_events=list(data.get("not_events") or []),
            counts=list(data.get("counts") or []),
        )


def surface_keys(entry: dict) -> set[str]:
    return {name_key(v) for v in [entry["name"], *(entry.get("forms") or [])] if v}


# --------------------------------------------------------------------------- scores


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score, prefix: str = "") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.false_positives += [prefix + x for x in other.false_positives]
        self.misses += [prefix + x for x in other.misses]
        self.notes += [prefix + x for x in other.notes]

    def as_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "false_positives": self.false_positives,
            "misses": self.misses,
            "notes": self.notes,
        }


@dataclass
class Tally:
    """How many of a set of matched items got one attribute right."""

    right: int = 0
    total: int = 0
    wrong: list[str] = field(default_factory=list)

    def check(self, ok: bool, label: str) -> None:
        self.total += 1
        self.right += int(ok)
        if not ok:
            self.wrong.append(label)

    def add(self, other: Tally, prefix: str = "") -> None:
        self.right += other.right
        self.total += other.total
        self.wrong += [prefix + x for x in other.wrong]

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0

    def as_dict(self) -> dict:
        return {"right": self.right, "total": self.total, "rate": round(self.rate, 3)}


# --------------------------------------------------------------------------- entity matching


def _records(extraction, kind: str) -> list:
    return [r for r in extraction.entities.records.values() if r.kind == kind]


def _mention_texts(extraction) -> dict[str, set[str]]:
    texts: dict[str, set[str]] = {}
    for mention in extraction.entities.mentions:
        texts.setdefault(mention.key, set()).add(name_key(mention.text))
    return texts


def _pair_strength(record, mentions: set[str], entry: dict) -> int:
    """3: same canonical name; 2: name or alias among the gold forms; 1: a mention is; 0: no."""
    gold_name = name_key(entry["name"])
    gold_forms = surface_keys(entry)
    own = name_key(record.name)
    aliases = {name_key(a) for a in record.aliases}
    if own == gold_name:
        return 3
    if own in gold_forms or gold_name in aliases or aliases & gold_forms:
        return 2
    if mentions & gold_forms:
        return 1
    return 0


def match_entities(records, mention_texts, gold_entries, forbidden=()) -> tuple[Score, list]:
    """One-to-one greedy matching of extracted records to gold entries, strongest pairs first.

    Required entries are preferred over optional ones at equal strength. An extracted record
    that matches only an optional entry is neither right nor wrong; one that matches an entry
    already taken is a duplicate record of the same entity (a false positive).
    """
    pairs = []
    for r_i, record in enumerate(records):
        mentions = mention_texts.get(record.key, set())
        for g_i, entry in enumerate(gold_entries):
            strength = _pair_strength(record, mentions, entry)
            if strength:
                pairs.append((strength, not entry.get("optional"), r_i, g_i))
    pairs.sort(key=lambda p: (p[0], p[1]), reverse=True)
    taken_r: dict[int, int] = {}
    taken_g: set[int] = set()
    for _strength, _required, r_i, g_i in pairs:
        if r_i in taken_r or g_i in taken_g:
            continue
        taken_r[r_i] = g_i
        taken_g.add(g_i)
    forbidden_keys = {name_key(x) for x in forbidden}
    score = Score()
    matched = []
    for r_i, record in enumerate(records):
        if r_i in taken_r:
            entry = gold_entries[taken_r[r_i]]
            if entry.get("optional"):
                score.notes.append(f"optional: {record.name}")
            else:
                score.tp += 1
                matched.append((record, entry))
            continue
        label = f"{record.name} [{record.subkind or record.kind}]"
        own = {name_key(record.name), *(name_key(a) for a in record.aliases)}
        if own & forbidden_keys:
            label += " (listed as not an actor)"
        elif any(_pair_strength(record, set(), gold_entries[g]) for g in taken_g):
            label += " (duplicate record)"
        score.fp += 1
        score.false_positives.append(label)
    for g_i, entry in enumerate(gold_entries):
        if g_i not in taken_g and not entry.get("optional"):
            score.fn += 1
            score.misses.append(entry["name"])
    return score, matched


def _gold_entry_named(entries: list[dict], name: str) -> dict | None:
    wanted = name_key(name)
    for entry in entries:
        if name_key(entry["name"]) == wanted or wanted in surface_keys(entry):
            return entry
    return None


def _record_names(extraction, key: str | None) -> set[str]:
    record = extraction.entities.records.get(key) if key else None
    if record is None:
        return set()
    return {name_key(record.name), *(name_key(a) for a in record.aliases)}


def _key_words(key: str | None) -> set[str]:
    """Words of a dictionary key ("agreement:astana-2017" -> {"astana"}), for links to records
    the article does not mention itself."""
    if not key:
        return set()
    slug = key.rsplit(":", 1)[-1]
    return {w for w in slug.replace("_", "-").split("-") if len(w) >= 4 and w.isalpha()}


def _same_date(got: date | None, want: date | None, precision: str) -> bool:
    if want is None:
        return got is None
    if got is None:
        return False
    if precision == "year":
        return got.year == want.year
    if precision == "month":
        return (got.year, got.month) == (want.year, want.month)
    if precision == "week":
        return abs((got - want).days) <= 7
    return got == want


def score_actors(gold: Gold, extraction) -> tuple[Score, dict[str, Tally]]:
    score, matched = match_entities(
        _records(extraction, "actor"), _mention_texts(extraction), gold.actors, gold.not_actors
    )
    kind, affiliation = Tally(), Tally()
    for record, entry in matched:
        kind.check(record.subkind == entry.get("kind"), f"{record.name}: {record.subkind}")
        if entry.get("affiliation"):
            affiliation.check(
                (record.affiliation or "") == entry["affiliation"],
                f"{record.name}: {record.affiliation or '-'} (gold {entry['affiliation']})",
            )
    return score, {"actor_kind": kind, "actor_affiliation": affiliation}


def score_agreements(gold: Gold, extraction) -> tuple[Score, dict[str, Tally]]:
    score, matched = match_entities(
        _records(extraction, "agreement"), _mention_texts(extraction), gold.agreements
    )
    year, parties = Tally(), Tally()
    for record, entry in matched:
        want = _as_date(entry.get("date"))
        got = _as_date(record.extra.get("signed_on"))
        if want:
            year.check(bool(got) and got.year == want.year, f"{record.name}: {got} (gold {want})")
        wanted_parties = entry.get("parties") or []
        if wanted_parties:
            got_names = [_record_names(extraction, k) for k in record.extra.get("party_keys", [])]
            missing = []
            for party in wanted_parties:
                gold_actor = _gold_entry_named(gold.actors, party)
                forms = surface_keys(gold_actor) if gold_actor else {name_key(party)}
                if not any(names & forms for names in got_names):
                    missing.append(party)
            parties.check(not missing, f"{record.name}: missing {', '.join(missing)}")
    return score, {"agreement_year": year, "agreement_parties": parties}


def score_posts(gold: Gold, extraction, agreement_forms: dict[str, set[str]]) -> tuple:
    score, matched = match_entities(
        _records(extraction, "post"), _mention_texts(extraction), gold.posts
    )
    linked = Tally()
    for record, entry in matched:
        if entry.get("agreement"):
            forms = agreement_forms.get(
                name_key(entry["agreement"]), {name_key(entry["agreement"])}
            )
            key = record.extra.get("agreement_key")
            got = _record_names(extraction, key) or _key_words(key)
            words = {w for form in forms for w in form.split()}
            ok = bool(got & forms) or bool(got & words and key not in extraction.entities.records)
            linked.check(ok, f"{record.name}: {key}")
    return score, {"post_agreement": linked}


def score_counts(gold: Gold, body: str, extraction) -> Score:
    """Stated counts ("one of 12" posts): same subject and value, from the gold sentence."""
    squashed = squash(body)
    wanted = [(c, find_span(body, c["evidence"], squashed)) for c in gold.counts]
    taken: set[int] = set()
    score = Score()
    for count in extraction.entities.counts:
        flat = squash(count.quote)[0]
        hit = next(
            (
                i
                for i, (c, span) in enumerate(wanted)
                if i not in taken
                and c["value"] == count.value
                and c.get("subject", "observation_posts") == count.subject
                and (
                    (span and span[0] <= count.start < span[1]) or squash(c["evidence"])[0] in flat
                )
            ),
            None,
        )
        if hit is None:
            score.fp += 1
            score.false_positives.append(f"{count.subject}={count.value}: {count.quote[:80]}")
        else:
            taken.add(hit)
            score.tp += 1
    for i, (c, _span) in enumerate(wanted):
        if i not in taken:
            score.fn += 1
            score.misses.append(f"{c.get('subject', 'observation_posts')}={c['value']}")
    return score


# --------------------------------------------------------------------------- event matching


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    """``span`` (an extracted sentence) covers at least half of ``other`` (gold evidence)."""
    shared = min(span[1], other[1]) - max(span[0], other[0])
    return shared > 0 and shared * 2 >= other[1] - other[0]


def _evidence_hit(event, flat_quote: str, spans, evidence: list[str]) -> int | None:
    """Index of the first gold evidence that the extracted event's sentence reports."""
    ext_span = (event.sentence_start, event.sentence_end)
    for e_i, needle in enumerate(evidence):
        span = spans[e_i]
        if span is not None and _overlaps(ext_span, span):
            return e_i
        target, _ = squash(needle)
        if target and target in flat_quote:
            return e_i
    return None


def _date_ok(event, gold_event: dict) -> bool:
    want, end, precision = (
        gold_event["date"],
        gold_event.get("end_date"),
        gold_event.get("precision", "day"),
    )
    got = event.date
    if want is not None and end is not None and got is not None and want <= got <= end:
        return True
    return _same_date(got, want, precision)


def _check_roles(gold: Gold, gold_event: dict, event, extraction, roles: dict[str, Tally]) -> None:
    """Are the gold event's key actors among the extracted event's actors, in the same role?"""
    for ref in gold_event.get("actors") or []:
        entry = _gold_entry_named(gold.actors, ref["name"])
        forms = surface_keys(entry) if entry else {name_key(ref["name"])}
        found = [
            x
            for x in event.actors
            if (_record_names(extraction, x.key) | {name_key(x.text)}) & forms
        ]
        label = f"{gold_event['id']}: {ref['name']} as {ref['role']}"
        roles["actor"].check(bool(found), label)
        roles["role"].check(any(x.role == ref["role"] for x in found), label)


def _event_label(event, family: str) -> str:
    when = event.date.isoformat() if event.date else "undated"
    quote = " ".join(event.quote.split())
    return f"{family}/{event.event_type} {when}: {quote[:90]}"


@dataclass
class EventResult:
    events: Score
    dated: Score
    dates: dict[str, Tally]
    repeats: int = 0
    status: dict[str, str] = field(
        default_factory=dict
    )  # gold id -> dated | undated-wrong | missed


def score_events(gold: Gold, body: str, extraction, families: Families) -> EventResult:
    squashed = squash(body)
    gold_spans = [[find_span(body, ev, squashed) for ev in g["evidence"]] for g in gold.events]
    notes = [
        f"evidence not found in text: {g['id']}: {g['evidence'][i]!r}"
        for g, spans in zip(gold.events, gold_spans, strict=True)
        for i, span in enumerate(spans)
        if span is None
    ]
    forbidden_spans = [s for s in (find_span(body, x, squashed) for x in gold.not_events) if s]
    extracted = list(extraction.events)
    ext_family = [
        families.family_of(e.event_type, e.cameo_code, e.acled_event_type) for e in extracted
    ]
    ext_flat = [squash(e.quote)[0] for e in extracted]

    hits: dict[tuple[int, int], int] = {}  # (extracted, gold) -> evidence index
    for x_i, event in enumerate(extracted):
        for g_i, gold_event in enumerate(gold.events):
            if ext_family[x_i] not in gold_event["type"]:
                continue
            e_i = _evidence_hit(event, ext_flat[x_i], gold_spans[g_i], gold_event["evidence"])
            if e_i is not None:
                hits[(x_i, g_i)] = e_i
    ranked = sorted(
        hits,
        key=lambda p: (
            not gold.events[p[1]].get("optional"),
            _date_ok(extracted[p[0]], gold.events[p[1]]),
            hits[p] == 0,
            -gold.events[p[1]]["type"].index(ext_family[p[0]]),
        ),
        reverse=True,
    )
    taken_x: dict[int, int] = {}
    taken_g: set[int] = set()
    for x_i, g_i in ranked:
        if x_i not in taken_x and g_i not in taken_g:
            taken_x[x_i] = g_i
            taken_g.add(g_i)

    events, dated = Score(notes=list(notes)), Score()
    dates = {name: Tally() for name in ("exact", "week", "month", "at_precision", "undated_kept")}
    roles = {"actor": Tally(), "role": Tally(), "fatalities": Tally()}
    repeats = 0
    for x_i, event in enumerate(extracted):
        label = _event_label(event, ext_family[x_i])
        if x_i in taken_x:
            gold_event = gold.events[taken_x[x_i]]
            if gold_event.get("optional"):
                events.notes.append(f"optional: {label}")
                continue
            events.tp += 1
            ok = _date_ok(event, gold_event)
            want = gold_event["date"]
            tag = f"{gold_event['id']}: got {event.date}, gold {want} ({gold_event.get('precision', '')})"
            if want is None:
                dates["undated_kept"].check(event.date is None, tag)
            else:
                got = event.date
                dates["exact"].check(got == want, tag)
                dates["week"].check(got is not None and abs((got - want).days) <= 7, tag)
                dates["month"].check(
                    got is not None and (got.year, got.month) == (want.year, want.month), tag
                )
                dates["at_precision"].check(ok, tag)
            _check_roles(gold, gold_event, event, extraction, roles)
            if gold_event.get("fatalities") is not None:
                roles["fatalities"].check(
                    event.fatalities == gold_event["fatalities"],
                    f"{gold_event['id']}: got {event.fatalities}, gold {gold_event['fatalities']}",
                )
            if ok:
                dated.tp += 1
            else:
                dated.fp += 1
                dated.false_positives.append(f"{label} (gold date {want})")
            continue
        span = (event.sentence_start, event.sentence_end)
        same_gold = [g for (x, g) in hits if x == x_i]
        if same_gold:
            taker = next((x for x, g in taken_x.items() if g in same_gold), None)
            if (
                taker is not None
                and (
                    extracted[taker].sentence_start,
                    extracted[taker].sentence_end,
                )
                != span
            ):
                repeats += 1
                events.notes.append(f"repeat of {gold.events[same_gold[0]]['id']}: {label}")
                continue
            label += " (duplicate in the same sentence)"
        elif any(_overlaps(span, s) for s in forbidden_spans):
            label += " (listed as not an event)"
        else:
            wrong_family = [
                g["id"]
                for g, spans in zip(gold.events, gold_spans, strict=True)
                if _evidence_hit(event, ext_flat[x_i], spans, g["evidence"]) is not None
            ]
            if wrong_family:
                label += f" (family not accepted for {', '.join(wrong_family)})"
        events.fp += 1
        events.false_positives.append(label)
        dated.fp += 1
        dated.false_positives.append(label)
    for g_i, gold_event in enumerate(gold.events):
        if g_i in taken_g or gold_event.get("optional"):
            continue
        core = " [core]" if gold_event.get("core") else ""
        when = gold_event["date"].isoformat() if gold_event["date"] else "undated"
        miss = f"{gold_event['id']}{core} {'/'.join(gold_event['type'])} {when}"
        events.fn += 1
        events.misses.append(miss)
        dated.fn += 1
        dated.misses.append(miss)
    for g_i in taken_g:
        gold_event = gold.events[g_i]
        if gold_event.get("optional"):
            continue
        x_i = next(x for x, g in taken_x.items() if g == g_i)
        if not _date_ok(extracted[x_i], gold_event):
            dated.fn += 1
            dated.misses.append(f"{gold_event['id']} dated {extracted[x_i].date}")
    status = {g["id"]: "missed" for g in gold.events}
    for x_i, g_i in taken_x.items():
        ok = _date_ok(extracted[x_i], gold.events[g_i])
        status[gold.events[g_i]["id"]] = "dated" if ok else "wrong-date"
    return EventResult(events, dated, {**dates, **roles}, repeats, status)


# --------------------------------------------------------------------------- documents


@dataclass
class DocumentScore:
    file: str
    scores: dict[str, Score]
    tallies: dict[str, Tally]
    core: dict[str, bool]
    repeats: int = 0
    pubdate: str = ""  # correct | wrong | missing | none-stated


def score_pubdate(gold: Gold, got: date | None) -> str:
    want = _as_date(gold.published.get("from_text"))
    if got is None:
        return "missing" if want else "none-stated"
    truth = gold.published_on
    precision = gold.published.get("from_text_precision") or gold.published_precision
    if truth and _same_date(got, truth, precision or "day"):
        return "correct"
    return "wrong"


def score_document(
    gold: Gold,
    body: str,
    extraction,
    families: Families,
    agreement_forms: dict[str, set[str]] | None = None,
    parsed_date: date | None = None,
) -> DocumentScore:
    actors, actor_tallies = score_actors(gold, extraction)
    agreements, agreement_tallies = score_agreements(gold, extraction)
    posts, post_tallies = score_posts(gold, extraction, agreement_forms or {})
    events = score_events(gold, body, extraction, families)
    core = {g["id"]: events.status[g["id"]] == "dated" for g in gold.events if g.get("core")}
    return DocumentScore(
        file=gold.file,
        scores={
            "actors": actors,
            "agreements": agreements,
            "posts": posts,
            "counts": score_counts(gold, body, extraction),
            "events": events.events,
            "events_dated": events.dated,
        },
        tallies={
            **actor_tallies,
            **agreement_tallies,
            **post_tallies,
            **{
                (f"event_{k}" if k in ("actor", "role", "fatalities") else f"event_date_{k}"): v
                for k, v in events.dates.items()
            },
        },
        core=core,
        repeats=events.repeats,
        pubdate=score_pubdate(gold, parsed_date),
    )


@dataclass
class SetScore:
    documents: list[DocumentScore]
    errors: list[str] = field(default_factory=list)

    def total(self, record_type: str) -> Score:
        total = Score()
        for doc in self.documents:
            total.add(doc.scores[record_type], prefix=f"{doc.file}: ")
        return total

    def tally(self, name: str) -> Tally:
        total = Tally()
        for doc in self.documents:
            if name in doc.tallies:
                total.add(doc.tallies[name], prefix=f"{doc.file}: ")
        return total

    def as_dict(self) -> dict:
        pubdates: dict[str, int] = {}
        for doc in self.documents:
            pubdates[doc.pubdate] = pubdates.get(doc.pubdate, 0) + 1
        tally_names = sorted({n for d in self.documents for n in d.tallies})
        return {
            "files": len(self.documents),
            "errors": self.errors,
            "totals": {t: self.total(t).as_dict() for t in RECORD_TYPES},
            "attributes": {n: self.tally(n).as_dict() for n in tally_names},
            "core_events": {f"{d.file}:{k}": v for d in self.documents for k, v in d.core.items()},
            "repeats": sum(d.repeats for d in self.documents),
            "publication_dates": pubdates,
            "per_file": {
                d.file: {t: d.scores[t].as_dict() for t in RECORD_TYPES} for d in self.documents
            },
        }


# --------------------------------------------------------------------------- running


def gold_pairs(
    kind: str,
    seeds_dir: Path | None = None,
    heldout_dir: Path | None = None,
    heldout2_dir: Path | None = None,
    heldout3_dir: Path | None = None,
):
    """(article path, gold) for the seeds, the held-out set or one of the fresh held-out sets."""
    if kind == "seeds":
        seeds_dir = Path(seeds_dir or DEFAULT_SEEDS)
        pairs = []
        for gold_path in sorted(GOLD_DIR.glob("*.yaml")):
            if gold_path.name == FAMILIES_FILE.name:
                continue
            gold = Gold.load(gold_path)
            pairs.append((seeds_dir / gold.file, gold))
        return pairs
    if kind == "heldout2":
        heldout_dir = Path(heldout2_dir or HELDOUT2_DIR)
    elif kind == "heldout3":
        heldout_dir = Path(heldout3_dir or HELDOUT3_DIR)
    else:
        heldout_dir = Path(heldout_dir or HELDOUT_DIR)
    pairs = []
    for gold_path in sorted(heldout_dir.glob("*.yaml")):
        gold = Gold.load(gold_path)
        pairs.append((heldout_dir / gold.file, gold))
    return pairs


def all_agreement_forms() -> dict[str, set[str]]:
    """Every gold agreement name, across all gold files, with its forms."""
    forms: dict[str, set[str]] = {}
    paths = [p for p in GOLD_DIR.glob("*.yaml") if p.name != FAMILIES_FILE.name]
    for path in [*paths, *HELDOUT_DIR.glob("*.yaml"), *HELDOUT2_DIR.glob("*.yaml")]:
        for entry in Gold.load(path).agreements:
            forms.setdefault(name_key(entry["name"]), set()).update(surface_keys(entry))
    return forms


def _ensure_django() -> None:
    import os

    import django
    from django.conf import settings

    if not settings.configured:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
        django.setup()


def load_pipeline():
    """The parser and the extraction pipeline, or a one-line reason they are not there yet."""
    _ensure_django()
    try:
        from apps.ingestion.extraction.pipeline import extract
        from apps.ingestion.parsers import parse_file
    except ImportError as err:
        raise RuntimeError(f"extraction pipeline not available: {err}") from err
    return parse_file, extract


def score_set(pairs, *, use_gold_date: bool, parse_file=None, extract=None) -> SetScore:
    if parse_file is None or extract is None:
        parse_file, extract = load_pipeline()
    from apps.ingestion.documents import IngestionError

    families = Families.load()
    agreement_forms = all_agreement_forms()
    result = SetScore(documents=[])
    for path, gold in pairs:
        try:
            parsed = parse_file(path)
        except (IngestionError, OSError) as err:
            result.errors.append(f"{path.name}: {err}")
            continue
        if use_gold_date:
            when, precision = gold.published_on, gold.published_precision
        else:
            when, precision = parsed.published_on, parsed.published_on_precision
        try:
            extraction = extract(parsed.body, published_on=when, precision=precision or "")
        except Exception as err:  # one broken article must not hide the scores of the others
            result.errors.append(f"{path.name}: extraction failed: {type(err).__name__}: {err}")
            continue
        result.documents.append(
            score_document(
                gold, parsed.body, extraction, families, agreement_forms, parsed.published_on
            )
        )
    return result


def run(
    seeds_dir=None, heldout_dir=None, sets=SETS, heldout2_dir=None, heldout3_dir=None
) -> dict[str, dict]:
    """Score every set twice; returns {set: {"parser_date": SetScore, "gold_date": SetScore}}."""
    parse_file, extract = load_pipeline()
    out = {}
    for kind in sets:
        pairs = gold_pairs(kind, seeds_dir, heldout_dir, heldout2_dir, heldout3_dir)
        out[kind] = {
            mode: score_set(
                pairs, use_gold_date=mode == "gold_date", parse_file=parse_file, extract=extract
            )
            for mode in ("parser_date", "gold_date")
        }
    return out


# --------------------------------------------------------------------------- report


LABELS = {
    "actors": "actors",
    "agreements": "agreements",
    "posts": "posts",
    "counts": "stated counts",
    "events": "events (family + evidence)",
    "events_dated": "events (+ date)",
}


SHORT = {
    "actors": "actors",
    "agreements": "agreements",
    "posts": "posts",
    "counts": "counts",
    "events": "events",
    "events_dated": "+date",
}


def _line(name: str, score: Score) -> str:
    return (
        f"  {name:<28}{score.tp:>5}{score.fp:>5}{score.fn:>5}"
        f"{score.precision:>8.2f}{score.recall:>8.2f}{score.f1:>8.2f}"
    )


def report(kind: str, mode: str, result: SetScore, verbose: bool) -> list[str]:
    title = (
        "publication date from the parser"
        if mode == "parser_date"
        else "with gold publication date"
    )
    lines = [f"{kind.upper()} ({len(result.documents)} files) - {title}"]
    lines += [f"  error: {e}" for e in result.errors]
    lines.append(f"  {'record type':<28}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}")
    for record_type in RECORD_TYPES:
        lines.append(_line(LABELS[record_type], result.total(record_type)))
    dates = [
        f"{name.replace('event_date_', '')} {result.tally(name).right}/{result.tally(name).total}"
        for name in (
            "event_date_at_precision",
            "event_date_exact",
            "event_date_week",
            "event_date_month",
            "event_date_undated_kept",
        )
    ]
    lines.append("  event dates: " + ", ".join(dates))
    actor, role = result.tally("event_actor"), result.tally("event_role")
    lines.append(
        f"  event actors: key actor found {actor.right}/{actor.total}, "
        f"in the gold role {role.right}/{role.total}; "
        f"fatalities right {result.tally('event_fatalities').right}"
        f"/{result.tally('event_fatalities').total}"
    )
    attrs = [
        f"{name} {result.tally(name).right}/{result.tally(name).total}"
        for name in (
            "actor_kind",
            "actor_affiliation",
            "agreement_year",
            "agreement_parties",
            "post_agreement",
        )
    ]
    lines.append("  attributes: " + ", ".join(attrs))
    core = {f"{d.file[:3]}:{k}": v for d in result.documents for k, v in d.core.items()}
    if core:
        found = sum(core.values())
        missing = [k for k, v in core.items() if not v]
        lines.append(
            f"  core events found with right date: {found}/{len(core)}"
            + (f" (missing: {', '.join(missing)})" if missing else "")
        )
    pub = {}
    for doc in result.documents:
        pub[doc.pubdate] = pub.get(doc.pubdate, 0) + 1
    lines.append(
        "  publication dates: "
        + ", ".join(f"{k} {v}" for k, v in sorted(pub.items()))
        + f"; repeated reports of one event: {sum(d.repeats for d in result.documents)}"
    )
    lines.append("  per file (P/R):")
    for doc in result.documents:
        cells = "  ".join(
            f"{SHORT[t]} {doc.scores[t].precision:.2f}/{doc.scores[t].recall:.2f}"
            for t in RECORD_TYPES
        )
        lines.append(f"    {doc.file[:28]:<28} {cells}")
    if verbose:
        for record_type in RECORD_TYPES:
            total = result.total(record_type)
            for fp in total.false_positives:
                lines.append(f"    FP {record_type}: {fp}")
            for miss in total.misses:
                lines.append(f"    MISS {record_type}: {miss}")
            for note in total.notes:
                if note.split(": ", 1)[-1].startswith("evidence not found"):
                    lines.append(f"    GOLD {note}")
        for name in ("actor_kind", "actor_affiliation", "agreement_parties", "post_agreement"):
            for wrong in result.tally(name).wrong:
                lines.append(f"    WRONG {name}: {wrong}")
        for wrong in result.tally("event_date_at_precision").wrong:
            lines.append(f"    WRONG date: {wrong}")
        for wrong in result.tally("event_date_undated_kept").wrong:
            lines.append(f"    GUESSED date: {wrong}")
        missing_actor = set(result.tally("event_actor").wrong)
        for wrong in result.tally("event_role").wrong:
            kind = "MISSING event actor" if wrong in missing_actor else "WRONG event role"
            lines.append(f"    {kind}: {wrong}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="seed articles folder")
    parser.add_argument("--heldout", type=Path, default=HELDOUT_DIR, help="held-out folder")
    parser.add_argument("--heldout2", type=Path, default=HELDOUT2_DIR, help="fresh held-out folder")
    parser.add_argument("--heldout3", type=Path, default=HELDOUT3_DIR, help="third held-out folder")
    parser.add_argument("--only", choices=SETS, help="score one set only")
    parser.add_argument("--verbose", action="store_true", help="list false positives and misses")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"error: seed folder not found: {args.seeds}", file=sys.stderr)
        return 2
    sets = (args.only,) if args.only else SETS
    try:
        results = run(args.seeds, args.heldout, sets, args.heldout2, args.heldout3)
    except RuntimeError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.json:
        payload = {k: {m: r.as_dict() for m, r in modes.items()} for k, modes in results.items()}
        print(json.dumps(payload, indent=2, default=str))
        return 0
    for kind, modes in results.items():
        for mode, result in modes.items():
            print("\n".join(report(kind, mode, result, args.verbose)))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
