"""Undoing a wrong merge: an editor splits evidence out of an event into an event of its own.

Two reports merged into one Event that are in truth two events are parted by moving the
evidence of one of them to a new event. The new event starts as a copy of the old one (type,
date, place, actors), which the editor then corrects; what each source stated goes with its
evidence: an article whose every sentence moved takes its figures and its quotations along.
Both events are marked as an editor's (re-extraction leaves them as they are, so the merge is
not made again), their source counts and disputed marks are recomputed, and each gets a
history row saying what happened.
"""

from __future__ import annotations

from django.db import transaction

from apps.core.review import mark_editor_change

from .models import Event, EventActor, EventFigure, Evidence, Quotation
from .services import sources_settle


class SplitError(ValueError):
    """A split that cannot be made; ``str(err)`` is the one-line reason shown to the editor."""


_NOT_COPIED = {"id", "created_at", "updated_at", "source_count", "disputed"}


@transaction.atomic
def event_split(event: Event, evidence_ids, *, user=None) -> Event:
    """Move the evidence rows ``evidence_ids`` of ``event`` to a new event; returns it."""
    wanted = set(evidence_ids)
    rows = list(Evidence.objects.filter(event=event).values_list("pk", "article_id"))
    moving = [(pk, article) for pk, article in rows if pk in wanted]
    if not wanted:
        raise SplitError("choose the evidence that reports the other event")
    if len(moving) < len(wanted):
        raise SplitError(f"only evidence of event {event.pk} can be split out of it")
    if len(moving) == len(rows):
        raise SplitError("the event would keep no evidence; correct the event instead")

    new = Event(
        **{
            f.attname: getattr(event, f.attname)
            for f in Event._meta.concrete_fields
            if f.attname not in _NOT_COPIED
        }
    )
    mark_editor_change(new)
    new._history_user = user
    new._change_reason = f"split out of event {event.pk}"
    new.save()

    Evidence.objects.filter(pk__in=[pk for pk, _ in moving]).update(event=new)
    staying = {article for pk, article in rows if pk not in wanted}
    gone = {article for _, article in moving} - staying
    EventFigure.objects.filter(event=event, article_id__in=gone).update(event=new)
    Quotation.objects.filter(event=event, article_id__in=gone).update(event=new)
    links = list(EventActor.objects.filter(event=event))
    for link in links:
        copy = EventActor(
            event=new,
            actor_id=link.actor_id,
            role=link.role,
            mention_text=link.mention_text,
            event_date=new.date,
            editor_modified=True,
        )
        copy._history_user = user
        copy.save()

    mark_editor_change(event)
    event._history_user = user
    event._change_reason = f"evidence split into event {new.pk}"
    event.save()
    sources_settle([event.pk, new.pk])
    new.refresh_from_db()
    return new
