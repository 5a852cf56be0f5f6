"""Counts of related rows, for apps that count what the apps above them point at."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def related_count(model, relation: str, condition: Q | None = None):
    """How many distinct rows at the end of ``relation`` each ``model`` row has, those meeting
    ``condition`` only, 0 for none.

    ``relation`` is a path of related names declared on ``model`` (``"event_links__event"``
    from an actor), so a lower app counts a higher app's rows without importing it. A
    correlated subquery, so several counts of one row never multiply each other.
    """
    rows = (
        model._default_manager.filter(pk=OuterRef("pk"))
        .order_by()
        .values("pk")
        .annotate(n=Count(relation, filter=condition, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)
