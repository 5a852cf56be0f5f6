from django.db import models


class ReviewStatus(models.TextChoices):
    EXTRACTED = "extracted", "Extracted (needs review)"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class Provenance(models.TextChoices):
    """Where a record (or its current values) came from."""

    DICTIONARY = "dictionary", "Curated dictionary"
    EXTRACTOR = "extractor", "Extractor"
    EDITOR = "editor", "Editor"
    IMPORT = "import", "Import"
