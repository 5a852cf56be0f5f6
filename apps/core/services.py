"""Edits made by people (admin or API) go through here, so one rule protects them everywhere."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .choices import ReviewStatus
from .review import mark_editor_change


@transaction.atomic
def record_editor_update(obj, *, changes: dict, user=None):
    """Apply an editor's field changes to a knowledge record and protect it from re-extraction."""
    for field, value in changes.items():
        setattr(obj, field, value)
    mark_editor_change(obj)
    if user is not None:
        obj._history_user = user
    obj.full_clean(validate_unique=False)
    obj.save()
    return obj


@transaction.atomic
def records_set_review_status(objs: Iterable, *, status: str, user=None) -> int:
    """Verify or reject records. Verified and rejected records are left alone by the extractor."""
    if status not in ReviewStatus.values:
        raise ValueError(f"unknown review status {status!r}")
    count = 0
    for obj in objs:
        obj.review_status = status
        if user is not None:
            obj._history_user = user
        obj.save(update_fields=["review_status", "updated_at"])
        count += 1
    return count
