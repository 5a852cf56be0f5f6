"""Writing Articles. The natural keys are the file's path and the hash of its content."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q

from apps.articles.documents import ParsedArticle

from .models import Article

# Fields an editor may correct; a re-ingested file never overwrites the editor's values.
EDITABLE_FIELDS = (
    "title",
    "published_on",
    "published_on_precision",
    "published_on_source",
    "published_on_evidence",
    "source",
    "author",
    "url",
)
# The publication date is one fact: an editor's correction of any part of it keeps all of it.
DATE_FIELDS = (
    "published_on",
    "published_on_precision",
    "published_on_source",
    "published_on_evidence",
)
# Fields a person's change protects from the pipeline: the editable ones, and the text should
# anyone change it outside the admin (where it is read-only).
PROTECTED_FIELDS = (*EDITABLE_FIELDS, "body")
# History rows of saves made by the pipeline carry a change reason that starts with this, so
# they are never read as an editor's corrections, whoever was logged in when they ran.
PIPELINE_REASON = "pipeline: "
CREATED, UPDATED, UNCHANGED, DUPLICATE = "created", "updated", "unchanged", "duplicate"


@dataclass
class ArticleUpsert:
    article: Article
    outcome: str  # created | updated | unchanged | duplicate


def _clamp(value: str, field: str) -> str:
    limit = Article._meta.get_field(field).max_length
    value = value or ""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def article_values(parsed: ParsedArticle) -> dict:
    """Model field values for a parsed file; over-long or invalid values are made safe."""
    notes = list(parsed.notes)
    url = parsed.url or ""
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            notes.append(f"url {url[:100]!r} is not a valid web address; not kept")
            url = ""
    if len(url) > Article._meta.get_field("url").max_length:
        notes.append("url too long; not kept")
        url = ""
    return {
        "title": _clamp(" ".join(parsed.title.split()), "title"),
        "body": parsed.body,
        "published_on": parsed.published_on,
        "published_on_precision": parsed.published_on_precision if parsed.published_on else "",
        "published_on_source": parsed.published_on_source if parsed.published_on else "unknown",
        "published_on_evidence": _clamp(parsed.published_on_evidence, "published_on_evidence"),
        "source": _clamp(parsed.source, "source"),
        "author": _clamp(parsed.author, "author"),
        "url": url,
        "related_links": parsed.related_links,
        "metadata_from_sidecar": parsed.metadata_from_sidecar,
        "metadata_origin": parsed.metadata_origin,
        "parse_notes": notes,
    }


def article_editor_fields(article: Article) -> set[str]:
    """The fields a person has changed on ``article``, read from its history.

    Saves by the pipeline are marked with ``PIPELINE_REASON`` (older ones came with a new
    content hash and no user); any other change to a protected field was a person's. A change
    to any part of the publication date keeps the whole date. When the history holds no
    person's save at all (the flag was set some other way), every editable field counts.
    """
    if not article.editor_modified:
        return set()
    changed: set[str] = set()
    person_saved = False
    for record in article.history.order_by("history_date", "history_id"):
        previous = record.prev_record
        if previous is None:
            continue
        if (record.history_change_reason or "").startswith(PIPELINE_REASON):
            continue
        if record.history_user_id is None and record.content_hash != previous.content_hash:
            continue
        person_saved = True
        changed |= set(record.diff_against(previous).changed_fields)
    changed &= set(PROTECTED_FIELDS)
    if changed & set(DATE_FIELDS):
        changed |= set(DATE_FIELDS)
    return changed if person_saved else set(EDITABLE_FIELDS)


def article_pipeline_save(article: Article, *, reason: str, update_fields=None) -> None:
    """Save ``article`` for the pipeline: its history row says so (``PIPELINE_REASON``)."""
    article._change_reason = (PIPELINE_REASON + reason)[:100]
    try:
        if update_fields is None:
            _save(article)
        else:
            article.save(update_fields=update_fields)
    finally:
        article.__dict__.pop("_change_reason", None)


def _save(article: Article) -> None:
    article.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():  # a savepoint: a lost race leaves the outer transaction usable
        article.save()


def article_is_new(article: Article) -> bool:
    """Whether ``article``'s row was inserted by the transaction still running.

    Nothing else can refer to such a row yet (no mentions, evidence or figures), so its first
    extraction need not look for earlier ones (``store.article_extract``). The mark is set by
    ``article_upsert`` and dropped when the transaction commits or the extraction is stored.
    """
    return article.__dict__.get("_inserted_in_transaction", False)


def article_new_mark_clear(article: Article) -> None:
    article.__dict__.pop("_inserted_in_transaction", None)


# No savepoint of its own: the ingestion runs it inside the file's transaction, and
# ``_save`` keeps the one savepoint a lost insert race needs.
@transaction.atomic(savepoint=False)
def article_upsert(
    *, parsed: ParsedArticle, source_path: str, content_hash: str, source_file: str = "", _retry=1
) -> ArticleUpsert:
    """Create, update or leave alone the Article for one file.

    * same path and content as stored: ``unchanged`` (no write at all);
    * the same content stored under another path: ``duplicate`` (returns that article);
    * a new path: ``created``; a known path with new content: ``updated`` in place, keeping
      the values of any field an editor corrected.

    The unique constraints on ``source_path`` and ``content_hash`` settle races between
    workers: the loser's insert fails and it reports what the winner stored.
    """
    # One read for both natural keys; a stored path is then read again under a row lock.
    known = list(Article.objects.filter(Q(content_hash=content_hash) | Q(source_path=source_path)))
    same_content = next((a for a in known if a.content_hash == content_hash), None)
    if same_content is not None:
        if same_content.source_path == source_path:
            return ArticleUpsert(same_content, UNCHANGED)
        return ArticleUpsert(same_content, DUPLICATE)

    values = article_values(parsed)
    source_file = _clamp(source_file or source_path.rsplit("/", 1)[-1], "source_file")
    article = None
    if known:
        article = Article.objects.select_for_update().filter(source_path=source_path).first()
    try:
        if article is None:
            article = Article(
                **values,
                source_path=source_path,
                content_hash=content_hash,
                source_file=source_file,
            )
            _save(article)
            article.__dict__["_inserted_in_transaction"] = True
            transaction.on_commit(lambda: article_new_mark_clear(article))
            return ArticleUpsert(article, CREATED)
        kept = article_editor_fields(article)
        for field, value in values.items():
            if field not in kept:
                setattr(article, field, value)
        if kept:
            article.parse_notes = [
                *values["parse_notes"],
                "fields kept from an editor: " + ", ".join(sorted(kept)),
            ]
        article.content_hash = content_hash
        article.source_file = source_file
        article_pipeline_save(article, reason="the file changed")
        return ArticleUpsert(article, UPDATED)
    except IntegrityError:
        if _retry <= 0:
            raise
        # Another worker stored this path or this content first; report against its row.
        return article_upsert(
            parsed=parsed,
            source_path=source_path,
            content_hash=content_hash,
            source_file=source_file,
            _retry=_retry - 1,
        )


@dataclass
class ArticleReclean:
    """An article given a fresh parse of its file, not yet saved (``article_reclean``)."""

    article: Article
    before: dict  # the stored values of the fields the parse sets
    kept: set[str]  # fields left as an editor set them

    @property
    def old_body(self) -> str:
        return self.before.get("body", self.article.body)

    def changed(self) -> list[str]:
        """The fields whose value differs from the stored one, as the article stands now."""
        return [f for f, value in self.before.items() if getattr(self.article, f) != value]


def article_reclean(
    article: Article, *, parsed: ParsedArticle, content_hash: str
) -> ArticleReclean:
    """Give ``article`` (in memory) what a fresh parse of its file says, except the fields an
    editor corrected; ``article_reclean_save`` stores it.

    Saving comes after the article's extraction, which may infer a publication date for a
    text that states none: a date inferred before is then inferred again, not cleared and
    set again.
    """
    values = article_values(parsed)
    kept = article_editor_fields(article)
    if kept:
        values["parse_notes"] = [
            *values["parse_notes"],
            "fields kept from an editor: " + ", ".join(sorted(kept)),
        ]
    values["content_hash"] = content_hash
    values = {f: v for f, v in values.items() if f not in kept}
    before = {f: getattr(article, f) for f in values}
    for field, value in values.items():
        setattr(article, field, value)
    return ArticleReclean(article=article, before=before, kept=kept)


def article_reclean_save(reclean: ArticleReclean) -> list[str]:
    """Store a re-cleaned article if any of its values changed; returns the changed fields.

    The save is the pipeline's (its history row says so), never an editor's correction; an
    article whose values are all the same is not saved at all.
    """
    changed = reclean.changed()
    if changed:
        article_pipeline_save(reclean.article, reason="re-cleaned from its file")
    return changed
