"""Writes of what each source states about the knowledge base: the quotations an article
attributes to people and the figures it gives for its events. Both are read again at every
extraction; what an editor corrected is kept (quotations), and a figure's event is marked
disputed when its sources disagree (``disputes``)."""

from __future__ import annotations

from django.db import transaction

from apps.core.bulk import rows_insert
from apps.core.review import is_protected
from apps.core.text import quote_locate

from .disputes import disputed
from .models import Event, EventFigure, Quotation


# No savepoint of its own: it runs inside the article's extraction, whose transaction a
# failure rolls back whole.
@transaction.atomic(savepoint=False)
def quotations_replace_for_article(article, quotations: list[dict], *, new: bool = False) -> int:
    """Store an article's quotations as the extractor read them this time; returns how many.

    ``quotations``: dicts of Quotation fields (``speaker_id``, ``event_id``, ...). A quotation
    an editor verified, corrected or rejected stays as it is, and none is stored again at its
    place; the others are replaced.
    """
    kept: set[int] = set()
    if not new:
        existing = list(Quotation.objects.filter(article=article))
        kept = {q.text_start for q in existing if is_protected(q)}
        stale = [q.pk for q in existing if not is_protected(q)]
        if stale:
            Quotation.objects.filter(pk__in=stale).delete()
    rows = [
        {**row, "article_id": article.pk, "extractor_version": row.get("extractor_version", "")}
        for row in quotations
        if row["text_start"] not in kept
    ]
    rows_insert(Quotation, rows)
    return len(rows)


def quotations_relocate_for_article(article, *, old_body: str) -> int:
    """Point the quotations an editor kept at where their sentence and words stand in the
    article's new text (the others are read again by re-extraction); returns how many moved.
    One no longer found keeps its words with an empty span at the end of the text."""
    body, moved = article.body, 0
    scale = len(body) / max(1, len(old_body))
    for row in Quotation.objects.filter(article=article).order_by("text_start"):
        if not is_protected(row):
            continue
        span = quote_locate(body, row.quote, near=round(row.start * scale))
        words = quote_locate(
            body, row.text, near=span[0] if span else round(row.text_start * scale)
        )
        start, end = span or (len(body), len(body))
        text_start, text_end = words or (start, start)
        if (start, end, text_start, text_end) != (row.start, row.end, row.text_start, row.text_end):
            Quotation.objects.filter(pk=row.pk).update(
                start=start, end=end, text_start=text_start, text_end=text_end
            )
            moved += 1
    return moved


@transaction.atomic(savepoint=False)
def figures_replace_for_article(article, figures: list[dict], *, new: bool = False) -> int:
    """Store the figures an article states for its events (dicts of EventFigure fields with
    ``event_id``), replacing those it stated before; then mark each event whose figures changed
    disputed or not. Returns how many were stored."""
    touched: set[int] = set()
    if not new:
        old = EventFigure.objects.filter(article=article)
        touched |= set(old.values_list("event_id", flat=True))
        old.delete()
    rows = [{**row, "article_id": article.pk} for row in figures]
    rows_insert(EventFigure, rows)
    touched |= {row["event_id"] for row in rows}
    events_dispute_refresh(touched)
    return len(rows)


def events_dispute_refresh(event_ids) -> None:
    """Set ``disputed`` on the given events from all their sources' figures."""
    ids = set(event_ids)
    if not ids:
        return
    figures: dict[int, list] = {event_id: [] for event_id in ids}
    flagged: set[int] = set()
    for event_id, flag, article_id, kind, value, qualifier in Event.objects.filter(
        pk__in=ids
    ).values_list(
        "pk", "disputed", "figures__article_id", "figures__kind", "figures__value",
        "figures__qualifier",
    ):  # fmt: skip
        if flag:
            flagged.add(event_id)
        if article_id is not None:
            figures[event_id].append((article_id, kind, value, qualifier))
    yes = {event_id for event_id, rows in figures.items() if disputed(rows)}
    if yes - flagged:
        Event.objects.filter(pk__in=yes - flagged).update(disputed=True)
    if flagged - yes:
        Event.objects.filter(pk__in=flagged - yes).update(disputed=False)
