from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.models import (
    NormalizedAliasMixin,
    NormalizedNameMixin,
    Reviewable,
    TimeStamped,
)
from apps.core.pages import record_url


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    STATE = "state", "State"
    GOVERNMENT_BODY = "government_body", "Government body"
    ARMED_FORCES = "armed_forces", "State armed forces"
    ARMED_GROUP = "armed_group", "Armed group"
    INTERNATIONAL_ORG = "international_org", "International organisation"
    ORGANISATION = "organisation", "Organisation"


class Actor(NormalizedNameMixin, Reviewable):
    """A real-world entity: one row per person, state, body, force or group across all articles."""

    name = models.CharField(max_length=200)
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(max_length=20, choices=ActorKind.choices, db_index=True)
    affiliation = models.CharField(
        max_length=3,
        blank=True,
        db_index=True,
        help_text="ISO 3166-1 alpha-3 code of the country the actor belongs to, if any.",
    )
    description = models.CharField(max_length=300, blank=True)
    dictionary_key = models.CharField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Key of the curated dictionary entry this actor comes from.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_name", "kind"], name="actor_unique_name_kind"
            ),
        ]
        indexes = [models.Index(fields=["kind", "affiliation"], name="actor_kind_aff_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return record_url("actors:actor_detail")(self.pk)


class ActorAlias(NormalizedAliasMixin, TimeStamped):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True, editable=False)
    source = models.CharField(
        max_length=16,
        default="extractor",
        help_text="dictionary, extractor, editor or merge",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(fields=["actor", "normalized"], name="actor_alias_unique"),
        ]

    def __str__(self) -> str:
        return self.alias


class ActorPosition(TimeStamped):
    """A post a person held between two dates ("Turkish foreign minister", 2014-2023)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(max_length=200)
    country = models.CharField(max_length=3, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["actor", "start"]

    def __str__(self) -> str:
        return f"{self.actor}: {self.title}"
