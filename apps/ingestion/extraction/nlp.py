"""The spaCy pipeline and phrase matchers, built once per process.

A blank English pipeline (tokenizer, sentencizer) with two small additions:

* ``fold_text``: every token's ``norm_`` becomes its accent- and case-folded text and its
  ``lemma_`` its accent-folded text with case kept (the blank pipeline has no lemmatiser), so
  one ``PhraseMatcher`` on ``NORM`` matches "Erdoğan"/"erdogan" and one on ``LEMMA`` matches
  case-sensitively ("Turkey" the state, never "turkey") without caring about accents.
* ``paragraph_breaks``: a blank line always starts a new sentence, so headings and paragraphs
  never run into each other; and no sentence is longer than ``MAX_SENTENCE_TOKENS`` (a longer
  run without a full stop, from a scraped list or hostile input, is cut at a comma or
  semicolon where it can be). Every rule that works sentence by sentence then does bounded
  work per sentence, so extraction time grows linearly with the text.

Which aliases are matched case-sensitively: single words and acronyms ("Ankara", "HTS", "US");
phrases are matched in any case ("the Kremlin", "Syrian army").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import numpy
import spacy
from spacy.attrs import IS_ALPHA, IS_SPACE, IS_STOP, IS_TITLE, LEMMA, NORM, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH, SENT_START
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from apps.core.text import strip_accents

from .dictionary import Dictionary, get_dictionary

# Abbreviations the English tokenizer would split off their full stop (ranks and titles).
_ABBREVIATIONS = (
    "Lt.", "Col.", "Maj.", "Sgt.", "Capt.", "Brig.", "Adm.", "Cmdr.", "Gen.", "Rep.", "Sen.",
    "Gov.", "Amb.", "Pres.", "Prof.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "Sept.", "Lt.-Gen.",
)  # fmt: skip
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2011": "-"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Strip accents and unify quotes, keeping case: "Erdoğan’s" -> "Erdogan's"."""
    return strip_accents(text.translate(_QUOTES))


# Per vocabulary: a token text's hash -> the hashes of its folded forms (lemma, norm). It
# grows with the distinct token texts, as spaCy's own string store does.
_FOLDED: dict[int, dict[int, tuple[int, int]]] = {}
_FOLDED_MAX = 500_000


@Language.component("fold_text")
def fold_text(doc: Doc) -> Doc:
    strings = doc.vocab.strings
    folded = _FOLDED.setdefault(id(doc.vocab), {})
    if len(folded) > _FOLDED_MAX:
        folded.clear()
    pairs = []
    for orth in doc.to_array([ORTH]).tolist():
        pair = folded.get(orth)
        if pair is None:
            text = fold(strings[orth])
            pair = folded[orth] = (strings.add(text), strings.add(text.lower()))
        pairs.append(pair)
    if pairs:
        doc.from_array([LEMMA, NORM], numpy.array(pairs, dtype=numpy.uint64))
    return doc


_OPEN_QUOTES = {'"', "\u201c", "'", "\u2018"}
_FINAL = {".", "!", "?"}
# Nearly three times the longest sentence of the test articles (57 tokens).
MAX_SENTENCE_TOKENS = 150
_SOFT_BREAKS = {";", ":", ",", "\u2014", "\u2013"}


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Sentence starts the sentencizer misses or misplaces.

    A blank line; an opening quote after a full stop (it opens the next sentence, not closes
    this one); a capitalised function word after an abbreviation that ends a sentence ("... in
    the U.S. The talks ..."). Changes are written in one go: setting ``is_sent_start`` token by
    token rescans the document each time. Tokens are read as arrays, not Token objects.
    """
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, SPACY, IS_SPACE, IS_TITLE, IS_STOP, IS_ALPHA]).tolist()
    texts = [strings[row[0]] for row in rows]
    starts = doc.to_array([SENT_START]).astype(numpy.int64)  # 1 start, -1 not, 0 unset
    for i in range(len(rows) - 1):
        text, (_, spaced, is_space, _, _, _) = texts[i], rows[i]
        nxt, (_, next_spaced, _, next_title, next_stop, _) = texts[i + 1], rows[i + 1]
        if (
            nxt in _OPEN_QUOTES
            and text in _FINAL
            and spaced
            and not next_spaced
            and i + 2 < len(rows)
        ):
            starts[i + 1], starts[i + 2] = 1, -1
        elif (
            text.endswith(".")
            and len(text) > 1
            and text[:-1].replace(".", "").isupper()
            and next_title
            and next_stop
            and nxt != "I"
        ):
            starts[i + 1] = 1
        elif "\n\n" in text or (
            is_space and "\n" in text and ((i and rows[i - 1][2]) or _ends_heading(texts, rows, i))
        ):
            starts[i + 1] = 1
    _cap_sentences(texts, starts)
    doc.from_array([SENT_START], starts.astype(numpy.uint64))
    return doc


def _cap_sentences(texts: list[str], starts) -> None:
    """Cut every run of more than ``MAX_SENTENCE_TOKENS`` tokens without a sentence start,
    after the last comma, semicolon, colon or dash of its second half when there is one.
    Each look-back covers at most half a run and the next cut comes at least half a run later,
    so this is linear too."""
    run_start, half = 0, MAX_SENTENCE_TOKENS // 2
    for i in range(1, len(texts)):
        if starts[i] == 1:
            run_start = i
        elif i - run_start >= MAX_SENTENCE_TOKENS:
            cut = next(
                (k + 1 for k in range(i - 1, i - half, -1) if texts[k] in _SOFT_BREAKS),
                i,
            )
            starts[cut] = 1
            run_start = cut


def _ends_heading(texts: list[str], rows: list, i: int) -> bool:
    """A line break after a short line without final punctuation ends a heading (``rows``:
    each token's ORTH, SPACY, IS_SPACE, IS_TITLE, IS_STOP, IS_ALPHA)."""
    j = i - 1
    words = 0
    while j >= 0 and "\n" not in texts[j]:
        if rows[j][5]:
            words += 1
        j -= 1
    return bool(
        i
        and texts[i - 1] not in {".", "!", "?", ",", ";", ":"}
        and 0 < words <= 8
        and rows[i + 1][3]
    )


def _build_nlp() -> Language:
    nlp = spacy.blank("en")
    # Split a hyphen after a full stop or a bracket too ("U.S.-backed", "(PKK)-linked"), and a
    # slash between names too ("PKK/YPG").
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[.)])-(?=[A-Za-z])", r"(?<=[A-Za-z])/(?=[A-Z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    for abbreviation in _ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.add_pipe("fold_text")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("paragraph_breaks")
    return nlp


def _is_cased(alias: str, n_tokens: int) -> bool:
    return n_tokens == 1 or alias.isupper() or bool(re.fullmatch(r"[A-Z0-9.\-]+", alias))


class Matchers:
    """Phrase matchers over every dictionary alias and the vocabulary's cue words.

    Match ids are strings: an entry key ("actor:putin"), or a cue label ("DEMONYM:TUR",
    "CAPITAL:TUR", "TITLE:foreign minister", "FORCE", "QUAL", "GOV", "BODY:defence ministry",
    "ROLE", "ROLES", "SITE:post:morek").
    """

    def __init__(self, nlp: Language, dictionary: Dictionary) -> None:
        self.nlp = nlp
        self.cased = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.uncased = PhraseMatcher(nlp.vocab, attr="NORM")
        phrases: dict[str, set[str]] = {}

        def add(label: str, text: str) -> None:
            if text:
                phrases.setdefault(label, set()).add(text)

        for entry in dictionary.entries.values():
            for alias in (entry.name, *entry.aliases):
                add(entry.key, alias)
        for entry in dictionary.entries.values():
            for site in entry.extra.get("site_names", ()) if entry.kind == "post" else ():
                add(f"SITE:{entry.key}", site)
        for word, a3 in dictionary.demonyms.items():
            add(f"DEMONYM:{a3}", word)
        for word, a3 in dictionary.capitals.items():
            add(f"CAPITAL:{a3}", word)
        vocab = dictionary.vocab
        for surface, title in vocab["titles"].items():
            add(f"TITLE:{title}", surface)
        for word in vocab["force_nouns"]:
            add("FORCE", word)
        for word in vocab.get("force_acts") or []:
            add("ACT", word)
            add("ACT", word + "s")
        for word in vocab.get("force_qualifiers") or []:
            add("QUAL", word)
        for word in vocab.get("government_nouns") or []:
            add("GOV", word)
        for surface, body in (vocab.get("bodies") or {}).items():
            add(f"BODY:{body}", surface)
        for word in vocab["person_roles"]:
            add("ROLE", word)
            add("ROLES", word + ("es" if word.endswith(("s", "sh", "ch")) else "s"))

        cue_labels = ("TITLE:", "FORCE", "ACT", "QUAL", "GOV", "BODY:", "ROLE")
        for label, texts in phrases.items():
            cased, uncased = [], []
            if label.startswith(cue_labels):
                # Tokenisation can depend on case ("Gen." is one token, "gen." two).
                texts = set(texts) | {t.title() for t in texts} | {t.capitalize() for t in texts}
            for text in texts:
                doc = nlp.make_doc(text)
                fold_text(doc)
                if label.startswith(cue_labels):
                    uncased.append(doc)
                elif _is_cased(text, len(doc)):
                    cased.append(doc)
                else:
                    uncased.append(doc)
            if cased:
                self.cased.add(label, cased)
            if uncased:
                self.uncased.add(label, uncased)

    def spans(self, doc: Doc) -> dict[tuple[int, int], set[str]]:
        found: dict[tuple[int, int], set[str]] = {}
        strings = self.nlp.vocab.strings
        for matcher in (self.cased, self.uncased):
            for match_id, start, end in matcher(doc):
                found.setdefault((start, end), set()).add(strings[match_id])
        return found


@cache
def get_nlp() -> Language:
    return _build_nlp()


@cache
def get_matchers() -> Matchers:
    return Matchers(get_nlp(), get_dictionary())
