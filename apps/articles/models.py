from django.contrib.postgres.search import SearchVectorField
from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.choices import DatePrecision
from apps.core.pages import record_url


class DateSource(models.TextChoices):
    STATED = "stated", "Stated"
    INFERRED = "inferred", "Inferred"
    UNKNOWN = "unknown", "Unknown"


class Article(models.Model):
    """One clean article, parsed from one file."""

    title = models.CharField(max_length=500)
    body = models.TextField(help_text="Clean text; paragraphs separated by blank lines.")
    published_on = models.DateField(null=True, blank=True, db_index=True)
    published_on_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, blank=True
    )
    published_on_source = models.CharField(
        max_length=10, choices=DateSource.choices, default=DateSource.UNKNOWN
    )
    published_on_evidence = models.CharField(
        max_length=500, blank=True, help_text="The text the publication date was read from."
    )
    source = models.CharField(max_length=200, blank=True, db_index=True, help_text="Publisher.")
    author = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    related_links = models.JSONField(default=list, blank=True)
    metadata_from_sidecar = models.JSONField(
        default=list, blank=True, help_text="Fields whose values came from the X.meta.json sidecar."
    )
    metadata_origin = models.JSONField(
        default=dict,
        blank=True,
        help_text="Where title, date, author, url and source came from when the file's own "
        "metadata (front matter, page metadata, its address) gave them.",
    )
    parse_notes = models.JSONField(default=list, blank=True)
    source_file = models.CharField(max_length=255, help_text="Original file name.")
    source_path = models.CharField(
        max_length=1000, unique=True, help_text="Path the file was ingested from."
    )
    content_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the file's bytes (and sidecar)."
    )
    editor_modified = models.BooleanField(default=False)
    ingested_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    extractor_version = models.CharField(max_length=32, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    # History is read by article (its id) and by time; nothing filters it by other columns.
    history = HistoricalRecords(
        excluded_fields=["search_vector", "updated_at"],
        no_db_index=["published_on", "source", "source_path", "content_hash"],
    )

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["published_on", "id"], name="article_pub_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return record_url("articles:article_detail")(self.pk)


class Mention(models.Model):
    """One place in an article's clean text that names a known record.

    Exactly one of actor, agreement, observation_post or place is set. Mentions are how an
    article links to the actors and agreements it speaks of, and what the article page
    highlights.
    """

    # A mention sets one of the four record columns: each has a partial index (Meta) over the
    # rows that set it, so a mention is written to three indexes, not eleven.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    actor = models.ForeignKey(
        "actors.Actor",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
    )
    observation_post = models.ForeignKey(
        "places.ObservationPost",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
    )
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
    )

    class Meta:
        ordering = ["article_id", "start"]
        indexes = [
            models.Index(
                fields=["actor", "article"],
                name="mention_actor_idx",
                condition=models.Q(actor__isnull=False),
            ),
            models.Index(
                fields=["agreement", "article"],
                name="mention_agreement_idx",
                condition=models.Q(agreement__isnull=False),
            ),
            models.Index(
                fields=["observation_post", "article"],
                name="mention_post_idx",
                condition=models.Q(observation_post__isnull=False),
            ),
            models.Index(
                fields=["place", "article"],
                name="mention_place_idx",
                condition=models.Q(place__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="mention_unique_span"),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        actor__isnull=False,
                        agreement__isnull=True,
                        observation_post__isnull=True,
                        place__isnull=True,
                    )
                    | models.Q(
                        actor__isnull=True,
                        agreement__isnull=False,
                        observation_post__isnull=True,
                        place__isnull=True,
                    )
                    | models.Q(
                        actor__isnull=True,
                        agreement__isnull=True,
                        observation_post__isnull=False,
                        place__isnull=True,
                    )
                    | models.Q(
                        actor__isnull=True,
                        agreement__isnull=True,
                        observation_post__isnull=True,
                        place__isnull=False,
                    )
                ),
                name="mention_exactly_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} @{self.start}"
