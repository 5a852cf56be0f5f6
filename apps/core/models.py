"""Abstract bases shared by every knowledge record."""

from django.db import models

from .choices import Provenance, ReviewStatus
from .text import normalize_name


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Reviewable(TimeStamped):
    """A record the extractor may create and an editor may verify, reject or correct.

    The rule for what re-extraction may touch lives in ``apps.core.review``.
    """

    review_status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.EXTRACTED, db_index=True
    )
    editor_modified = models.BooleanField(
        default=False, help_text="An editor changed this record; re-extraction leaves it alone."
    )
    provenance = models.CharField(
        max_length=16, choices=Provenance.choices, default=Provenance.EXTRACTOR
    )
    extractor_version = models.CharField(max_length=32, blank=True)

    class Meta:
        abstract = True


class NormalizedNameMixin:
    """Saves a record's name folded (``normalize_name``) beside it, in the column that lookups
    and unique constraints use: ``name`` into ``normalized_name`` unless ``normalized_fields``
    says otherwise."""

    normalized_fields = ("name", "normalized_name")  # (the name as written, its folded form)

    def save(self, *args, **kwargs):
        written, folded = self.normalized_fields
        setattr(self, folded, normalize_name(getattr(self, written)))
        super().save(*args, **kwargs)


class NormalizedAliasMixin(NormalizedNameMixin):
    """An alias row: ``alias`` saved folded into ``normalized`` (see ``apps.core.aliases``)."""

    normalized_fields = ("alias", "normalized")


class ChangeAction(models.TextChoices):
    CREATED = "created"
    UPDATED = "updated"
    REJECTED = "rejected"
    DELETED = "deleted"
    MERGED = "merged"


class Change(models.Model):
    """One entry of the change feed (``apps.core.changes``): a public record that was created,
    changed, rejected, deleted or merged into another. Written by database triggers in the
    transaction that made the change; never updated afterwards except to keep one entry per
    record and transaction."""

    record_type = models.CharField(max_length=32)  # the feed's name: "event", "actor", ...
    record_id = models.BigIntegerField()
    action = models.CharField(max_length=16, choices=ChangeAction.choices)
    merged_into = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField()
    # The writing transaction on PostgreSQL (one entry per record and transaction); null on
    # SQLite, which keeps every entry.
    txid = models.BigIntegerField(null=True, blank=True)
    # On PostgreSQL, the entry's place in commit order, given as its transaction commits (the
    # feed's cursor); null on SQLite, where ``id`` is that order.
    seq = models.BigIntegerField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # ``?modified_after=``: the records of one type changed since a time.
            models.Index(fields=["record_type", "at", "record_id"], name="core_change_modified"),
            models.Index(fields=["record_type", "record_id"], name="core_change_record"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["txid", "record_type", "record_id"], name="core_change_once_per_txn"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} {self.action}"
