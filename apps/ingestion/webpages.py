"""Saved web pages: main text and metadata through trafilatura.

The publication date comes only from the page's own metadata (meta tags, JSON-LD, <time>),
never from its address or the addresses of linked pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import htmldate
import trafilatura

from .documents import IngestionError


@dataclass
class WebPage:
    text: str  # markdown-ish: "# " headings, one paragraph per line
    title: str = ""
    author: str = ""
    sitename: str = ""
    url: str = ""
    date: str = ""  # ISO date from the page's metadata


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].casefold()
    return head.startswith(("<!doctype html", "<html")) or (
        "<body" in head and "</" in text[:5000].casefold()
    )


def html_extract(html: str) -> WebPage:
    text = trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=False,
        favor_precision=True,
    ) or trafilatura.extract(html, output_format="markdown", favor_recall=True, with_metadata=False)
    if not text or not text.strip():
        raise IngestionError("no article text found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    try:
        found = htmldate.find_date(
            html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d"
        )
    except Exception:  # htmldate raises on odd markup; a page without a date is fine
        found = None
    return WebPage(
        text=text,
        title=(meta.title or "").strip() if meta else "",
        author=(meta.author or "").strip() if meta else "",
        sitename=(meta.sitename or "").strip() if meta else "",
        url=(meta.url or "").strip() if meta else "",
        date=found or "",
    )
