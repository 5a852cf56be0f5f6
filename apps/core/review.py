"""The one rule that protects editors' work, used by the extractor, admin and API alike.

* A record an editor verified or changed is never overwritten by re-extraction.
* A record an editor rejected is never recreated or revived by re-extraction, and lists leave
  it out unless they are asked for it (``review_status``, see ``apps/core/filtersets.py``).
"""

from django.db.models import Q, QuerySet

from .choices import Provenance, ReviewStatus


def is_protected(obj) -> bool:
    """True when re-extraction must not change ``obj``."""
    return bool(obj.editor_modified) or obj.review_status != ReviewStatus.EXTRACTED


def is_rejected(obj) -> bool:
    return obj.review_status == ReviewStatus.REJECTED


def mark_editor_change(obj) -> None:
    """Flag ``obj`` (not saved here) as corrected by a person."""
    obj.editor_modified = True
    obj.provenance = Provenance.EDITOR


def visible_q(through: str = "") -> Q:
    """The condition "no editor rejected it", on the record itself or across a relation.

    ``through`` is the path from the queried model to the reviewed one (``"event"`` from an
    event's actor links, ``"evidence__event"`` from an article), empty for the record itself.
    """
    field = f"{through}__review_status" if through else "review_status"
    return ~Q(**{field: ReviewStatus.REJECTED})


def visible(queryset: QuerySet, through: str = "") -> QuerySet:
    """``queryset`` without what an editor rejected: what a list shows unless asked otherwise."""
    return queryset.filter(visible_q(through))
