from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.choices import DatePrecision
from apps.core.models import Reviewable, TimeStamped
from apps.core.pages import record_url


class AgreementKind(models.TextChoices):
    TREATY = "treaty", "Treaty"
    MEMORANDUM = "memorandum", "Memorandum"
    PROTOCOL = "protocol", "Protocol"
    CEASEFIRE = "ceasefire", "Ceasefire"
    DEAL = "deal", "Deal"
    ARMS_DEAL = "arms_deal", "Arms deal"
    FRAMEWORK = "framework", "Process or framework"


class Agreement(Reviewable):
    name = models.CharField(max_length=300)
    normalized_name = models.CharField(max_length=300, db_index=True, editable=False)
    kind = models.CharField(max_length=16, choices=AgreementKind.choices, db_index=True)
    signed_on = models.DateField(null=True, blank=True, db_index=True)
    signed_on_precision = models.CharField(max_length=8, choices=DatePrecision.choices, blank=True)
    summary = models.TextField(blank=True, help_text="What the agreement provides.")
    dictionary_key = models.CharField(max_length=100, unique=True, null=True, blank=True)
    parties = models.ManyToManyField(
        "actors.Actor", through="AgreementParty", related_name="agreements", blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["signed_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["normalized_name"], name="agreement_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return record_url("agreements:agreement_detail")(self.pk)

    def save(self, *args, **kwargs):
        from apps.core.text import normalize_name

        self.normalized_name = normalize_name(self.name)
        super().save(*args, **kwargs)


class AgreementParty(TimeStamped):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="party_links")
    actor = models.ForeignKey(
        "actors.Actor", on_delete=models.CASCADE, related_name="agreement_links"
    )
    role = models.CharField(max_length=32, blank=True, help_text="signatory, guarantor, broker…")

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "agreement parties"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "actor"], name="agreement_party_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} — {self.agreement}"


class AgreementAlias(TimeStamped):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, db_index=True, editable=False)
    source = models.CharField(max_length=16, default="extractor")

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "agreement aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "normalized"], name="agreement_alias_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs):
        from apps.core.text import normalize_name

        self.normalized = normalize_name(self.alias)
        super().save(*args, **kwargs)


class RelationType(models.TextChoices):
    AMENDS = "amends", "Amends"
    SUPERSEDES = "supersedes", "Supersedes"
    IMPLEMENTS = "implements", "Implements"
    REAFFIRMS = "reaffirms", "Reaffirms"


def relation_article_delete(collector, field, sub_objs, using):
    """When the article that states a relation is deleted: a relation only it stated goes
    with it; a curated one stays, citing its public document alone."""
    stated = [row for row in sub_objs if not row.curated]
    curated = [row for row in sub_objs if row.curated]
    if stated:
        models.CASCADE(collector, field, stated, using)
    if curated:
        model = field.model
        collector.add_field_update(field, None, curated)
        collector.add_field_update(model._meta.get_field("quote"), "", curated)
        for name in ("start", "end"):
            collector.add_field_update(model._meta.get_field(name), None, curated)


class AgreementRelation(Reviewable):
    """How one agreement stands to another ("the Moscow protocol amends the Sochi memorandum"),
    with what says so: the sentence of an article, or for a curated relation the public
    document it comes from (``source``)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="relations", db_index=False
    )
    relation = models.CharField(max_length=16, choices=RelationType.choices)
    other = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="related_from")
    curated = models.BooleanField(
        default=False, help_text="From the curated agreements data, not from an article."
    )
    source = models.CharField(
        max_length=500, blank=True, help_text="The public document a curated relation cites."
    )
    source_url = models.URLField(max_length=500, blank=True)
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=relation_article_delete,
        related_name="agreement_relations",
    )
    quote = models.TextField(blank=True, help_text="The sentence that states the relation.")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "relation"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "relation", "other"], name="agreement_relation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.relation} {self.other}"
