from django.db import models


class IngestionRun(models.Model):
    """One call of the ingest command, upload or API request."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    origin = models.CharField(max_length=20, default="command", help_text="command, admin or api")
    requested_by = models.CharField(max_length=150, blank=True)
    paths = models.JSONField(default=list, blank=True)
    totals = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Run {self.pk} ({self.origin}, {self.started_at:%Y-%m-%d %H:%M})"


class Outcome(models.TextChoices):
    PENDING = "pending", "Pending"
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    UNCHANGED = "unchanged", "Unchanged"
    DUPLICATE = "duplicate", "Duplicate"
    REJECTED = "rejected", "Rejected"


class IngestionRecord(models.Model):
    """What happened to one file: the ingestion log an operator reads in admin."""

    run = models.ForeignKey(
        IngestionRun, null=True, blank=True, on_delete=models.CASCADE, related_name="records"
    )
    path = models.CharField(max_length=1000)
    outcome = models.CharField(
        max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )  # indexed by ingest_outcome_idx
    reason = models.CharField(max_length=500, blank=True)
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ingestion_records",
    )
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a worker started on this file."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["outcome", "created_at"], name="ingest_outcome_idx"),
            # A run's files still queued, found without reading the finished ones.
            models.Index(
                fields=["run", "id"],
                name="ingest_run_pending_idx",
                condition=models.Q(outcome="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path}: {self.outcome}"
