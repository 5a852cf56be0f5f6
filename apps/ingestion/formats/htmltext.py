"""HTML fragments (a Markdown file's rendering, HTML left inside Markdown) -> plain paragraphs.

``html_paragraphs(html)`` walks the element tree with lxml: block elements start paragraphs,
headings become ``# `` lines of their level, and elements that carry no article text (scripts,
embeds, players, figures, ad slots, share bars: ``data/markup.yaml``) are dropped with their
content. Entities are decoded by the parser. Whole saved pages go through trafilatura instead
(``webpages.py``); this is for fragments whose every paragraph belongs to the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import lxml.html
import yaml
from lxml import etree

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "markup.yaml"
HEADING = re.compile(r"^h([1-6])$")
ABSOLUTE = re.compile(r"^\s*https?://", re.IGNORECASE)


def _spaced(text: str) -> str:
    """Source line breaks inside HTML text are spaces; only ``<br>`` breaks a line."""
    return text.replace("\n", " ")


@dataclass(frozen=True)
class Markup:
    shortcodes: re.Pattern
    debris: re.Pattern
    drop_tags: frozenset[str]
    drop_attributes: re.Pattern
    block_tags: frozenset[str]


@cache
def markup() -> Markup:
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))

    def any_of(patterns: list[str], flags: int = 0) -> re.Pattern:
        return re.compile("|".join(f"(?:{p})" for p in patterns), flags)

    return Markup(
        shortcodes=any_of(raw["shortcodes"], re.DOTALL),
        debris=any_of(raw["debris"], re.IGNORECASE | re.MULTILINE),
        drop_tags=frozenset(raw["drop_tags"]),
        drop_attributes=any_of(raw["drop_attributes"], re.IGNORECASE),
        block_tags=frozenset(raw["block_tags"]),
    )


def _collapse(text: str) -> str:
    """Spacing collapsed within each line; the line breaks a ``<br>`` made are kept."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_EMPHASIS = {"strong", "b", "em", "i"}


def _wholly_emphasised(element) -> bool:
    """A paragraph whose every word is set in bold or italics ("**Find daily updates on our
    page.**", "*Reporting by ...*")."""
    children = [c for c in element if isinstance(c.tag, str)]
    return (
        not (element.text or "").strip()
        and len(children) == 1
        and children[0].tag.casefold() in _EMPHASIS
        and not (children[0].tail or "").strip()
        and bool(children[0].text_content().strip())
    )


class _Walker:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.parts: list[str] = []
        self.rules = markup()
        # per block of ``lines``, in order: True wholly emphasised, False plain, None heading
        self.emphasised: list[bool | None] = []

    def flush(self, heading: int = 0, emphasised: bool = False) -> None:
        text = _collapse("".join(self.parts))
        self.parts = []
        if text:
            self.lines.append(("#" * heading + " " + text) if heading else text)
            self.lines.append("")
            self.emphasised.append(None if heading else emphasised)

    def sign_off_dropped(self) -> None:
        """The run of wholly emphasised paragraphs that ends the text is the outlet's sign-off
        box (calls to subscribe or contribute, contact lines, converter credits), not the
        story; it goes when a plain paragraph of story stands above it."""
        k = len(self.emphasised)
        while k > 0 and self.emphasised[k - 1]:
            k -= 1
        if k < len(self.emphasised) and False in self.emphasised[:k]:
            self.lines = self.lines[: 2 * k]
            self.emphasised = self.emphasised[:k]

    def dropped(self, element) -> bool:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.casefold() in self.rules.drop_tags:
            return True
        marks = " ".join(filter(None, (element.get("id"), element.get("class"))))
        return bool(marks and self.rules.drop_attributes.search(marks))

    def walk(self, element) -> None:
        if not isinstance(element.tag, str):  # comments, processing instructions
            return
        tag = element.tag.casefold()
        heading = HEADING.match(tag)
        block = (tag in self.rules.block_tags and tag != "br") or heading
        if block:
            self.flush()
        if tag == "br":
            self.parts.append("\n")
            return
        if tag == "a" and ABSOLUTE.match(element.get("href") or ""):
            # Kept as a Markdown link: the cleaning steps read link targets (related articles).
            words = _collapse(element.text_content()).replace("\n", " ")
            if words:
                self.parts.append(f"[{words}]({element.get('href').strip()})")
            return
        if not self.dropped(element):
            if element.text:
                self.parts.append(_spaced(element.text))
            for child in element:
                self.walk(child)
                if child.tail:
                    self.parts.append(_spaced(child.tail))
        if block:
            emphasised = tag == "p" and _wholly_emphasised(element)
            self.flush(int(heading[1]) if heading else 0, emphasised)


_TAG = re.compile(r"<[a-zA-Z][^>]*>")


def has_markup(text: str) -> bool:
    """Whether a string holds HTML tags (a feed summary, a JSON export's body) rather than
    plain text."""
    return bool(_TAG.search(text))


def html_paragraphs(html: str) -> str:
    """Paragraphs separated by blank lines; headings as ``#`` lines."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return _collapse(re.sub(r"<[^>]*>", " ", html))
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    walker.sign_off_dropped()
    return "\n".join(walker.lines).strip() + "\n"
