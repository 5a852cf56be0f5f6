from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.choices import DatePrecision, ReviewStatus
from apps.core.models import Reviewable, TimeStamped
from apps.core.pages import record_url


class Role(models.TextChoices):
    INITIATOR = "initiator", "Initiator"
    TARGET = "target", "Target"
    PARTICIPANT = "participant", "Participant"


class Event(Reviewable):
    """Who did what to whom, when and where; one row per real event, cited by its evidence.

    ``event_type`` is a key of the event vocabulary (``apps/events/data/event_types.yaml``),
    which maps it to its CAMEO code and, for violent events, its ACLED type.
    """

    # Indexes: only those the reads use (Meta); a column that leads a wider index has none
    # of its own, since every index is paid for by every event an ingestion writes.
    event_type = models.CharField(max_length=40)
    cameo_code = models.CharField(max_length=4, db_index=True)
    acled_event_type = models.CharField(max_length=60, blank=True)
    acled_sub_event_type = models.CharField(max_length=60, blank=True)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices, blank=True)
    end_date = models.DateField(null=True, blank=True)
    date_expression = models.CharField(
        max_length=100, blank=True, help_text='The words the date was read from ("last week").'
    )
    date_is_relative = models.BooleanField(
        default=False,
        help_text="The date was resolved against the article's publication date, and is "
        "resolved again when that date changes.",
    )
    summary = models.TextField(blank=True)
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        db_index=False,  # (place, date) below leads with it
    )
    location_text = models.CharField(max_length=200, blank=True)
    fatalities = models.PositiveIntegerField(null=True, blank=True)
    wounded = models.PositiveIntegerField(null=True, blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        db_index=False,  # event_agreement_date_idx
    )
    observation_post = models.ForeignKey(
        "places.ObservationPost",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    actors = models.ManyToManyField(
        "actors.Actor", through="EventActor", related_name="events", blank=True
    )
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        help_text="Key that lets two reports of the same real event find one another.",
    )
    source_count = models.PositiveIntegerField(
        default=0, help_text="Number of distinct articles that report the event."
    )
    disputed = models.BooleanField(
        default=False,
        help_text="Sources state incompatible figures of the same kind (33 and 34 killed).",
    )

    # History is read by event (its id) and by time; nothing filters it by other columns.
    history = HistoricalRecords(
        no_db_index=[
            "review_status",
            "event_type",
            "cameo_code",
            "date",
            "fingerprint",
            "place",
            "agreement",
            "observation_post",
            "disputed",
        ]
    )

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["date", "id"], name="event_date_idx"),
            models.Index(fields=["fingerprint"], name="event_fingerprint_idx"),
            models.Index(fields=["event_type", "date"], name="event_type_date_idx"),
            models.Index(fields=["agreement", "date"], name="event_agreement_date_idx"),
            # A place's events in a date range: the events another report of the same event
            # at that place may be (``selectors._dated_query``).
            models.Index(fields=["place", "date"], name="event_place_date_idx"),
            models.Index(fields=["review_status", "date"], name="event_review_date_idx"),
            # The few rejected events, for "not rejected" checks on an actor's events.
            models.Index(
                fields=["id"],
                condition=models.Q(review_status=ReviewStatus.REJECTED),
                name="event_rejected_idx",
            ),
            # The few events whose sources disagree (``?disputed=true``).
            models.Index(
                fields=["date", "id"],
                condition=models.Q(disputed=True),
                name="event_disputed_idx",
            ),
        ]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else "undated"
        return f"{self.event_type} ({when})"

    def get_absolute_url(self) -> str:
        return record_url("events:event_detail")(self.pk)


class EventActor(TimeStamped):
    """An actor's part in an event. ``event_date`` mirrors ``Event.date`` for (actor, date) scans."""

    # Each column leads an index of Meta already (event_actor_unique, event_actor_date_idx).
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="actor_links", db_index=False
    )
    actor = models.ForeignKey(
        "actors.Actor", on_delete=models.CASCADE, related_name="event_links", db_index=False
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.PARTICIPANT)
    mention_text = models.CharField(
        max_length=200, blank=True, help_text='The words that named the actor ("Ankara").'
    )
    event_date = models.DateField(null=True, blank=True)
    editor_modified = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "role"]
        constraints = [
            models.UniqueConstraint(fields=["event", "actor", "role"], name="event_actor_unique"),
        ]
        indexes = [
            models.Index(fields=["actor", "event_date", "event"], name="event_actor_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} as {self.role}"


class Evidence(TimeStamped):
    """The sentence of an article that reports an event, with its offsets in the clean text."""

    # Each column leads an index of Meta already (evidence_unique_span, evidence_article_idx).
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="evidence", db_index=False
    )
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="evidence", db_index=False
    )
    quote = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # What this sentence says of the event, kept per source so that sources that disagree
    # on when it happened or who did it stand side by side (``disputes``).
    date = models.DateField(null=True, blank=True, help_text="The date this sentence gives it.")
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices, blank=True)
    blamed = models.ForeignKey(
        "actors.Actor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blamed_in",
        db_index=False,  # evidence_blamed_idx
        help_text="The one doer this sentence names for a violent event.",
    )

    class Meta:
        ordering = ["article", "start"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "article", "start"], name="evidence_unique_span"
            ),
        ]
        indexes = [
            models.Index(fields=["article", "event"], name="evidence_article_idx"),
            # The few rows naming a doer, for merging or deleting that actor.
            models.Index(
                fields=["blamed"],
                condition=models.Q(blamed__isnull=False),
                name="evidence_blamed_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.quote[:80]


class StatedFigure(TimeStamped):
    """A count an article states ("one of 12 posts", "its 19 posts"), kept as a cited fact."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="stated_figures"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stated_figures",
    )
    subject = models.CharField(max_length=60, help_text='What is counted ("observation_posts").')
    value = models.PositiveIntegerField()
    quote = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["article", "start"]

    def __str__(self) -> str:
        return f"{self.subject}={self.value}"


class Quotation(Reviewable):
    """Words in quotation marks an article attributes to someone, cited by their sentence.

    ``speaker`` is the actor the text names (by name, title or "he"); ``speaker_text`` keeps
    the words that name the speaker, also when no actor is known ("a Western diplomat").
    ``event`` is the statement event the quotation belongs to, where there is one.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="quotations", db_index=False
    )
    speaker = models.ForeignKey(
        "actors.Actor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotations",
        db_index=False,  # quotation_speaker_said_idx
    )
    speaker_text = models.CharField(max_length=200, blank=True)
    text = models.TextField(help_text="The quoted words, without the quotation marks.")
    text_start = models.PositiveIntegerField(help_text="Where the quoted words start in the text.")
    text_end = models.PositiveIntegerField()
    quote = models.TextField(help_text="The sentence the quotation stands in.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    said_on = models.DateField(null=True, blank=True)
    said_on_precision = models.CharField(max_length=8, choices=DatePrecision.choices, blank=True)
    partial = models.BooleanField(
        default=False, help_text="A fragment inside the outlet's own sentence."
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotations"
    )

    history = HistoricalRecords(no_db_index=["review_status", "article", "speaker", "event"])

    class Meta:
        ordering = ["-said_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "text_start"], name="quotation_unique_span"),
        ]
        indexes = [
            models.Index(fields=["speaker", "said_on"], name="quotation_speaker_said_idx"),
            models.Index(fields=["said_on", "id"], name="quotation_said_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class FigureKind(models.TextChoices):
    """The kinds of counts sources state (how each is read: ``data/figures.yaml``)."""

    KILLED = "killed", "Killed"
    WOUNDED = "wounded", "Wounded"
    CAPTURED = "captured", "Captured"
    DISPLACED = "displaced", "Displaced"
    TROOPS = "troops", "Troops"
    AIRCRAFT_DOWNED = "aircraft_downed", "Aircraft downed"


class EventFigure(TimeStamped):
    """A count one article states about an event ("at least 33 killed"), kept per source so
    that sources that disagree stand side by side."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="figures")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="event_figures", db_index=False
    )
    kind = models.CharField(max_length=16, choices=FigureKind.choices)
    value = models.PositiveIntegerField()
    qualifier = models.CharField(
        max_length=16, blank=True, help_text='"at least", "more than", "about", "nearly", "up to".'
    )
    quote = models.TextField(help_text="The sentence that states it.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["event", "kind", "article"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "event", "kind", "start"], name="figure_unique_statement"
            ),
        ]

    def __str__(self) -> str:
        qualifier = f"{self.qualifier} " if self.qualifier else ""
        return f"{qualifier}{self.value} {self.kind}"


class ActorPair(models.Model):
    """How many events (not rejected) two actors take part in together: one row per ordered
    pair, (A, B) and (B, A) both, read for an actor's co-actors.

    Kept by the database: triggers on links and events append changes to ``ActorPairDelta``,
    which an actor's read folds in first (``apps.events.pairs``). A row whose count fell to 0
    goes at that fold.
    """

    actor = models.ForeignKey(
        "actors.Actor",
        on_delete=models.CASCADE,
        related_name="pairs",
        db_index=False,  # actor_pair_unique leads with it
    )
    other = models.ForeignKey("actors.Actor", on_delete=models.CASCADE, related_name="paired_with")
    shared = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actor", "other"], name="actor_pair_unique"),
        ]

    def __str__(self) -> str:
        return f"actors {self.actor_id} and {self.other_id}: {self.shared} shared events"


class ActorPairDelta(models.Model):
    """A change to an ``ActorPair`` count not folded in yet, written only by triggers.

    Append-only and without a unique constraint or foreign keys, so writers adding links to
    different events never wait for one another: each only inserts rows.
    """

    actor_id = models.BigIntegerField()
    other_id = models.BigIntegerField()
    delta = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["actor_id"], name="actor_pair_delta_actor_idx")]

    def __str__(self) -> str:
        return f"actors {self.actor_id} and {self.other_id}: {self.delta:+d} shared events"
