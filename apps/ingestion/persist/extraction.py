"""Persisting an article's extraction: entities through ``entities.entities_store``, then
events, stated figures, quotations and the relations between agreements.

``article_extract`` runs inside the ingestion transaction (``ingest_path``) and from the
``reextract`` command and admin action. Relative dates are resolved against the article's
current publication date every time it runs, so setting or correcting that date and running
it again dates the events that were waiting for it; editors' corrections are left alone
(``apps.events.services``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from apps.agreements.services import agreement_relations_replace_for_article
from apps.articles.services import (
    article_editor_fields,
    article_is_new,
    article_new_mark_clear,
    article_pipeline_save,
)
from apps.core.bulk import rows_insert
from apps.events.matching import EventInput
from apps.events.models import Evidence, StatedFigure
from apps.events.services import events_upsert_for_article
from apps.events.sources import figures_replace_for_article, quotations_replace_for_article
from apps.events.vocabulary import event_types
from apps.ingestion.extraction.pipeline import EXTRACTOR_VERSION, extract
from apps.ingestion.extraction.types import ExtractedEvent

from .entities import entities_store


def _row_id(rows: dict, key: str | None) -> int | None:
    row = rows.get(key) if key else None
    return row.pk if row is not None else None


def _event_input(event: ExtractedEvent, rows: dict) -> EventInput:
    actors = []
    for ref in event.actors:
        actor_id = _row_id(rows, ref.key)
        if actor_id is not None:
            actors.append((actor_id, ref.role, ref.text))
    return EventInput(
        event_type=event.event_type,
        cameo_code=event.cameo_code,
        acled_event_type=event.acled_event_type,
        acled_sub_event_type=event.acled_sub_event_type,
        date=event.date,
        date_precision=event.date_precision,
        end_date=event.end_date,
        date_expression=event.date_expression,
        date_is_relative=event.date_is_relative,
        summary=event.summary,
        place_id=_row_id(rows, event.place_key),
        location_text=event.location_text,
        agreement_id=_row_id(rows, event.agreement_key),
        post_id=_row_id(rows, event.post_key),
        fatalities=event.fatalities,
        wounded=event.wounded,
        actors=actors,
        start=event.sentence_start,
        end=event.sentence_end,
        quote=event.quote,
    )


def _figures_replace(article, extraction, rows: dict, *, new: bool = False) -> int:
    if not new:
        StatedFigure.objects.filter(article=article).delete()
    figures = [
        {
            "article_id": article.pk,
            "agreement_id": _row_id(rows, count.agreement_key),
            "subject": count.subject[:60],
            "value": count.value,
            "quote": count.quote,
            "start": count.start,
            "end": count.end,
        }
        for count in extraction.entities.counts
    ]
    rows_insert(StatedFigure, figures)
    return len(figures)


def _stored_events(article, extraction) -> dict[tuple[int, str], int]:
    """The stored event of each extracted event that quotations or figures point at, by its
    sentence and type (found through the evidence just stored): one query."""
    wanted = {
        extraction.events[q.event_index].sentence_start
        for q in extraction.quotations
        if q.event_index is not None
    } | {e.sentence_start for e in extraction.events if e.figures}
    if not wanted:
        return {}
    stored = {}
    for start, event_type, event_id in Evidence.objects.filter(
        article=article, start__in=wanted
    ).values_list("start", "event__event_type", "event_id"):
        stored[(start, event_type)] = event_id
        # an extracted event merged into a stored one of another type of its family
        stored.setdefault((start, _family(event_type)), event_id)
    return stored


def _family(event_type: str) -> str:
    spec = event_types().get(event_type)
    return f"family:{spec.family if spec else event_type}"


def _stored_event(stored: dict, event: ExtractedEvent) -> int | None:
    """The stored event an extracted one became: of its type, else of its family."""
    return stored.get((event.sentence_start, event.event_type)) or stored.get(
        (event.sentence_start, _family(event.event_type))
    )


def _quotations_store(article, extraction, rows: dict, stored: dict, *, new: bool = False) -> int:
    """The article's quotations, each linked to its speaker's row and its statement event."""
    items = []
    for q in extraction.quotations:
        event = extraction.events[q.event_index] if q.event_index is not None else None
        items.append(
            {
                "speaker_id": _row_id(rows, q.speaker_key),
                "speaker_text": q.speaker_text[:200],
                "text": q.text,
                "text_start": q.start,
                "text_end": q.end,
                "quote": q.quote,
                "start": q.sentence_start,
                "end": q.sentence_end,
                "said_on": q.said_on,
                "said_on_precision": q.said_on_precision,
                "partial": q.partial,
                "event_id": _stored_event(stored, event) if event else None,
                "extractor_version": EXTRACTOR_VERSION,
            }
        )
    return quotations_replace_for_article(article, items, new=new)


def _figures_store(article, extraction, stored: dict, *, new: bool = False) -> int:
    """The counts the article states, each on its stored event; then whether the events it
    reports are disputed."""
    items, seen = [], set()
    for event in extraction.events:
        event_id = _stored_event(stored, event)
        for kind, value, qualifier in event.figures if event_id is not None else ():
            if (event_id, kind, event.sentence_start) in seen:
                continue
            seen.add((event_id, kind, event.sentence_start))
            items.append(
                {
                    "event_id": event_id,
                    "kind": kind,
                    "value": value,
                    "qualifier": qualifier,
                    "quote": event.quote,
                    "start": event.sentence_start,
                    "end": event.sentence_end,
                }
            )
    # Also when it states none: what its sentences say of dates and doers may dispute an
    # event other articles report.
    return figures_replace_for_article(article, items, new=new)


def _relations_store(article, extraction, rows: dict, *, new: bool = False) -> int:
    """The relations between agreements the article's sentences state."""
    items = [
        {
            "agreement_id": _row_id(rows, r.agreement_key),
            "relation": r.relation,
            "other_id": _row_id(rows, r.other_key),
            "quote": r.quote,
            "start": r.sentence_start,
            "end": r.sentence_end,
        }
        for r in extraction.relations
    ]
    return agreement_relations_replace_for_article(
        article, items, new=new, extractor_version=EXTRACTOR_VERSION
    )


def _publication_inferred(article, inferred, *, save: bool = True) -> None:
    """Record the publication month inferred from the text on an article that has no date,
    unless an editor set its date (to none: "unknown" is a correction too)."""
    if inferred is None or article.published_on is not None:
        return
    if "published_on" in article_editor_fields(article):
        return
    article.published_on = inferred.published_on
    article.published_on_precision = inferred.precision
    article.published_on_source = "inferred"
    article.published_on_evidence = inferred.evidence[:500]
    if not save:
        return
    article_pipeline_save(
        article,
        reason="publication date inferred from the text",
        update_fields=[
            "published_on",
            "published_on_precision",
            "published_on_source",
            "published_on_evidence",
            "updated_at",
        ],
    )


def article_is_current(article) -> bool:
    """Extracted by this extractor version since the article last changed."""
    return bool(
        article.extracted_at
        and article.extractor_version == EXTRACTOR_VERSION
        and article.updated_at
        and article.extracted_at >= article.updated_at
    )


# No savepoint of its own: ``ingest_path`` runs it inside the file's transaction, which a
# failure here rolls back whole; the commands and the admin action run it on its own, where
# this is the transaction.
@transaction.atomic(savepoint=False)
def article_extract(article, *, force: bool = False, save_article: bool = True) -> dict:
    """Run the pipeline on a stored Article and persist what it finds; returns counts.

    Without ``force`` an article already extracted by this version since its last change is
    left as it is. An article whose row the running transaction inserted (a new file) has no
    mentions, evidence or figures yet: none are looked for. With ``save_article=False`` a
    publication date inferred from the text is set on ``article`` but not saved: the caller
    saves the article (it is being cleaned again from its file).
    """
    if not force and article_is_current(article):
        return {"skipped": 1}
    new = article_is_new(article)
    article_new_mark_clear(article)
    extraction = extract(
        article.body,
        published_on=article.published_on,
        precision=article.published_on_precision or ("day" if article.published_on else ""),
    )
    _publication_inferred(article, extraction.inferred_publication, save=save_article)
    rows = entities_store(article, extraction.entities, new=new, related=extraction.related_records)
    items = [_event_input(event, rows) for event in extraction.events]
    stats = events_upsert_for_article(article, items, version=EXTRACTOR_VERSION, new=new)
    stats["figures"] = _figures_replace(article, extraction, rows, new=new)
    stored = _stored_events(article, extraction)
    stats["quotations"] = _quotations_store(article, extraction, rows, stored, new=new)
    stats["event_figures"] = _figures_store(article, extraction, stored, new=new)
    stats["relations"] = _relations_store(article, extraction, rows, new=new)
    stats["entities"] = len(rows)
    now = timezone.now()
    type(article).objects.filter(pk=article.pk).update(
        extracted_at=now, extractor_version=EXTRACTOR_VERSION
    )
    article.extracted_at, article.extractor_version = now, EXTRACTOR_VERSION
    return stats


@transaction.atomic
def article_publication_date_set(
    article, *, published_on, precision: str = "day", user=None
) -> dict:
    """An editor sets or corrects an article's publication date: store it as the editor's
    and resolve the article's relative event dates again (events an editor fixed stay)."""
    if published_on is not None and precision not in ("day", "week", "month", "year"):
        raise ValueError(f"unknown date precision {precision!r}")
    article.published_on = published_on
    article.published_on_precision = precision if published_on else ""
    article.published_on_source = "stated" if published_on else "unknown"
    article.editor_modified = True
    if user is not None:
        article._history_user = user
    article.save()
    return article_extract(article, force=True)
