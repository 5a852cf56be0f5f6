"""Citations of the sentences a record was read from, as a line of text and as CSL-JSON.

A record (an event, a quotation, an agreement) rests on sentences of articles. A researcher
cites the article, so each article gets one citation: its publisher, title, date at the
precision it is known, URL, and the sentences quoted from it with their offsets in the
article's text as this knowledge base stores it (``start``/``end``, the same offsets the API's
``evidence`` carries), so the claim can be checked word for word.

Pure: dicts in, dicts and strings out. The pages build the dicts from their rows and call
``cite_articles``; ``csl_json`` gives the download.

A source dict::

    {"article_id": 5, "title": "...", "publisher": "Reuters", "published_on": date | None,
     "precision": "day" | "week" | "month" | "year" | "", "url": "https://outlet/...",
     "record_url": "https://this-site/articles/5/"}

A sentence dict: ``{"article": <source dict>, "quote": "...", "start": 120, "end": 245,
"url": "https://this-site/articles/5/#evidence-9"}`` (``url``, where the sentence is on this
site, is optional).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date

from .dates import date_parts, date_text

CSL_TYPE = "article-newspaper"
CSL_CONTENT_TYPE = "application/vnd.citationstyles.csl+json"


def cite_articles(sentences: Iterable[Mapping], *, accessed: date) -> list[dict]:
    """One citation per article, in the order the articles first appear; each quotes every
    sentence of ``sentences`` from that article, in text order, without repeats.

    Each citation is ``{"id", "text", "csl", "source", "quotes"}``: ``text`` is the line a
    researcher pastes, ``csl`` the CSL-JSON item.
    """
    grouped: dict[object, tuple[Mapping, list[dict]]] = {}
    for sentence in sentences:
        article = sentence["article"]
        key = article.get("article_id") or article.get("url") or article.get("title")
        quote = {
            "quote": sentence["quote"],
            "start": sentence["start"],
            "end": sentence["end"],
            "url": sentence.get("url") or "",
        }
        _, quotes = grouped.setdefault(key, (article, []))
        if all((q["start"], q["end"]) != (quote["start"], quote["end"]) for q in quotes):
            quotes.append(quote)
    citations = []
    for key, (article, quotes) in grouped.items():
        quotes.sort(key=lambda q: (q["start"], q["end"]))
        item_id = f"article-{key}" if article.get("article_id") else str(key)
        citations.append(
            {
                "id": item_id,
                "text": citation_text(article, quotes, accessed=accessed),
                "csl": csl_item(article, quotes, accessed=accessed, item_id=item_id),
                "source": dict(article),
                "quotes": quotes,
            }
        )
    return citations


def _url(article: Mapping) -> str:
    """The outlet's address; without one, the article's page on this site."""
    return article.get("url") or article.get("record_url") or ""


def _quote_text(quote: Mapping) -> str:
    where = f"characters {quote['start']}–{quote['end']} of the article's text"
    if quote.get("url"):
        where += f", {quote['url']}"
    return f"“{quote['quote']}” ({where})"


def citation_text(article: Mapping, quotes: list[Mapping], *, accessed: date) -> str:
    """Publisher, “Title”, date at its precision, URL. Quoted: “sentence” (characters
    start–end …). Accessed day."""
    published = article.get("published_on")
    parts = [
        article.get("publisher") or "",
        f"“{article.get('title') or 'Untitled'}”",
        date_text(published, article.get("precision") or "") if published else "n.d.",
        _url(article),
    ]
    line = ", ".join(part for part in parts if part) + "."
    if quotes:
        line += " Quoted: " + "; ".join(_quote_text(q) for q in quotes) + "."
    return f"{line} Accessed {date_text(accessed)}."


def csl_item(article: Mapping, quotes: list[Mapping], *, accessed: date, item_id: str) -> dict:
    """The CSL-JSON item of one article: what reference managers (Zotero, Pandoc's citeproc)
    import. The quoted sentences go in ``note`` as text and in ``custom`` with their offsets,
    for a program to find them again."""
    item: dict = {"id": item_id, "type": CSL_TYPE, "title": article.get("title") or "Untitled"}
    if article.get("publisher"):
        item["container-title"] = article["publisher"]
    published = article.get("published_on")
    if published:
        item["issued"] = {"date-parts": date_parts(published, article.get("precision") or "")}
    if _url(article):
        item["URL"] = _url(article)
    item["accessed"] = {"date-parts": date_parts(accessed)}
    if quotes:
        item["note"] = "Quoted: " + "; ".join(_quote_text(q) for q in quotes)
        item["custom"] = {
            "quotes": [{"text": q["quote"], "start": q["start"], "end": q["end"]} for q in quotes]
        }
    return item


def csl_json(citations: Iterable[Mapping]) -> str:
    """The CSL-JSON document (a list of items) of ``cite_articles``' citations."""
    return json.dumps([c["csl"] for c in citations], ensure_ascii=False, indent=2)
