"""Files that hold several articles: news-feed entries as a JSON array, or dumped to Markdown.

``feed_items(text, suffix)`` returns one ``FeedItem`` per entry (title, summary text, date,
address) or None when the file is a single article. Each entry becomes an Article of its own.

- JSON: an array of objects (or an object whose ``items``/``entries`` is one) that have a title
  and a summary; what each key means is the front-matter vocabulary (``data/frontmatter.yaml``).
- RSS and Atom (``.xml``, ``.rss``, ``.atom``): every entry of the feed, read by ``feedparser``
  from the text itself (nothing is fetched); HTML summaries become paragraphs.
- Markdown: three or more headings of one level, each opening a short section whose list
  gives the entry's address and a date ("- date published: 2024-12-08T22:29:38+00:00"), the
  way feed readers and link archives dump a feed.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date

import feedparser

from .frontmatter import FrontMatter, date_value, fields_read
from .htmltext import has_markup, html_paragraphs

HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*#*\s*$")
BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
URL = re.compile(r"https?://[^\s)\]>]+")
LABELLED = re.compile(r"^[\w .-]{1,30}:\s*(?P<value>.+)$")
ITEM_KEYS = ("items", "entries", "articles", "posts", "results")
XML_SUFFIXES = (".xml", ".rss", ".atom")
MIN_ITEMS = 3


@dataclass
class FeedItem:
    title: str
    text: str  # Markdown or plain text of the entry's summary
    published: date | None = None
    url: str = ""
    author: str = ""
    origin: dict | None = None  # field -> key it came from


def _json_items(text: str) -> list[FeedItem] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict):
        data = next((data[k] for k in ITEM_KEYS if isinstance(data.get(k), list)), None)
    if not isinstance(data, list) or not data or not all(isinstance(e, dict) for e in data):
        return None
    items = []
    for entry in data:
        matter = FrontMatter(values=entry, body="", kind="json")
        fields_read(matter)
        if not matter.title:
            return None
        items.append(
            FeedItem(
                title=matter.title,
                text=matter.description,
                published=matter.published,
                url=matter.url,
                author=matter.author,
                origin=dict(matter.origin),
            )
        )
    return items


def _sections(lines: list[str]) -> list[tuple[str, list[str]]]:
    levels = [len(m[1]) for line in lines if (m := HEADING.match(line))]
    if not levels:
        return []
    level = max(set(levels), key=levels.count)
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        match = HEADING.match(line)
        if match and len(match[1]) == level:
            sections.append((match[2], []))
        elif match and len(match[1]) < level:
            sections.append(("", []))  # a feed header: not an entry
        elif sections:
            sections[-1][1].append(line)
    return [(title, body) for title, body in sections if title]


def _markdown_items(text: str) -> list[FeedItem] | None:
    sections = _sections(text.splitlines())
    if len(sections) < MIN_ITEMS:
        return None
    items = []
    for title, lines in sections:
        url, published, prose = "", None, []
        for line in lines:
            bullet = BULLET.match(line)
            if bullet is None:
                prose.append(line)
                continue
            value = bullet[1]
            if not url and (found := URL.search(value)):
                url = found[0]
                continue
            labelled = LABELLED.match(value)
            when = date_value(labelled["value"].strip()) if labelled else None
            if when and published is None:
                published = when
            # the rest of an entry's list is feed metadata ("RSS feed: ...", tags), not text
        text = "\n".join(prose).strip()
        items.append(FeedItem(title=title, text=text, published=published, url=url))
    entries = sum(1 for item in items if item.url and item.published)
    words = sorted(len(item.text.split()) for item in items)
    if entries < 0.6 * len(items) or words[len(words) // 2] > 150:
        return None
    return items


def _xml_items(text: str) -> list[FeedItem] | None:
    """The entries of an RSS or Atom document, or None when it is not one. The text is handed
    to ``feedparser`` as a stream, so it never reads a path or an address."""
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")))
    if not parsed.get("version") and not parsed.entries:
        return None
    items = []
    for entry in parsed.entries:
        title = " ".join(str(entry.get("title") or "").split())
        if not title:
            continue
        contents = entry.get("content") or []
        summary = max(
            [str(c.get("value") or "") for c in contents] + [str(entry.get("summary") or "")],
            key=len,
        )
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(
            FeedItem(
                title=title,
                text=html_paragraphs(summary) if has_markup(summary) else summary,
                published=date(*when[:3]) if when else None,
                url=str(entry.get("link") or ""),
                author=str(entry.get("author") or ""),
            )
        )
    return items or None


def feed_items(text: str, suffix: str) -> list[FeedItem] | None:
    """The entries of a feed file, or None for a file that is one article."""
    if suffix == ".json":
        return _json_items(text)
    if suffix in XML_SUFFIXES:
        return _xml_items(text)
    if suffix in (".md", ".markdown", ".txt"):
        return _markdown_items(text)
    return None


def feed_header(text: str) -> str:
    """The line above a Markdown feed's first entry that names the feed ("# Source: ...")."""
    for line in text.splitlines():
        if match := HEADING.match(line):
            return match[2]
    return ""
