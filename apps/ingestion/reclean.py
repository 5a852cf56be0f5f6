"""Re-running the pipeline on stored articles: clean each one again from its file, then
extract again, in one transaction per article.

``article_reparse`` reads the file an article was ingested from (``Article.source_path``; a
feed's entries are stored as ``PATH#N``, the N-th entry of the file) and parses it again.
``article_rerun`` stores what the parse gives, keeping every field an editor corrected
(``apps.articles.services.article_reclean``), moves the evidence of kept events to where their
quotes now stand when the text changed (``apps.events.services.evidence_relocate_for_article``;
quotations and relations between agreements an editor kept likewise)
and re-runs extraction (``persist.extraction.article_extract``). A file that is gone, unreadable
or no longer parses leaves the article's fields as they are; its extraction is re-run on the
stored text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import F

from apps.agreements.services import agreement_relations_relocate_for_article
from apps.articles.documents import ParsedArticle
from apps.articles.models import Article
from apps.articles.services import article_reclean, article_reclean_save
from apps.core.text import normalize_name
from apps.events.models import Evidence
from apps.events.services import evidence_relocate_for_article
from apps.events.sources import quotations_relocate_for_article

from . import parsers, sources
from .documents import IngestionError
from .persist.extraction import article_extract
from .services import feed_item_hash

FEED_ENTRY = re.compile(r"^(?P<path>.+)#(?P<index>[0-9]+)$")


def article_source(article: Article) -> tuple[Path, int | None]:
    """The file an article came from, and which entry of it when the file is a feed."""
    match = FEED_ENTRY.match(article.source_path)
    if match and not Path(article.source_path).is_file():
        return Path(match["path"]), int(match["index"])
    return Path(article.source_path), None


def _same_entry(article: Article, parsed: ParsedArticle) -> bool:
    """Whether a feed entry is still the article stored from it: same address, else the
    same headline as stored or as first ingested."""
    if article.url and parsed.url:
        return article.url == parsed.url
    first = article.history.order_by("history_date", "history_id").first()
    titles = {normalize_name(article.title), normalize_name(first.title if first else "")}
    return normalize_name(parsed.title) in titles


def article_reparse(article: Article) -> tuple[ParsedArticle, str]:
    """Parse an article's file again: (what it says now, its content hash).

    Raises ``IngestionError`` with a one-line reason when the file is missing, unreadable or
    does not parse, when a feed no longer holds the article's entry, or when the content is
    now another article's.
    """
    path, index = article_source(article)
    raw = sources.file_read(path)
    try:
        items = parsers.parse_raw_items(raw)
    except IngestionError:
        raise
    except Exception as err:  # a parser bug on one file must not stop the others
        raise IngestionError(f"could not parse: {type(err).__name__}: {err}") from err
    if index is None:
        if len(items) > 1:
            raise IngestionError(f"the file is now a feed of {len(items)} entries")
        parsed, digest = items[0], raw.content_hash
    else:
        if index > len(items):
            raise IngestionError(f"entry {index} is no longer in the feed ({len(items)} left)")
        parsed, digest = items[index - 1], feed_item_hash(raw.content_hash, index)
        if digest != article.content_hash and not _same_entry(article, parsed):
            raise IngestionError(f"entry {index} of the changed feed is another article")
    if digest != article.content_hash:
        other = Article.objects.filter(content_hash=digest).exclude(pk=article.pk).first()
        if other is not None:
            raise IngestionError(f"the file's content is now stored as article {other.pk}")
    return parsed, digest


@dataclass
class Rerun:
    """What re-running the pipeline did (or, in a dry run, would do) to one article."""

    recleaned: bool = False
    not_recleaned: str = ""  # why the file could not be cleaned again
    changed: list[str] = field(default_factory=list)  # fields that changed
    kept: set[str] = field(default_factory=set)  # fields kept from an editor
    body_sizes: tuple[int, int] = (0, 0)  # characters before and after
    evidence: dict[str, int] = field(default_factory=dict)  # moved / not_found
    unlocated: int = 0  # evidence of the article with an empty span afterwards
    extraction: dict = field(default_factory=dict)


def article_rerun(article: Article, *, reclean: bool = True, dry_run: bool = False) -> Rerun:
    """Clean ``article`` again from its file (unless ``reclean`` is false), then re-extract,
    in one transaction; a dry run rolls it back and only reports."""
    result = Rerun()
    parsed = digest = None
    if reclean:
        try:
            parsed, digest = article_reparse(article)
        except IngestionError as err:
            result.not_recleaned = str(err)
    with transaction.atomic():
        cleaned = None
        if parsed is not None:
            cleaned = article_reclean(article, parsed=parsed, content_hash=digest)
            result.recleaned, result.kept = True, cleaned.kept
            result.body_sizes = (len(cleaned.old_body), len(article.body))
            if article.body != cleaned.old_body:
                result.evidence = evidence_relocate_for_article(article, old_body=cleaned.old_body)
                quotations_relocate_for_article(article, old_body=cleaned.old_body)
                agreement_relations_relocate_for_article(article, old_body=cleaned.old_body)
        result.extraction = article_extract(article, force=True, save_article=cleaned is None)
        if cleaned is not None:
            result.changed = article_reclean_save(cleaned)
            if result.changed:
                # Extracted from what was just saved: current for ``reextract --stale``.
                Article.objects.filter(pk=article.pk).update(extracted_at=article.updated_at)
                article.extracted_at = article.updated_at
        result.unlocated = Evidence.objects.filter(article=article, start=F("end")).count()
        if dry_run:
            transaction.set_rollback(True)
    return result
