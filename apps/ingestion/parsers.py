"""Raw article files (plain text, markdown, PDF text exports, saved web pages) -> ParsedArticle.

Pure Python, no database: ``parse_file(path)`` and ``parse_text(raw, filename=...)`` raise
``IngestionError`` with a one-line reason for anything that cannot become an article.

What wins when several places give a value: the ``X.meta.json`` sidecar, then what the text
states (headline, byline, dateline, "Original url:"), then the page's metadata, then what the
text implies. A publication date is read from a URL only when it is the article's own address
(its canonical or source URL, or the permalink in its front matter), never from a link in the
text.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz

from apps.articles.documents import ParsedArticle

from . import cleaning, pubdates, sources
from .documents import IngestionError
from .formats.feeds import XML_SUFFIXES, FeedItem, feed_header, feed_items
from .formats.frontmatter import FrontMatter, front_matter_split
from .formats.jsonarticle import json_article
from .formats.markdown import markdown_text
from .sources import RawFile, Sidecar
from .vocab import boilerplate, outlets
from .webpages import html_extract, looks_like_html

HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")


def parse_file(path: Path | str) -> ParsedArticle:
    """Parse one file (and its ``X.meta.json`` sidecar, if any)."""
    return parse_raw(sources.file_read(path))


def parse_raw(raw: RawFile) -> ParsedArticle:
    sidecar = None
    if raw.sidecar is not None:
        sidecar = sources.sidecar_parse(raw.sidecar, name=sources.sidecar_path(raw.path).name)
    return _parse(raw.data, filename=raw.path.name, sidecar=sidecar)


def parse_file_items(path: Path | str) -> list[ParsedArticle]:
    """Every article one file holds: one, or one per entry of a news feed."""
    return parse_raw_items(sources.file_read(path))


def parse_raw_items(raw: RawFile) -> list[ParsedArticle]:
    """The articles of one file: a feed's entries each, else the file as one article."""
    if raw.sidecar is None:
        sources.size_check(len(raw.data))
        text, notes = sources.bytes_decode(raw.data)
        entries = feed_items(text, raw.path.suffix.casefold())
        if entries:
            outlet = outlets().named(_feed_name(feed_header(text)))
            return [_feed_article(entry, outlet, notes) for entry in entries]
    return [parse_raw(raw)]


def _feed_name(header: str) -> str:
    """ "Source:Aljazeera, URL:https://..., language:en-US" -> "Aljazeera"."""
    return re.split(r",\s*\w+\s*:", re.sub(r"(?i)^(?:source|feed)\s*:\s*", "", header))[0]


def _feed_article(entry: FeedItem, outlet, notes: list[str]) -> ParsedArticle:
    title = " ".join(html.unescape(entry.title).split())
    text = markdown_text(entry.text) if entry.text else ""
    # An entry's text is its headline and its summary: the headline states the news.
    paragraphs = [title] + [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    body = "\n\n".join(dict.fromkeys(paragraphs))
    article = ParsedArticle(title=title, body=body, url=entry.url, notes=list(notes))
    article.author = entry.author
    named = outlets().for_url(entry.url) if entry.url else None
    article.source = (named or outlet).name if (named or outlet) else ""
    origin = entry.origin or {}
    article.metadata_origin = {name: f"feed entry {key!r}" for name, key in origin.items()}
    article.metadata_origin["title"] = (
        "feed entry heading" if not origin else f"feed entry {origin.get('title', 'title')!r}"
    )
    if entry.published:
        article.published_on = entry.published
        article.published_on_precision = "day"
        article.published_on_source = "stated"
        article.published_on_evidence = article.metadata_origin.get(
            "published_on", "feed entry date"
        )
        article.metadata_origin.setdefault("published_on", "feed entry date")
    article.notes.append("one entry of a news feed")
    return article


def parse_text(raw: bytes | str, *, filename: str) -> ParsedArticle:
    """Parse file content that is already in memory (uploads, tests)."""
    sources.suffix_check(filename)
    return _parse(raw, filename=filename, sidecar=None)


def _parse(raw: bytes | str, *, filename: str, sidecar: Sidecar | None) -> ParsedArticle:
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    sources.size_check(len(data))
    if isinstance(raw, str):
        if not raw.strip():
            raise IngestionError("empty file")
        text, notes = raw, []
    else:
        text, notes = sources.bytes_decode(data)

    page = None
    suffix = Path(filename).suffix.casefold()
    if suffix in XML_SUFFIXES:
        raise IngestionError(
            "an .xml, .rss or .atom file must be an RSS or Atom feed with titled entries"
        )
    if suffix == ".json":
        matter = json_article(text)
        if matter is None:
            raise IngestionError(
                "a .json file must be a news feed (an array of entries with titles) or one "
                "article (an object with a title and its text)"
            )
    else:
        matter = front_matter_split(text) if suffix not in HTML_SUFFIXES else None
    if matter is not None:
        notes += matter.notes
        text = matter.body
    if matter is not None or suffix in MARKDOWN_SUFFIXES:
        text = markdown_text(text)
    elif suffix in HTML_SUFFIXES or looks_like_html(text):
        page = html_extract(text)
        text = page.text
        if page.title:
            page.title, suffix_outlet = _site_suffix_strip(page.title, page.sitename)
            page.sitename = page.sitename or suffix_outlet

    known_title, title_outlet = "", ""
    if page and page.title and not _site_name_only(page, text):
        known_title = page.title
    elif matter is not None and matter.title:
        known_title, title_outlet = _site_suffix_strip(matter.title, "")
    scan = cleaning.lines_scan(text)
    paragraphs = cleaning.paragraphs_build(scan.items)
    named = ""
    if not known_title and not any(p.heading for p in paragraphs[:4]):
        # No headline in the file but its name: "America_Britain_and_France_strike_Syria.md".
        known_title = named = _title_from_name(filename)
    shaped = cleaning.article_shape(paragraphs, cut=scan.cut, known_title=known_title)
    if not shaped.paragraphs or sum(len(p) for p in shaped.paragraphs) < 40:
        raise IngestionError("no article text left after removing page furniture")
    body = "\n\n".join(shaped.paragraphs)
    notes += shaped.notes
    if scan.cut:
        notes.append(f"page content after {cleaning._title_trim(scan.cut, 60)!r} dropped")

    cleaning.related_urls_match(scan.related, scan.urls + scan.link_urls)
    related = _unique_related(scan.related)

    if not known_title and shaped.title:
        shaped.title, title_outlet = _site_suffix_strip(shaped.title, "")
    article = ParsedArticle(
        title=known_title or shaped.title,
        body=body,
        related_links=related,
        notes=notes,
    )
    if named:
        article.metadata_origin["title"] = "file name"
    elif known_title:
        article.metadata_origin["title"] = (
            "page metadata"
            if page and page.title == known_title
            else f"front matter {matter.origin['title']!r}"
        )
    _credits(article, scan, shaped, page)
    if matter is not None:
        _front_matter_apply(article, matter)
    if title_outlet and not article.source:
        article.source = title_outlet
        article.metadata_origin["source"] = "the headline's suffix"
    _dates(article, scan, page, body, shaped, matter, signed=pubdates.signed_date(text))
    if sidecar is not None:
        _sidecar_apply(article, sidecar)
    if not article.title:
        article.title = Path(filename).stem
    return article


def _title_from_name(filename: str) -> str:
    """A headline spelt out as a file's name: four or more words joined by underscores or
    spaces, the first capitalised, no digits ("Russia_defers_one_crisis_in_Syria,_but_..."); a
    slug, a date or an id names no headline."""
    stem = Path(filename).stem
    words = [w for w in re.split(r"[_\s]+", stem) if w]
    if len(words) < 4 or not words[0][:1].isupper() or any(ch.isdigit() for ch in stem):
        return ""
    return " ".join(words)


def _site_suffix_strip(title: str, sitename: str) -> tuple[str, str]:
    """ "Headline | Al Jazeera" -> ("Headline", "Al Jazeera")."""
    match = re.match(r"^(?P<head>.+)\s+[|–—-]\s+(?P<tail>[^|–—]+)$", title.strip())
    if match:
        tail = match["tail"].strip()
        outlet = outlets().named(tail)
        if outlet:
            return match["head"].strip(), outlet.name
        if sitename and fuzz.ratio(tail.casefold(), sitename.casefold()) >= 85:
            return match["head"].strip(), sitename
    return title.strip(), ""


def _site_name_only(page, text: str) -> bool:
    """A page whose title is only its site's name, while its text opens with a headline."""
    if len(page.title.split()) > 1 and page.title.casefold() != page.sitename.casefold():
        return False
    first = next((line for line in text.splitlines() if line.strip()), "").lstrip("# ")
    return len(first.split()) >= 3 and cleaning.headline_like(first)


def _unique_related(related: list[dict]) -> list[dict]:
    seen: set[str] = set()
    unique = []
    for entry in related:
        key = cleaning._fold(entry["title"])
        if key and key not in seen:
            seen.add(key)
            unique.append({"title": " ".join(entry["title"].split()), "url": entry["url"]})
    return unique


def _credits(article: ParsedArticle, scan, shaped, page) -> None:
    """Author, source and canonical url from what the file says about itself."""
    author, credited = "", ""
    for line in scan.bylines:
        match = boilerplate().byline.match(line)
        rest = match["rest"] if match else re.sub(r"(?i)^[\w ]+?\s+by\s+", "", line)
        rest = rest.split(";")[0]
        name, outlet, _ = cleaning.byline_split(rest)
        author = author or name
        credited = credited or outlet
    credited = credited or shaped.agency or (scan.credits[0] if scan.credits else "")
    slug_author = ""
    for url in scan.urls:
        match = boilerplate().author_url.search(url.split("?")[0])
        if match:
            slug = match["slug"].replace("-", " ").replace("_", " ")
            outlet = outlets().named(slug)
            if outlet:
                credited = credited or outlet.name
            elif cleaning._name_like(slug.title()) and len(slug.split()) >= 2:
                slug_author = slug_author or slug.title()
            break
    if page and page.author:
        author = author or page.author
    article.author = author or slug_author

    article.url = scan.canonical_url or (page.url if page else "")
    # The site the page was published on: its metadata, canonical url or same-site links.
    host = None
    if page and page.sitename:
        host = outlets().named(page.sitename) or page.sitename
    for url in [article.url] + [r["url"] for r in article.related_links if r["url"]]:
        if host or not url:
            continue
        host = outlets().for_url(url)
    host_name = getattr(host, "name", host) or ""
    article.source = credited or host_name
    if credited and host_name and host_name != credited:
        article.notes.append(f"published by {host_name}; credited to {credited}")


def _front_matter_apply(article: ParsedArticle, matter: FrontMatter) -> None:
    """Author, address and publisher from the file's front matter, which beats the text."""
    for name in ("author", "url", "source"):
        value = getattr(matter, name)
        if value:
            setattr(article, name, value[:300] if name != "url" else value)
            article.metadata_origin[name] = f"front matter {matter.origin[name]!r}"
    if matter.url and not matter.source and not article.source:
        if outlet := outlets().for_url(matter.url):
            article.source = outlet.name


def _dates(article: ParsedArticle, scan, page, body: str, shaped, matter=None, signed=None) -> None:
    """Page metadata or front matter, then a stated dateline, then an agency dateline
    ("MOSCOW, March 5, 2020 (Reuters) -"), then the date in the article's own address, then a
    dateline without a year completed from the text's own evidence
    (``pubdates.yearless_complete``), then what the text implies (``pubdates.pubdate_infer``).
    A sign-off closing the text with the day it was written ("-Jane Doe. (12/10/23)") dates
    an article without one, and overrides a stated day earlier than itself."""
    found = None
    if page and page.date:
        try:
            found = pubdates.PubDate(
                date.fromisoformat(page.date), "day", "stated", "page metadata"
            )
        except ValueError:
            found = None
    if found is None and matter is not None and matter.published:
        key = matter.origin["published_on"]
        found = pubdates.PubDate(matter.published, "day", "stated", f"front matter {key!r}")
    if found is not None and signed is not None and found.value < signed.value:
        # Published before it was written cannot be: the front matter's day is a draft's.
        found = replace(signed, evidence=f"{signed.evidence}, later than {found.evidence}")
    if found is None and scan.datelines:
        published = [d for d, label in scan.datelines if d and label != "updated"]
        updated = [d for d, label in scan.datelines if d and label == "updated"]
        found = (published or updated or [None])[0]
    if found is None and article.url:
        found = pubdates.url_date(article.url)
    yearless = list(scan.yearless)
    if found is None and shaped.dateline_date:
        if dated := pubdates.dateline_parse(shaped.dateline_date):
            found = pubdates.PubDate(dated[0].value, dated[0].precision, "stated", shaped.dateline)
        elif month_day := pubdates.yearless_parse(shaped.dateline_date):
            yearless.append((month_day, shaped.dateline))
    if found is None and yearless:
        (month, day), line = yearless[0]
        found = pubdates.yearless_complete(month, day, body, line)
        if found is None:
            article.notes.append(f"dateline {line!r} states no year and the text gives none")
    if found is None and signed is not None:
        found = signed
    if found is None and not (matter is not None and matter.mirror):
        # A mirror of a reference work has no publication date of its own; the dates in its
        # text are the events it describes.
        found = pubdates.pubdate_infer(body)
    if found is not None:
        if found.evidence.startswith(("front matter", "url path", "page metadata")):
            article.metadata_origin["published_on"] = found.evidence
        article.published_on = found.value
        article.published_on_precision = found.precision
        article.published_on_source = found.source
        article.published_on_evidence = found.evidence[:500]


def _sidecar_apply(article: ParsedArticle, sidecar: Sidecar) -> None:
    for key, value in sidecar.values.items():
        if key == "published_on":
            article.published_on = value
            article.published_on_precision = sidecar.precision
            article.published_on_source = "stated"
            article.published_on_evidence = "sidecar published_on"
        else:
            setattr(article, key, value)
        article.metadata_from_sidecar.append(key)
    article.metadata_from_sidecar.sort(key=sources.SIDECAR_FIELDS.index)
    article.notes += sidecar.notes
