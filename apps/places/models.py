from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.models import (
    NormalizedAliasMixin,
    NormalizedNameMixin,
    Reviewable,
    TimeStamped,
)
from apps.core.pages import record_url


class PlaceKind(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Province or region"
    CITY = "city", "City"
    TOWN = "town", "Town or village"
    ROAD = "road", "Highway"
    SITE = "site", "Site (base, crossing, airport)"


class Place(NormalizedNameMixin, TimeStamped):
    """A gazetteer entry with coordinates (WGS84)."""

    name = models.CharField(max_length=200)
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(max_length=10, choices=PlaceKind.choices)
    country = models.CharField(max_length=3, blank=True, help_text="ISO 3166-1 alpha-3.")
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    dictionary_key = models.CharField(max_length=100, unique=True, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["normalized_name", "kind"], name="place_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class PlaceAlias(NormalizedAliasMixin, models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name_plural = "place aliases"
        constraints = [
            models.UniqueConstraint(fields=["place", "normalized"], name="place_alias_unique"),
        ]

    def __str__(self) -> str:
        return self.alias


class PostStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENCIRCLED = "encircled", "Encircled"
    WITHDRAWN = "withdrawn", "Withdrawn"
    UNKNOWN = "unknown", "Unknown"


class ObservationPost(NormalizedNameMixin, Reviewable):
    """A Turkish military observation post in north-west Syria."""

    name = models.CharField(max_length=200)
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observation_posts",
        help_text="The agreement the post was set up under.",
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="observation_posts"
    )
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.UNKNOWN)
    established_on = models.DateField(null=True, blank=True)
    dictionary_key = models.CharField(max_length=100, unique=True, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["normalized_name"], name="post_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return record_url("places:post_detail")(self.pk)


class ObservationPostAlias(NormalizedAliasMixin, models.Model):
    post = models.ForeignKey(ObservationPost, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True, editable=False)
    source = models.CharField(max_length=16, default="extractor")

    class Meta:
        verbose_name_plural = "observation post aliases"
        constraints = [
            models.UniqueConstraint(fields=["post", "normalized"], name="post_alias_unique"),
        ]

    def __str__(self) -> str:
        return self.alias
