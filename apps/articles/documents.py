"""What a parsed article file gives: the fields an Article is made of, before it is stored.

The ingestion pipeline fills a ``ParsedArticle`` (``apps.ingestion.parsers``); the articles
app stores it (``apps.articles.services``). Plain data: nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class ParsedArticle:
    title: str
    body: str  # clean text, paragraphs separated by "\n\n"; offsets of evidence point into it
    published_on: date | None = None
    published_on_precision: str = ""  # "day" | "week" | "month" | "year" | ""
    published_on_source: str = "unknown"  # "stated" | "inferred" | "unknown"
    published_on_evidence: str = ""  # the words the date was read from
    source: str = ""  # publisher
    author: str = ""
    url: str = ""
    related_links: list[dict] = field(default_factory=list)  # [{"title": str, "url": str}]
    metadata_from_sidecar: list[str] = field(default_factory=list)  # field names
    # Where title, published_on, author, url and source came from when a file's own metadata
    # gave them: {"title": "front matter 'post_title'", "published_on": "url path", ...}.
    metadata_origin: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. "decoded as cp1252"
