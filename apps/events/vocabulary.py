"""Loader for the event vocabulary kept as data in ``apps/events/data/``.

``event_types()`` maps each type key to its label, CAMEO code, ACLED type and the hints the
extractor uses; ``triggers()``, ``cues()`` and ``date_vocabulary()`` return the lexicons. Each
file is read and checked once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import lemminflect
import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
_CAMEO = re.compile(r"^(\d{2,4}|[A-Z]{3})$")
ROLE_STYLES = {"directed", "joint"}


class VocabularyError(ValueError):
    """A vocabulary file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class EventType:
    key: str
    label: str
    cameo: str
    family: str
    roles: str
    priority: int
    summary: str
    acled_event_type: str = ""
    acled_sub_event_type: str = ""
    acled_state_sub_type: str = ""
    target_after: tuple[str, ...] = ()  # words after which an actor is the target ("from")
    # announced rather than seen: the day of the statement that reports it is its day
    dated_by_statement: bool = False

    @property
    def violent(self) -> bool:
        return self.family == "violence"


@dataclass(frozen=True)
class TriggerSpec:
    event_type: str
    verbs: tuple[tuple[str, ...], ...] = ()  # each: every surface form of one verb
    nouns: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    needs_light_verb: bool = False
    refine: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A verb that tells the event only with one of its words after it ("drove the troops
    # from Hama"): every surface form of it -> those words.
    verb_needs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Verbs whose doer follows them ("Aleppo fell to the rebels"): every surface form.
    agent_after: frozenset[str] = frozenset()


def _read(name: str):
    path = DATA_DIR / name
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise VocabularyError(f"{name}: cannot read ({exc.__class__.__name__})") from exc


@cache
def event_types() -> dict[str, EventType]:
    raw = _read("event_types.yaml")
    if not isinstance(raw, dict) or not raw:
        raise VocabularyError("event_types.yaml: expected a mapping of event types")
    types = {}
    for key, spec in raw.items():
        cameo = str(spec.get("cameo", ""))
        if not _CAMEO.match(cameo):
            raise VocabularyError(f"event_types.yaml: {key}: bad CAMEO code {cameo!r}")
        if spec.get("roles") not in ROLE_STYLES:
            raise VocabularyError(f"event_types.yaml: {key}: roles must be one of {ROLE_STYLES}")
        acled = spec.get("acled") or ["", ""]
        if len(acled) != 2:
            raise VocabularyError(f"event_types.yaml: {key}: acled is [type, sub-type]")
        types[key] = EventType(
            key=key,
            label=spec["label"],
            cameo=cameo,
            family=spec["family"],
            roles=spec["roles"],
            priority=int(spec["priority"]),
            summary=spec.get("summary", spec["label"]),
            acled_event_type=acled[0],
            acled_sub_event_type=acled[1],
            acled_state_sub_type=spec.get("acled_state_sub_type", ""),
            target_after=tuple(spec.get("target_after") or ()),
            dated_by_statement=bool(spec.get("dated_by_statement", False)),
        )
    return types


def event_type_choices() -> list[tuple[str, str]]:
    """(key, label) of every event type, for the choices of forms, filters and the API."""
    return [(key, spec.label) for key, spec in event_types().items()]


def _verb_forms(entry: str) -> tuple[str, ...]:
    """Every surface form of a verb entry: "attack" -> attack, attacks, attacked, attacking;
    "retake" -> retook, retaken too. The forms come from LemmInflect's English inflection
    tables (irregular pasts, doubled consonants, British "-lled"), with the rule-made regular
    forms beside them for a verb it does not know; forms given after bars are added."""
    parts = [p.strip().lower() for p in entry.split("|") if p.strip()]
    base, irregular = parts[0], parts[1:]
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    inflected = lemminflect.getAllInflections(head, upos="VERB")
    known = [f for forms in inflected.values() for f in forms if "-" not in f or "-" in head]
    forms = [w + tail for w in [head, *known, *_regular_forms(head)]] + irregular
    return tuple(dict.fromkeys(forms))


def _regular_forms(head: str) -> list[str]:
    if head.endswith("e"):
        regular = [head + "s", head + "d", head[:-1] + "ing"]
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        regular = [head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        regular = [head + "es", head + "ed", head + "ing"]
    else:
        regular = [head + "s", head + "ed", head + "ing"]
    if head.endswith("l") and not head.endswith("ll"):
        regular += [head + "led", head + "ling"]  # British spelling: "signalled"
    return regular


@cache
def triggers() -> dict[str, TriggerSpec]:
    raw = _read("triggers.yaml")
    known = event_types()
    specs = {}
    for key, spec in raw.items():
        if key not in known:
            raise VocabularyError(f"triggers.yaml: {key}: not an event type")
        refine = {}
        for target, cue_words in (spec.get("refine") or {}).items():
            if target not in known:
                raise VocabularyError(f"triggers.yaml: {key}: refines to unknown type {target}")
            refine[target] = tuple(c.lower() for c in cue_words)
        nouns = []
        for noun in spec.get("nouns") or []:
            noun = noun.lower()
            forms = [noun]
            if not noun.endswith("s") and " of" not in noun and " to" not in noun:
                forms.append(noun + "s")
            if noun.count(" ") == 1 and " of" not in noun and " to" not in noun:
                forms += [f.replace(" ", "-") for f in forms]  # "air-strikes", "death-toll"
            nouns.extend(forms)
        verbs, verb_needs, agent_after = [], {}, set()
        for entry in spec.get("verbs") or []:
            if isinstance(entry, dict):  # {verb: "drive|drove|driven", needs: [from]}
                if "verb" not in entry or set(entry) - {"verb", "needs", "agent_after"}:
                    raise VocabularyError(
                        f"triggers.yaml: {key}: a verb entry takes verb, needs and agent_after"
                    )
                forms = _verb_forms(entry["verb"])
                if entry.get("needs"):
                    needs = tuple(w.lower() for w in entry["needs"])
                    verb_needs.update(dict.fromkeys(forms, needs))
                if entry.get("agent_after"):
                    agent_after.update(forms)
            else:
                forms = _verb_forms(entry)
            verbs.append(forms)
        specs[key] = TriggerSpec(
            event_type=key,
            verbs=tuple(verbs),
            verb_needs=verb_needs,
            agent_after=frozenset(agent_after),
            nouns=tuple(dict.fromkeys(nouns)),
            needs=tuple(n.lower() for n in spec.get("needs") or []),
            needs_light_verb=bool(spec.get("needs_light_verb", False)),
            refine=refine,
        )
    return specs


@cache
def cues() -> dict:
    raw = _read("cues.yaml")
    unknown = set(raw.get("announced_types", [])) - set(event_types())
    if unknown:
        raise VocabularyError(f"cues.yaml: announced_types: unknown {sorted(unknown)}")
    return raw


@cache
def quotation_vocabulary() -> dict:
    """How direct quotations are read (``quotations.yaml``)."""
    raw = _read("quotations.yaml")
    for key in ("marks", "speech_verbs", "pronouns", "indefinite"):
        if not raw.get(key):
            raise VocabularyError(f"quotations.yaml: {key} is missing")
    return raw


@cache
def date_vocabulary() -> dict:
    return _read("dates.yaml")


@cache
def topic() -> dict:
    """What puts an article inside the knowledge base's subject (``topic.yaml``)."""
    raw = _read("topic.yaml")
    for key in ("affiliations", "kinds", "together"):
        if not isinstance(raw.get(key), list):
            raise VocabularyError(f"topic.yaml: {key} must be a list")
    return raw


@dataclass(frozen=True)
class FigureKind:
    """How one kind of count is read (``figures.yaml``)."""

    key: str
    events: tuple[str, ...]
    nouns: tuple[str, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    bare: tuple[str, ...]
    needs_noun: bool
    maximum: int

    def applies_to(self, event_type: str) -> bool:
        spec = event_types().get(event_type)
        return event_type in self.events or (
            "violent" in self.events and bool(spec and spec.violent)
        )


@cache
def figure_words() -> tuple[tuple[str, ...], dict[str, float]]:
    """The auxiliaries between counted people and what befell them, and the words before
    "million" with the millions they say (``figures.yaml``)."""
    raw = _read("figures.yaml")
    auxiliaries, millions = raw.get("auxiliaries"), raw.get("millions")
    if not isinstance(auxiliaries, list) or not isinstance(millions, dict):
        raise VocabularyError("figures.yaml: auxiliaries and millions are missing")
    return (
        tuple(str(w).lower() for w in auxiliaries),
        {" ".join(str(k).lower().split()): float(v) for k, v in millions.items()},
    )


@cache
def figure_kinds() -> dict[str, FigureKind]:
    """The kinds of counts sources state about events, in file order (``figures.yaml``)."""
    raw = _read("figures.yaml")
    kinds = raw.get("kinds") if isinstance(raw, dict) else None
    if not isinstance(kinds, dict) or not kinds:
        raise VocabularyError("figures.yaml: kinds is missing")
    casualty = tuple(str(n).lower() for n in cues()["casualty_nouns"])
    result = {}
    for key, entry in kinds.items():
        if not isinstance(entry, dict) or not entry.get("before") or not entry.get("nouns"):
            raise VocabularyError(f"figures.yaml: {key} needs nouns and before")
        unknown = [e for e in entry.get("events", []) if e != "violent" and e not in event_types()]
        if unknown or not entry.get("events"):
            raise VocabularyError(f"figures.yaml: {key} has unknown events {unknown}")
        nouns = (
            casualty
            if entry["nouns"] == "casualty"
            else tuple(str(n).lower() for n in entry["nouns"])
        )
        result[key] = FigureKind(
            key=key,
            events=tuple(entry["events"]),
            nouns=nouns,
            before=tuple(str(w).lower() for w in entry["before"]),
            after=tuple(str(w).lower() for w in entry.get("after", [])),
            bare=tuple(str(w).lower() for w in entry.get("bare", [])),
            needs_noun=bool(entry.get("needs_noun", False)),
            maximum=int(entry.get("max", 100_000)),
        )
    return result


@cache
def dispute_rules() -> dict:
    """When sources disagree about an event (``disputes.yaml``)."""
    raw = _read("disputes.yaml")
    for key in ("about_share", "date_slack_days", "side_kinds"):
        if not isinstance(raw, dict) or key not in raw:
            raise VocabularyError(f"disputes.yaml: {key} is missing")
    return raw
