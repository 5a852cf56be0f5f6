"""Entity recognition: actors, agreements, observation posts and places in an article's text.

``extract_entities(text, published_on=...)`` is pure (no ORM) and returns an ``EntityExtraction``
whose mentions carry character offsets into ``text``. How it works:

1. spaCy (``nlp.py``) tokenises and splits sentences; phrase matchers find every dictionary
   alias and every cue word (titles, demonyms, capitals, force nouns...).
2. Rules (below, vocabularies in ``apps/actors/data/titles.yaml``) turn matches into candidates:
   people introduced by a title ("Kremlin spokesman Dmitry Peskov"), by an appositive ("Elena
   Suponina, a Moscow-based Middle East expert") or in a list ("experts such as Fehim
   Tastekin"); roles ("Turkey's president" -> the holder at the article's date); agents
   ("Turkish troops" -> the Turkish Armed Forces, "Assad's forces" -> the Syrian Arab Army);
   bodies ("the Turkish defence ministry"); organisations by their head noun ("... Council",
   "Jaish al-..."); capitals used for governments ("Ankara said" -> Turkey, while "in Moscow"
   and "Moscow-based" are places); descriptive agreements ("a 1998 security treaty between
   Turkey and Syria"); named posts ("the Morek post") and stated counts ("one of 12").
3. Candidates are chosen most specific, then longest, first without overlap, separately for
   actors/places, agreements and posts; a span holds one mention (a post or agreement wins
   over a place).
4. A person first named in full is then recognised by surname alone; near-miss spellings of
   dictionary people resolve with rapidfuzz; a known surname after an unknown first name
   ("Maher al-Assad") is someone else.
5. A bare "the deal" right after a named agreement refers back to it; a ministry named without
   its state ("the Defense Ministry") belongs to the state named last in the sentence, else
   to the state the article names most.

Undated articles resolve roles on ``undated_reference`` (titles.yaml) or the latest year they
name, whichever is later; dated ones on their publication date.

Rule for "the Kremlin": it is the Russian presidency as an institution (its own actor,
affiliated to Russia), not a metonym for the state; "Moscow" said or did is the state.

Never actors: lines that are photo credits, captions' agencies, bylines or links; news outlets;
bare generic words ("officials", "rebels"); titles that resolve to no one; nationality
adjectives alone; calendar words; places. New people and organisations are only taken from
prose, never from title-case lines (headlines, teasers' headings).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.attrs import IDX
from spacy.tokens import Doc

from apps.core.text import normalize_name

from .dictionary import Dictionary, get_dictionary
from .nlp import fold, get_matchers, get_nlp
from .resolve import (
    AgreementCues,
    agreement_resolve,
    get_name_index,
    reference_date,
    role_holder,
)
from .types import (
    ACTOR,
    AGREEMENT,
    PLACE,
    POST,
    EntityExtraction,
    EntityMention,
    EntityRecord,
    Sentence,
    StatedCount,
)

# Lines that never hold actors: credits, bylines, related links, bare URLs.
_SKIP_LINE = re.compile(
    r"(photo|image|picture)\s*(credit|by)\b|^\s*(top\s+)?(photo|image)\s*:|\bshutterstock\b"
    r"|\bgetty images\b|(?-i:\b[A-Z]{3,}\s*/\s*[A-Z][a-z]|[a-z]\s+/\s+[A-Z]{2,}\b)"
    r"|^\W*by\s+\[?[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}\b|^\W*related( article)?\s*:"
    r"|^\W*(<)?https?://|^\W*original url|\(\w+/shutterstock\)|©",
    re.IGNORECASE,
)
_UNWRAP = re.compile(r"(?<![\n])\n(?![\n])")
_PARTICLES = {"al", "el", "bin", "ibn", "de", "van", "von", "der", "la", "le", "abu", "abd", "ben"}
_MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        [
            (),
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ]  # fmt: skip
    )
    for m in names
}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_CALENDAR = {m.title() for m in _MONTHS} | {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip
_NUM = r"(\d{1,3}|" + "|".join(_NUMBERS) + r")"
_COUNT_PATTERNS = [
    re.compile(rf"\bone of (?:the |its |Turkey's |Ankara's )?{_NUM}\b", re.I),
    re.compile(
        rf"\b{_NUM}\s+(?:(?:Turkish|military|observation|monitoring|army)\s+){{0,3}}"
        r"(?:posts|outposts|(?<=observation )points)\b",
        re.I,
    ),
]


@dataclass
class Cand:
    start: int  # token indices
    end: int
    kind: str
    key: str
    via: str
    priority: int
    also: list[Cand] = field(default_factory=list)
    record: EntityRecord | None = None


@dataclass(frozen=True)
class _Parsed:
    """What a text's tokens and matches are, whatever its date: read-only once built."""

    doc: Doc
    tok: list
    sents: list[tuple[int, int]]
    sent_of: list[int]
    spans: dict
    by_start: dict[int, list[tuple[int, set[str]]]]
    by_end: dict[int, list[tuple[int, set[str]]]]
    blocked: frozenset[int]
    no_patterns: frozenset[int]


# The last text parsed: an article without a publication date is extracted twice (once to
# infer its date, once with it), and its parse does not depend on the date.
_last_parse: tuple[str, object, _Parsed] | None = None


def _parse(text: str, dictionary) -> _Parsed:
    global _last_parse
    last = _last_parse
    if last is not None and last[0] == text and last[1] is dictionary:
        return last[2]
    # Lines wrapped inside a paragraph are joined (same length, so offsets hold).
    doc = get_nlp()(_UNWRAP.sub(" ", text))
    # Token objects are created once: spaCy builds a new one on every ``doc[i]``.
    tok = list(doc)
    # Sentence bounds per token, computed once (Token.sent scans the document each time).
    sents = [(sent.start, sent.end) for sent in doc.sents]
    sent_of = [0] * len(tok)
    for n, (a, b) in enumerate(sents):
        for i in range(a, b):
            sent_of[i] = n
    spans = get_matchers().spans(doc)
    by_start: dict[int, list[tuple[int, set[str]]]] = {}
    by_end: dict[int, list[tuple[int, set[str]]]] = {}
    for (s, e), labels in spans.items():
        by_start.setdefault(s, []).append((e, labels))
        by_end.setdefault(e, []).append((s, labels))
    for items in (*by_start.values(), *by_end.values()):
        items.sort(key=lambda item: -abs(item[0]))
    blocked, no_patterns = _line_flags(text, doc.to_array([IDX]).tolist())
    parsed = _Parsed(doc, tok, sents, sent_of, spans, by_start, by_end, blocked, no_patterns)
    _last_parse = (text, dictionary, parsed)
    return parsed


def _line_flags(text: str, idx: list[int]) -> tuple[frozenset[int], frozenset[int]]:
    """Tokens (by their start offsets ``idx``) on credit/byline/link lines (no actors) and on
    title-case lines (no patterns)."""
    blocked, no_patterns = set(), set()
    pos = 0
    for line in text.split("\n"):
        flag = 2 if _SKIP_LINE.search(line) else 1 if _is_title_case(line) else 0
        if flag:
            lo = bisect.bisect_left(idx, pos)
            hi = bisect.bisect_left(idx, pos + len(line) + 1)
            (blocked if flag == 2 else no_patterns).update(range(lo, hi))
        pos += len(line) + 1
    return frozenset(blocked), frozenset(no_patterns)


class _Article:
    """Working state for one text."""

    def __init__(self, text: str, published_on: dt.date | None) -> None:
        self.text = text
        self.published_on = published_on
        self.dictionary: Dictionary = get_dictionary()
        self.vocab = self.dictionary.vocab
        parsed = _parse(text, self.dictionary)
        self.doc: Doc = parsed.doc
        self.tok = parsed.tok
        self.sents = parsed.sents
        self.sent_of = parsed.sent_of
        self.spans = parsed.spans
        self.by_start, self.by_end = parsed.by_start, parsed.by_end
        self.ref_date = reference_date(text, published_on, self.vocab.get("undated_reference"))
        self.not_names = set(self.vocab.get("not_names") or [])
        self.generic = {w.lower() for w in self.vocab.get("generic_words") or []}
        self.media = {normalize_name(m) for m in self.vocab.get("media") or []}
        self.locative = set(self.vocab["locative_words"])
        self.backing = set(self.vocab["backing_words"])
        self.agreement_heads = self.vocab["agreement_heads"]
        self.not_existing = set(self.vocab["agreement_not_existing"])
        self.post_words = set(self.vocab["post_words"]) - {"point", "points"}
        self.site_links = set(self.vocab["site_link_words"])
        self.blocked, self.no_patterns = parsed.blocked, parsed.no_patterns

    # --- token helpers --------------------------------------------------------------------
    def is_name_token(self, i: int) -> bool:
        if i >= len(self.tok):
            return False
        t = self.tok[i]
        text = t.text
        if not text[:1].isupper() or (len(text) > 1 and text.isupper()):
            return False
        if not (t.is_alpha or re.fullmatch(r"[A-Z][\w'’]+", text)):
            return False
        if text in self.not_names or fold(text) in self.not_names:
            return False
        return not self._has_label(i, i + 1, ("DEMONYM:", "CAPITAL:", "TITLE:", "ROLE"))

    def _has_label(self, s: int, e: int, prefixes: tuple[str, ...]) -> bool:
        for end, labels in self.by_start.get(s, []):
            if end == e and any(label.startswith(prefixes) for label in labels):
                return True
        return False

    def name_at(self, i: int) -> tuple[int, int]:
        """End token and word count of a personal name starting at token ``i``."""
        doc, n = self.tok, len(self.tok)
        j, count = i, 0
        while j < n and j - i < 7:
            if self.is_name_token(j):
                j += 1
                count += 1
                continue
            t = doc[j]
            if count and t.lower_ in _PARTICLES:
                k = j + 1
                if k < n and doc[k].text == "-":
                    k += 1
                if self.is_name_token(k):
                    j, count = k + 1, count + 1
                    continue
            if count and t.text == "-" and not doc[j - 1].whitespace_ and self.is_name_token(j + 1):
                j += 2
                continue
            break
        return j, count

    def name_ending(self, e: int) -> tuple[int, int]:
        """Start token and word count of a personal name ending just before token ``e``."""
        best = (e, 0)
        for s in range(max(0, e - 7), e):
            end, count = self.name_at(s)
            if end == e and count > best[1]:
                best = (s, count)
        return best

    def country_ending(self, e: int) -> tuple[str, int] | None:
        """(alpha-3, start) of a country reference ending at token ``e`` ("Turkish", "Turkey's")."""
        doc = self.tok
        possessive = e > 0 and doc[e - 1].norm_ in {"'s", "'"}
        ends = [e - 1, e] if possessive else [e]
        for end in ends:
            for s, labels in self.by_end.get(end, []):
                a3 = self._country_of(labels, allow_demonym=end == e)
                if a3:
                    return a3, s
        return None

    def _country_of(self, labels: set[str], allow_demonym: bool = True) -> str | None:
        for label in labels:
            if label.startswith("actor:state-"):
                return self.dictionary.entries[label].affiliation
            if label.startswith("CAPITAL:"):
                return label.split(":", 1)[1]
            if allow_demonym and label.startswith("DEMONYM:"):
                return label.split(":", 1)[1]
        return None

    def actor_keys(self, labels: set[str]) -> list[str]:
        return [k for k in labels if k.startswith("actor:")]

    def is_locative(self, s: int, e: int) -> bool:
        doc = self.tok
        if e + 1 < len(doc) and doc[e].text == "-" and doc[e + 1].lower_ == "based":
            return True
        if e + 1 < len(doc) and doc[e].text == "-" and doc[e + 1].lower_ in self.backing:
            return False
        k = s - 1
        while k >= 0 and doc[k].lower_ in {"the", "city", "of", "capital"}:
            k -= 1
        if k < 0:
            return False
        prev = doc[k].lower_
        if prev == "with" and k > 0 and doc[k - 1].lower_ in {"border", "borders", "frontier"}:
            return True
        if prev == "from" and e < len(doc) and doc[e].lower_ in {"to", "and"}:
            return True
        return prev in self.locative

    def char_span(self, s: int, e: int) -> tuple[int, int]:
        return self.tok[s].idx, self.tok[e - 1].idx + len(self.tok[e - 1].text)

    def span_text(self, s: int, e: int) -> str:
        a, b = self.char_span(s, e)
        return self.text[a:b]


def _is_title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    if len(words) < 4 or line.rstrip().endswith((".", '"', "”", "?", "!")):
        return False
    return sum(w[0].isupper() for w in words) / len(words) > 0.7


# --- actor and place candidates ----------------------------------------------------------------
def _person_candidate(art: _Article, s: int, e: int, description: str, affiliation: str,
                      priority: int, allow_new: bool) -> Cand | None:  # fmt: skip
    name = art.span_text(s, e)
    key, via = get_name_index().person(name)
    if key:
        return Cand(s, e, ACTOR, key, via, priority)
    words = e - s
    if not allow_new or words < 2 or any(i in art.no_patterns for i in range(s, e)):
        return None
    for end, labels in art.by_start.get(s, []):
        if end == e and any(
            label.startswith(("place:", "actor:", "agreement:")) for label in labels
        ):
            return None
    display = " ".join(name.split())
    key = f"new-actor:person:{normalize_name(display)}"
    record = EntityRecord(
        kind=ACTOR,
        key=key,
        name=display,
        subkind="person",
        affiliation=affiliation,
        aliases=[],
        description=description,
        from_dictionary=False,
    )
    return Cand(s, e, ACTOR, key, "pattern", priority, record=record)


def _affiliation_in(art: _Article, s: int, e: int) -> str:
    """The country a phrase ties someone to: where an "X-based" institution is, else an
    organisation's country, else a state's or demonym's ("a Moscow-based expert" -> Russia)."""
    found, org = "", None
    for i in range(s, e):
        for end, labels in art.by_start.get(i, []):
            if end > e:
                continue
            based = end + 1 < len(art.tok) and art.tok[end].text == "-"
            if based and art.tok[end + 1].lower_ == "based":
                places = [lab for lab in labels if lab.startswith("place:")]
                code = art._country_of(labels) or (
                    art.dictionary.entries[places[0]].affiliation if places else ""
                )
                if code:
                    return code
            for key in art.actor_keys(labels):
                entry = art.dictionary.entries[key]
                if entry.subkind != "state" and org is None:
                    org = entry.affiliation  # an international body has none
            found = found or art._country_of(labels) or ""
    return org if org is not None else found


def _title_name_candidates(art: _Article) -> list[Cand]:
    out = []
    doc = art.tok
    for (s, e), labels in art.spans.items():
        titles = [lab for lab in labels if lab.startswith("TITLE:")]
        if not titles:
            continue
        j = e
        if j < len(doc) and doc[j].lower_ == "of":  # "President of Turkey Recep Tayyip Erdogan"
            country = None
            # "Minister of Foreign Affairs of the Republic of Kazakhstan Kairat Abdrakhmanov"
            at = j + 2 if j + 1 < len(doc) and doc[j + 1].lower_ == "the" else j + 1
            for end, labs in art.by_start.get(at, []):
                if art._country_of(labs, allow_demonym=False):
                    country = end
                    break
            if country is None:
                continue
            j = country
        # Institution words between title and name: "General Staff Sergei Rudskoi".
        while j < len(doc) and j - e < 3 and doc[j].text in art.not_names and doc[j].is_title:
            j += 1
        end, count = art.name_at(j)
        if count == 0:
            continue
        # Where the title phrase starts: country, body, organisation and title words before it.
        ps = s
        while ps > 0:
            prev = [(st, labs) for st, labs in art.by_end.get(ps, [])]
            if ps > 0 and doc[ps - 1].norm_ in {"'s", "'"}:
                prev += [(st, labs) for st, labs in art.by_end.get(ps - 1, [])]
            step = None
            for st, labs in prev:
                if any(lab.startswith(("DEMONYM:", "CAPITAL:", "BODY:", "TITLE:", "actor:"))
                       for lab in labs):  # fmt: skip
                    step = st if step is None else min(step, st)
            if step is None or step >= ps:
                break
            ps = step
        description = art.span_text(ps, e)
        if description[:1].isupper() and ps == s and len(titles) == 1 and titles[0] == "TITLE:":
            description = ""
        affiliation = _affiliation_in(art, ps, e)
        cand = _person_candidate(art, j, end, description, affiliation, 90, allow_new=True)
        if cand:
            out.append(cand)
    return out


def _long_title_candidates(art: _Article) -> list[Cand]:
    """A formal title with its remit before a name: "Deputy Regional Humanitarian Coordinator
    for the Syria Crisis Mark Cutts", "Special Presidential Envoy for the Syrian Settlement
    Alexander Lavrentiev". The remit's capitalised words run into the name; the name is the
    run's last two words (a known person's name wins)."""
    out = []
    doc, n = art.tok, len(art.tok)
    for (s, e), labels in art.spans.items():
        if not doc[s].text[:1].isupper() or not any(
            lab.startswith("TITLE:") or lab == "ROLE" for lab in labels
        ):
            continue
        if e >= n or doc[e].lower_ not in ("for", "on"):
            continue
        k = e + 1
        if k < n and doc[k].lower_ == "the":
            k += 1
        end = k
        while end < n and end - k < 8 and doc[end].text[:1].isupper() and doc[end].is_alpha:
            end += 1
        if end - k < 3 or any(i in art.blocked for i in range(s, end)):
            continue
        cand = None
        for start in (end - 3, end - 2):  # a known three-word name, else the last two words
            name = art.span_text(start, end)
            if get_name_index().person(name)[0] or start == end - 2:
                if all(art.is_name_token(i) for i in range(start, end)):
                    cand = _person_candidate(art, start, end, "", "", 91, allow_new=True)
                if cand:
                    break
        if cand is None:
            continue
        ps = s
        while ps > 0 and doc[ps - 1].text[:1].isupper() and doc[ps - 1].is_alpha and s - ps < 4:
            ps -= 1  # "Deputy Regional Humanitarian" before "Coordinator"
        if cand.record is not None:
            cand.record.description = " ".join(art.span_text(ps, cand.start).split())
            cand.record.affiliation = _affiliation_in(art, ps, e)
        out.append(cand)
    return out


def _role_candidates(art: _Article) -> list[Cand]:
    out = []
    role_titles = set(art.vocab["role_titles"])
    doc = art.tok
    for (s, e), labels in art.spans.items():
        for label in labels:
            if not label.startswith("TITLE:") or label[6:] not in role_titles:
                continue
            if e < len(doc) and (doc[e].text == "-" or art.name_at(e)[1]):
                continue
            if _qualified(art, s):
                continue  # "Deputy Foreign Minister of Iran", "former Turkish president"
            ref = art.country_ending(s)
            start = ref[1] if ref else s
            if ref and _qualified(art, start):
                continue
            if ref is None and e + 1 < len(doc) and doc[e].lower_ == "of":
                for end, labs in art.by_start.get(e + 1, []):
                    a3 = art._country_of(labs, allow_demonym=False)
                    if a3:
                        ref, e = (a3, s), end
                        break
            if ref is None:
                continue
            key = role_holder(art.dictionary, label[6:], ref[0], art.ref_date)
            if key:
                out.append(Cand(start, e, ACTOR, key, "coreference", 85))
    out += _counterpart_candidates(art)
    return out


def _qualified(art: _Article, s: int) -> bool:
    """The words right before token ``s`` qualify a title away from its holder ("deputy")."""
    qualifiers = art.vocab.get("role_qualifiers") or []
    before = " ".join(t.lower_ for t in art.tok[max(0, s - 2) : s] if t.text != "-")
    return any(before == q or before.endswith(" " + q) for q in qualifiers)


def _counterpart_candidates(art: _Article) -> list[Cand]:
    """ "Putin and his Turkish counterpart": the holder of Putin's post in Turkey."""
    out = []
    doc = art.tok
    for (s, e), labels in art.spans.items():
        if "TITLE:counterpart" not in labels or (e < len(doc) and art.name_at(e)[1]):
            continue
        ref = art.country_ending(s)
        if ref is None:
            continue
        sent_start = art.sents[art.sent_of[s]][0]
        person = None
        for i in range(ref[1] - 1, sent_start - 1, -1):
            for _, labs in art.by_end.get(i + 1, []):
                for key in art.actor_keys(labs):
                    if art.dictionary.entries[key].subkind == "person":
                        person = key
                        break
                if person:
                    break
            if person:
                break
        if person is None:
            continue
        for title in _titles_held(art, person):
            key = role_holder(art.dictionary, title, ref[0], art.ref_date)
            if key and key != person:
                out.append(Cand(ref[1], e, ACTOR, key, "coreference", 85))
                break
    return out


def _titles_held(art: _Article, key: str) -> list[str]:
    """The posts a person held on the reference date, "leader" first if one of them made him
    his country's leader."""
    held = [
        p
        for p in art.dictionary.positions
        if p.key == key and (art.ref_date is None or p.held_on(art.ref_date))
    ]
    titles = ["leader"] if any(p.leader for p in held) else []
    return titles + [p.title for p in held]


def _synthetic_actor(art: _Article, a3: str, what: str) -> Cand | None:
    state = art.dictionary.entries.get(art.dictionary.state_keys.get(a3, ""))
    if state is None:
        return None
    if what == "forces":
        key = f"new-actor:armed_forces:{a3.lower()}"
        record = EntityRecord(ACTOR, key, f"{state.name} armed forces", "armed_forces", a3,
                              from_dictionary=False)  # fmt: skip
    else:
        key = f"new-actor:government_body:{a3.lower()} {what}"
        record = EntityRecord(ACTOR, key, f"{state.name} {what}", "government_body", a3,
                              from_dictionary=False)  # fmt: skip
    return Cand(0, 0, ACTOR, key, "agent", 0, record=record)


def _agent_candidates(art: _Article) -> list[Cand]:
    out = []
    doc = art.tok
    named = _cover(art, "actor:", exclude="actor:state-")
    regime = art.vocab.get("regime_forces") or {}
    for (s, e), labels in art.spans.items():
        if any(lab.startswith("actor:") for lab in labels):
            continue  # the dictionary names this phrase itself
        is_force = "FORCE" in labels
        body = next((lab[5:] for lab in labels if lab.startswith("BODY:")), None)
        is_gov = "GOV" in labels
        if not (is_force or body or is_gov):
            continue
        if is_force and e < len(doc) and doc[e].lower_ in art.post_words | {"observation"}:
            continue  # "a Turkish military post" names a post, not the army
        k = s
        quals = []
        while is_force and k > 0:
            prev = [st for st, labs in art.by_end.get(k, []) if "QUAL" in labs]
            if not prev:
                break
            quals.append(art.doc[prev[0] : k].text.lower())
            k = prev[0]
        ref = art.country_ending(k)
        also = []
        a3 = start = None
        if ref:
            a3, start = ref
        elif is_force and k > 1 and doc[k - 1].norm_ in {"'s", "'"}:
            # A leader's forces are his state's ("Assad's forces", "Erdogan's troops").
            for st, labs in art.by_end.get(k - 1, []):
                for key in art.actor_keys(labs):
                    entry = art.dictionary.entries[key]
                    if entry.subkind != "person" or not entry.affiliation:
                        continue
                    if regime.get(fold(doc[k - 2].text)) or "leader" in _titles_held(art, key):
                        a3, start = entry.affiliation, st
                        also.append(Cand(st, k - 1, ACTOR, key, "dictionary", 70))
                        break
                if a3:
                    break
        elif is_force and quals and any(q in regime for q in quals):
            a3, start = regime[next(q for q in quals if q in regime)], k
        if not a3 or (start > 0 and doc[start - 1].lower_ == "-" and start > 1
                      and doc[start - 2].lower_ == "pro"):  # fmt: skip
            continue
        if is_force:
            key = art.dictionary.forces.get(a3)
            cand = Cand(start, e, ACTOR, key, "agent", 95) if key else None
            if cand is None:
                cand = _synthetic_actor(art, a3, "forces")
        elif body:
            key = art.dictionary.bodies.get((a3, body))
            cand = (
                Cand(start, e, ACTOR, key, "agent", 95) if key else _synthetic_actor(art, a3, body)
            )
        else:
            cand = Cand(start, e, ACTOR, art.dictionary.state_keys[a3], "metonymy", 94)
        if cand is None:
            continue
        cand.start, cand.end, cand.priority, cand.via = (
            start,
            e,
            95 if not is_gov else 94,
            ("metonymy" if is_gov else "agent"),
        )
        cand.also = also
        if _inside(named, start, e):
            continue  # inside a longer name: "Free Syrian Army" is not the Syrian army
        out.append(cand)
    return out


def _cover(art: _Article, prefix: str, exclude: str = "") -> dict[int, tuple[int, int]]:
    """Token -> the longest span with a label starting with ``prefix`` that covers it."""
    cover: dict[int, tuple[int, int]] = {}
    for (s, e), labels in art.spans.items():
        if any(
            lab.startswith(prefix) and not (exclude and lab.startswith(exclude)) for lab in labels
        ):
            for i in range(s, e):
                if i not in cover or cover[i][1] - cover[i][0] < e - s:
                    cover[i] = (s, e)
    return cover


def _inside(cover: dict[int, tuple[int, int]], s: int, e: int) -> bool:
    """True when a longer covered span strictly contains tokens ``s``..``e``."""
    span = cover.get(s)
    return span is not None and span[0] <= s and e <= span[1] and span[1] - span[0] > e - s


def _dictionary_candidates(art: _Article) -> list[Cand]:
    out = []
    d = art.dictionary
    agreement_cover = _cover(art, "agreement:")
    for (s, e), labels in art.spans.items():
        capital = next((lab for lab in labels if lab.startswith("CAPITAL:")), None)
        places = [lab for lab in labels if lab.startswith("place:")]
        actors = art.actor_keys(labels)
        states = [k for k in actors if k.startswith("actor:state-")]
        others = [k for k in actors if not k.startswith("actor:state-")]
        inside_agreement = _inside(agreement_cover, s, e)
        if others:
            key = sorted(others)[0]
            if _other_family_member(art, s, e, key):
                continue  # "Maher al-Assad" is not Bashar
            out.append(Cand(s, e, ACTOR, key, "dictionary", 70))
            continue
        if states or capital:
            a3 = d.entries[states[0]].affiliation if states else capital.split(":", 1)[1]
            if art.is_locative(s, e) or inside_agreement:
                place = [p for p in places if not p.startswith("place:country-")] or [
                    d.country_place_keys[a3]
                ]
                if states:
                    place = [d.country_place_keys[a3]]
                out.append(Cand(s, e, PLACE, place[0], "dictionary", 65))
            else:
                via = "metonymy" if capital and not states else "dictionary"
                out.append(Cand(s, e, ACTOR, d.state_keys[a3], via, 70))
            continue
        for place in places:
            out.append(Cand(s, e, PLACE, place, "dictionary", 65))
            break
    return out


def _starts_name(art: _Article, i: int) -> bool:
    """Whether a capitalised sentence-initial word belongs to the proper name after it
    ("Economic Policy Research Foundation ..." but not "Fighters of the ..." or "Turkey's ...")."""
    nxt = art.tok[i + 1]
    if not (nxt.text[:1].isupper() and nxt.is_alpha) or art.tok[i].text in art.not_names:
        return False
    return not any(
        lab.startswith(("actor:", "place:", "DEMONYM:", "CAPITAL:"))
        for _, labels in art.by_start.get(i, [])
        for lab in labels
    )


def _other_family_member(art: _Article, s: int, e: int, key: str) -> bool:
    """A known person's surname right after an unknown first name names someone else."""
    entry = art.dictionary.entries[key]
    if entry.subkind != "person" or s == 0:
        return False
    text = normalize_name(art.span_text(s, e))
    if text == normalize_name(entry.name) or not normalize_name(entry.name).endswith(text):
        return False
    prev = s - 1
    while prev > 0 and (art.tok[prev].text == "-" or art.tok[prev].lower_ in _PARTICLES):
        prev -= 1  # "Maher al-[Assad]"
    if not art.is_name_token(prev):
        return False
    return not any(
        lab.startswith(("actor:", "place:"))
        for st, labels in art.by_end.get(prev + 1, [])
        for lab in labels
    )


def _org_candidates(art: _Article) -> list[Cand]:
    out = []
    doc = art.tok
    heads = art.vocab["org_heads"]
    prefixes = set(art.vocab.get("group_prefixes") or [])
    connectors = {"of", "for", "the", "and", "on", "al", "-", "'s", "el"}
    for token in doc:
        i = token.i
        if i in art.no_patterns or i in art.blocked:
            continue
        if token.text in heads:
            s = i
            while (
                s > 0
                and not doc[s].is_sent_start
                and (
                    (doc[s - 1].text[:1].isupper() and doc[s - 1].is_alpha)
                    or doc[s - 1].lower_ in connectors
                )
                and (not doc[s - 1].is_sent_start or _starts_name(art, s - 1))
            ):
                s -= 1
            while s < i and (doc[s].lower_ in connectors or doc[s].is_stop):
                s += 1
            e = i + 1
            if e + 1 < len(doc) and doc[e].lower_ in {"of", "for", "on"}:
                k = e + 1
                if doc[k].lower_ == "the":
                    k += 1
                j = k
                while (
                    j < len(doc)
                    and doc[j].text[:1].isupper()
                    and doc[j].is_alpha
                    and doc[j].text not in _CALENDAR
                ):
                    j += 1
                if j > k:
                    e = j
            words = [t for t in doc[s:e] if t.text[:1].isupper() and t.is_alpha]
            if len(words) < 2 or s == i and e == i + 1:
                continue
            kind = heads[token.text]
        elif token.text in prefixes and i + 1 < len(doc):
            e = i + 1
            if doc[e].lower_ in {"al", "el"}:
                e += 1
                if e < len(doc) and doc[e].text == "-":
                    e += 1
            if not (e < len(doc) and doc[e].text[:1].isupper() and doc[e].is_alpha):
                continue
            s, e, kind = i, e + 1, "armed_group"
        else:
            continue
        name = " ".join(art.span_text(s, e).split())
        index = get_name_index()
        known = index.exact(ACTOR, name)
        if known:
            out.append(Cand(s, e, ACTOR, known[0], "dictionary", 70))
            continue
        affiliation = _affiliation_in(art, s, e)
        if not affiliation and s > 1:
            ref = art.country_ending(s)
            affiliation = ref[0] if ref else ""
        if not affiliation and s >= 3 and art.tok[s - 1].lower_ == "based":
            affiliation = _affiliation_in(art, s - 3, s)  # "the Istanbul-based ... Institute"
        if normalize_name(name) in art.media:
            continue
        body = (art.vocab.get("bodies") or {}).get(name.lower())
        if body:
            # "the Defense Ministry" alone: the ministry of the state the text is about.
            cand = _body_of_context(art, s, e, body)
            if cand:
                out.append(cand)
            continue
        key = f"new-actor:{kind}:{normalize_name(name)}"
        record = EntityRecord(ACTOR, key, name, kind, affiliation, from_dictionary=False)
        # A longer proper name beats a curated name inside it ("National Security Council").
        inner = any(
            b <= e and (a, b) != (s, e) and any(x.startswith("actor:") for x in labs)
            for a in range(s, e)
            for b, labs in art.by_start.get(a, [])
        )
        out.append(Cand(s, e, ACTOR, key, "pattern", 72 if inner else 60, record=record))
    return out


def _body_of_context(art: _Article, s: int, e: int, body: str) -> Cand | None:
    """A state body named without its state: the state named last before it in the sentence,
    else the state the article names most."""
    a3 = None
    sent_start = art.sents[art.sent_of[s]][0]
    for end in range(s, sent_start, -1):
        for _, labels in art.by_end.get(end, []):
            a3 = art._country_of(labels)
            if a3:
                break
        if a3:
            break
    if a3 is None:
        counts: dict[str, int] = {}
        for labels in art.spans.values():
            for label in labels:
                if label.startswith(("actor:state-", "CAPITAL:")):
                    code = art._country_of({label})
                    counts[code] = counts.get(code, 0) + 1
        a3 = max(counts, key=counts.get) if counts else None
    if a3 is None:
        return None
    key = art.dictionary.bodies.get((a3, body))
    cand = Cand(s, e, ACTOR, key, "coreference", 60) if key else _synthetic_actor(art, a3, body)
    if cand is not None:
        cand.start, cand.end, cand.priority, cand.via = s, e, 60, "coreference"
    return cand


def _appositive_candidates(art: _Article) -> list[Cand]:
    out = []
    doc = art.tok
    n = len(doc)
    for token in doc:
        c = token.i
        if token.text == "," and c + 1 < n:
            s, count = art.name_ending(c)
            if count < 2 or doc[s].text in art.not_names:
                continue
            k = c + 1
            if doc[k].lower_ in {"a", "an", "the"}:
                k += 1
            stop = k
            role_at = None
            while stop < n and stop - k < 10 and doc[stop].text not in {",", ".", ";", "(", ")"}:
                if any("ROLE" in labs for e2, labs in art.by_start.get(stop, [])):
                    role_at = stop
                    break
                stop += 1
            if role_at is None:
                continue
            end = role_at + 1
            while end < n and end - c < 16 and doc[end].text not in {",", ".", ";", '"', "“", "”"}:
                end += 1
            description = " ".join(art.span_text(c + 1, end).split())
            description = re.sub(r"^(a|an|the)\s+", "", description, flags=re.I)
            affiliation = _affiliation_in(art, c + 1, end)
            cand = _person_candidate(art, s, c, description, affiliation, 88, allow_new=True)
            if cand:
                out.append(cand)
        elif token.lower_ in {"such", "like", "including"}:
            k = (
                c + 2
                if token.lower_ == "such" and c + 1 < n and doc[c + 1].lower_ == "as"
                else c + 1
            )
            if k == c + 1 and token.lower_ == "such":
                continue
            before = c - 1
            if before < 0 or not any("ROLES" in labs for _, labs in art.by_end.get(before + 1, [])):
                continue
            while k < n:
                end, count = art.name_at(k)
                if count < 2:
                    break
                cand = _person_candidate(art, k, end, doc[before].text.rstrip("s"), "", 88, True)
                if cand:
                    out.append(cand)
                if end < n and doc[end].lower_ in {",", "and"}:
                    k = end + 1
                    if k < n and doc[k].lower_ == "and":
                        k += 1
                else:
                    break
    return out


def _select(cands: list[Cand], taken: set[int] | None = None) -> list[Cand]:
    taken = set() if taken is None else taken
    chosen = []
    for cand in sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        tokens = set(range(cand.start, cand.end))
        if not tokens or tokens & taken:
            continue
        taken |= tokens
        chosen.append(cand)
    return chosen


def _coreference_candidates(art: _Article, chosen: list[Cand], taken: set[int]) -> list[Cand]:
    """Surnames of people introduced in full in this article ("Suponina" after "Elena Suponina")."""
    surnames: dict[str, Cand] = {}
    for cand in chosen:
        if cand.kind == ACTOR and cand.key.startswith("new-actor:person:"):
            surnames.setdefault(fold(art.tok[cand.end - 1].text), cand)
    out = []
    for token in art.tok:
        if token.i in taken or token.i in art.blocked:
            continue
        owner = surnames.get(token.lemma_)
        if owner and art.is_name_token(token.i) and not art.is_name_token(token.i + 1):
            out.append(Cand(token.i, token.i + 1, ACTOR, owner.key, "coreference", 50))
    return out


def _fuzzy_candidates(art: _Article, taken: set[int]) -> list[Cand]:
    out = []
    i, n = 0, len(art.tok)
    index = get_name_index()
    while i < n:
        end, count = art.name_at(i)
        if count >= 2 and not (set(range(i, end)) & taken) and i not in art.blocked:
            key, via = index.person(art.span_text(i, end))
            if key and via == "fuzzy":
                out.append(Cand(i, end, ACTOR, key, "fuzzy", 55))
            i = end
        else:
            i += 1
    return out


# --- agreements and posts ---------------------------------------------------------------------
def _agreement_candidates(art: _Article) -> list[Cand]:
    out = []
    doc = art.tok
    actor_tokens = {
        i
        for (s, e), labels in art.spans.items()
        if e - s > 1 and any(lab.startswith("actor:") for lab in labels)
        for i in range(s, e)
    }
    for (s, e), labels in art.spans.items():
        for label in labels:
            if label.startswith("agreement:"):
                out.append(Cand(s, e, AGREEMENT, label, "dictionary", 70))
    # Named agreements by the token they end on, for "the deal" referring back to one.
    named_ends = sorted(c.end for c in out)
    named_by_end: dict[int, Cand] = {}
    for c in sorted(out, key=lambda c: (c.end, c.start)):
        named_by_end[c.end] = c
    sentence_cues: dict[int, tuple[str, frozenset[int], frozenset[int]]] = {}
    for token in doc:
        head = token.lower_
        h = token.i
        if (
            head == "cease"
            and h + 2 < len(doc)
            and doc[h + 1].text == "-"
            and doc[h + 2].lower_ == "fire"
        ):
            kind, h_end = "ceasefire", h + 3
        elif head in art.agreement_heads:
            kind, h_end = art.agreement_heads[head], h + 1
        else:
            continue
        if h in art.blocked or h in actor_tokens:
            continue
        n_sent = art.sent_of[h]
        sent_start, sent_end = art.sents[n_sent]
        ws, we = max(sent_start, h - 7), min(sent_end, h_end + 16)
        if n_sent not in sentence_cues:  # read once per sentence, not once per head word
            sentence_cues[n_sent] = _sentence_cues(art, sent_start, sent_end)
        text, years, months = sentence_cues[n_sent]
        cues = AgreementCues(years=set(years), months=set(months), text=text)
        ago = re.search(rf"\b{_NUM}\s+years?\s+ago\b", art.doc[ws:we].text, re.I)
        if ago and art.published_on:
            n_years = _NUMBERS.get(ago.group(1).lower()) or int(ago.group(1))
            cues.years.add(art.published_on.year - n_years)
        window = [
            ((s, e), labels)
            for s in range(ws, we)
            for e, labels in art.by_start.get(s, [])
            if e <= we
        ]
        place_spans = [
            (s, e) for (s, e), labels in window if any(lab.startswith("place:") for lab in labels)
        ]
        for (s, e), labels in window:
            inside_place = any(a <= s and e <= b and b - a > e - s for a, b in place_spans)
            a3 = None if inside_place else art._country_of(labels)
            if a3 and not art.is_locative(s, e):
                cues.parties.add(a3)
                continue
            for label in labels:
                if label.startswith("place:") and not label.startswith("place:country-"):
                    cues.places.add(label)
        capital_head = token.text[:1].isupper() and not token.is_sent_start
        before = {t.lower_ for t in doc[max(ws, h - 4) : h]}
        if before & art.not_existing:
            continue  # "without reaching an agreement", "a new deal": not a known agreement
        key = agreement_resolve(art.dictionary, cues, art.published_on)
        # Left edge: the modifiers right before the head ("1998 security treaty").
        s = h
        while (
            s > ws
            and s > h - 5
            and (not doc[s - 1].is_punct or _joins_words(doc, s - 1))
            and (doc[s - 1].like_num or not doc[s - 1].is_stop)
            and doc[s - 1].lower_ not in {"under", "with", "between"}
        ):
            s -= 1
        via = "pattern"
        if s == h and h > 0 and doc[h - 1].lower_ in {"the", "this", "that"}:
            # "the deal" right after a named agreement refers back to it.
            k = bisect.bisect_right(named_ends, h) - 1
            last = named_by_end[named_ends[k]] if k >= 0 else None
            if last is not None and art.sent_of[h] - art.sent_of[last.start] <= 2:
                key, via = last.key, "coreference"
        if key:
            out.append(Cand(s, h_end, AGREEMENT, key, via, 60))
        elif capital_head and s < h and all(t.text[:1].isupper() or t.like_num for t in doc[s:h]):
            name = " ".join(art.doc[s:h_end].text.split())
            key = f"new-agreement:{normalize_name(name)}"
            record = EntityRecord(AGREEMENT, key, name, kind, from_dictionary=False,
                                  extra={"signed_on": None, "signed_on_precision": "",
                                         "party_keys": [], "summary": ""})  # fmt: skip
            out.append(Cand(s, h_end, AGREEMENT, key, "pattern", 50, record=record))
    return out


def _sentence_cues(art: _Article, s: int, e: int) -> tuple[str, frozenset[int], frozenset[int]]:
    """A sentence's text, the years it names and the months it names by name."""
    years, months = set(), set()
    for t in art.tok[s:e]:
        if t.like_num and len(t.text) == 4 and t.text.isdigit():
            years.add(int(t.text))
        month = _MONTHS.get(t.lower_.rstrip("."))
        if month and t.text[:1].isupper():
            months.add(month)
    return art.doc[s:e].text, frozenset(years), frozenset(months)


def _joins_words(doc: Doc, i: int) -> bool:
    """A hyphen inside a word ("de-escalation")."""
    return doc[i].text == "-" and i > 0 and not doc[i - 1].whitespace_ and not doc[i].whitespace_


def _post_candidates(art: _Article) -> list[Cand]:
    out = []
    doc = art.tok
    n = len(doc)
    site_ends = {
        e: s for (s, e), labels in art.spans.items() if any(x.startswith("SITE:") for x in labels)
    }
    for (s, e), labels in art.spans.items():
        sites = [lab[5:] for lab in labels if lab.startswith("SITE:")]
        if not sites:
            continue
        k = e
        while k < n and k - e < 3 and doc[k].lower_ in {"observation", "military", "turkish", "army",
                                                         "monitoring"}:  # fmt: skip
            k += 1
        if k < n and _is_post_word(art, k):
            out.append(Cand(s, k + 1, POST, sites[0], "dictionary", 70))
            continue
        # "observation post near the town of Morek", "the posts at Shir Mughar and Surman"
        k = s - 1
        steps, listed = 0, False
        while k >= 0 and steps < 12:
            word = doc[k].lower_
            if word in art.site_links:
                k -= 1
                steps += 1
            elif word in {"and", ","} and k > 0 and site_ends.get(k) is not None:
                k = site_ends[k] - 1
                steps, listed = steps + 1, True
            else:
                break
        if k >= 0 and steps and _is_post_word(art, k):
            start = k - 1 if k > 0 and doc[k - 1].lower_ == "observation" else k
            # A later site in a list is its own mention: "... Shir Mughar and [Surman]".
            out.append(Cand(s if listed else start, e, POST, sites[0], "pattern", 70))
    return out


def _is_post_word(art: _Article, k: int) -> bool:
    """ "post", "outpost", or "point" in "observation point" (the Russian usage)."""
    word = art.tok[k].lower_
    if word in {"point", "points"}:
        return k > 0 and art.tok[k - 1].lower_ == "observation"
    return word in art.post_words


def _counts(art: _Article, sentences: list[Sentence], agreements: list[EntityMention]) -> list:
    counts = []
    for sent in sentences:
        low = sent.text.lower()
        if "post" not in low and "observation point" not in low:
            continue
        for pattern in _COUNT_PATTERNS:
            for m in pattern.finditer(sent.text):
                raw = m.group(1).lower()
                value = _NUMBERS.get(raw) or int(raw)
                agreement = next(
                    (a.key for a in agreements if sent.start <= a.start < sent.end), None
                )
                counts.append(
                    StatedCount(
                        "observation_posts",
                        value,
                        agreement,
                        sent.start + m.start(),
                        sent.start + m.end(),
                        sent.text,
                    )
                )
    unique = {}
    for c in counts:
        unique.setdefault((c.value, c.quote), c)
    return list(unique.values())


# --- records ----------------------------------------------------------------------------------
def _record_for(art: _Article, key: str) -> EntityRecord | None:
    entry = art.dictionary.entries.get(key)
    if entry is None:
        return None
    return EntityRecord(
        kind=entry.kind,
        key=entry.key,
        name=entry.name,
        subkind=entry.subkind,
        affiliation=entry.affiliation,
        aliases=list(entry.aliases),
        description=entry.description,
        from_dictionary=True,
        extra=dict(entry.extra),
    )


def _sentences(art: _Article) -> list[Sentence]:
    """Each sentence from its first to its last token that is not white space."""
    out, tok = [], art.tok
    for s, e in art.sents:
        while s < e and tok[s].is_space:
            s += 1
        if s == e:
            continue
        e -= 1
        while tok[e].is_space:
            e -= 1
        a, b = tok[s].idx, tok[e].idx + len(tok[e].text)
        out.append(Sentence(a, b, art.text[a:b]))
    return out


def _merge_introductions(chosen: list[Cand], cands: list[Cand]) -> None:
    """One new person introduced twice ("analyst Kirill Semenov, a non-resident expert at the
    Russian International Affairs Council"): keep the fuller description and any country."""
    records = {c.key: c.record for c in chosen if c.record is not None}
    for cand in cands:
        record = records.get(cand.key)
        if record is None or cand.record is None or cand.record is record:
            continue
        if not record.affiliation and cand.record.affiliation:
            record.affiliation = cand.record.affiliation
        if len(cand.record.description) > len(record.description):
            record.description = cand.record.description


def extract_entities(text: str, *, published_on: dt.date | None = None) -> EntityExtraction:
    """Find the actors, agreements, posts and places ``text`` mentions, with offsets."""
    art = _Article(text or "", published_on)
    actor_cands = (
        _title_name_candidates(art)
        + _long_title_candidates(art)
        + _role_candidates(art)
        + _agent_candidates(art)
        + _dictionary_candidates(art)
        + _org_candidates(art)
        + _appositive_candidates(art)
    )
    actor_cands = [
        c for c in actor_cands if not any(i in art.blocked for i in range(c.start, c.end))
    ]
    taken: set[int] = set()
    chosen = _select(actor_cands, taken)
    chosen += _select(_coreference_candidates(art, chosen, taken), taken)
    chosen += _select(_fuzzy_candidates(art, taken), taken)
    extras = [a for c in chosen for a in c.also]
    _merge_introductions(chosen, actor_cands)
    agreements = _select(_agreement_candidates(art))
    posts = _select(_post_candidates(art))

    records: dict[str, EntityRecord] = {}
    mentions: list[EntityMention] = []
    seen_spans = set()
    # One mention per span (the database holds one): a post or agreement wins over a place.
    for cand in posts + agreements + chosen + extras:
        a, b = art.char_span(cand.start, cand.end)
        if (a, b) in seen_spans:
            continue
        seen_spans.add((a, b))
        mention_text = text[a:b]
        record = records.get(cand.key) or cand.record or _record_for(art, cand.key)
        if record is None:
            continue
        records[cand.key] = record
        if cand.via in ("pattern", "fuzzy", "dictionary") and cand.kind in (ACTOR, AGREEMENT):
            alias = " ".join(mention_text.split())
            if (
                normalize_name(alias) != normalize_name(record.name)
                and alias not in record.aliases
                and alias.lower() not in art.generic
            ):
                record.aliases.append(alias)
        mentions.append(EntityMention(cand.kind, cand.key, a, b, mention_text, cand.via))
    mentions.sort(key=lambda m: (m.start, m.end))
    sentences = _sentences(art)
    agreement_mentions = [m for m in mentions if m.kind == AGREEMENT]
    return EntityExtraction(
        sentences=sentences,
        mentions=mentions,
        records=records,
        counts=_counts(art, sentences, agreement_mentions),
    )
