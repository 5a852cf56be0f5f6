"""Writes of what each source states about the knowledge base: the quotations an article
attributes to people and the figures it gives for its events. Both are read again at every
extraction; what an editor corrected is kept (quotations), and a figure's event is marked
disputed when its sources disagree (``disputes``)."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import CharField, DateField, F, IntegerField, Q, Value

from apps.core.bulk import rows_insert
from apps.core.review import is_protected
from apps.core.text import quote_locate

from .disputes import event_disputes, side_of
from .models import Event, EventFigure, Evidence, Quotation


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
    ``event_id``), replacing those it stated before; then mark each event the article reports
    or stated figures for disputed or not. Returns how many were stored."""
    touched: set[int] = set()
    if not new:
        old = EventFigure.objects.filter(article=article)
        touched |= set(old.values_list("event_id", flat=True))
        old.delete()
    rows = [{**row, "article_id": article.pk} for row in figures]
    rows_insert(EventFigure, rows)
    touched |= {row["event_id"] for row in rows}
    events_dispute_refresh(touched, article=article)
    return len(rows)


def events_dispute_refresh(event_ids=(), *, article=None) -> None:
    """Set ``disputed`` on the given events, and on every event ``article`` reports, from
    what all their sources state: figures, dates and doers (``disputes``). One read: each
    source's sentence accounts and figures together."""
    ids = set(event_ids)
    scope = Q(event_id__in=ids) if ids else Q(pk__in=[])
    if article is not None:
        scope |= Q(event_id__in=Evidence.objects.filter(article=article).values("event_id"))
    text, number, day = CharField(), IntegerField(), DateField()
    accounts = (
        Evidence.objects.filter(scope)
        .order_by()
        .annotate(
            figure_kind=Value("", text), figure_value=Value(None, number), qualifier=Value("", text)
        )
        .values_list(
            "event_id", "event__disputed", "article_id", "date", "date_precision", "blamed_id",
            "blamed__kind", "blamed__affiliation", "figure_kind", "figure_value", "qualifier",
        )
    )  # fmt: skip
    figures = (
        EventFigure.objects.filter(scope)
        .order_by()
        .annotate(
            flag=F("event__disputed"), said=Value(None, day), precision=Value("", text),
            doer=Value(None, number), doer_kind=Value("", text), side=Value("", text),
        )
        .values_list(
            "event_id", "flag", "article_id", "said", "precision", "doer", "doer_kind", "side",
            "kind", "value", "qualifier",
        )
    )  # fmt: skip
    flags: dict[int, bool] = {}
    dates: dict[int, list] = defaultdict(list)
    blamed: dict[int, list] = defaultdict(list)
    counts: dict[int, list] = defaultdict(list)
    for row in accounts.union(figures, all=True):
        event_id, flag, article_id, said, precision, doer, doer_kind, side, kind, value, qual = row
        flags[event_id] = flag
        if kind:
            counts[event_id].append((article_id, kind, value, qual))
            continue
        dates[event_id].append((article_id, said, precision))
        if doer is not None:
            blamed[event_id].append((article_id, side_of(doer, doer_kind, side)))
    yes = {
        event_id
        for event_id in flags
        if event_disputes(counts[event_id], dates[event_id], blamed[event_id])
    }
    was = {event_id for event_id, flag in flags.items() if flag}
    if yes - was:
        Event.objects.filter(pk__in=yes - was).update(disputed=True)
    if was - yes:
        Event.objects.filter(pk__in=was - yes).update(disputed=False)
