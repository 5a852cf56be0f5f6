from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from apps.core.admin_mixins import (
    KnowledgeAdmin,
    MergeableAdmin,
    NeedsReviewFilter,
    RecordAdmin,
    ReviewableAdmin,
    ReviewStatusFilter,
    filterset_filter,
    related_filter,
    value_filter,
)

from .filtersets import AgreementFilterSet
from .models import Agreement, AgreementAlias, AgreementParty, AgreementRelation


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    fields = ("actor", "role")
    autocomplete_fields = ("actor",)
    extra = 0


class AgreementAliasInline(admin.TabularInline):
    model = AgreementAlias
    fields = ("alias", "source")
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(MergeableAdmin):
    list_display = (
        "name",
        "kind",
        "signed_on",
        "signed_on_precision",
        "review_status",
        "provenance",
        "editor_modified",
        "dictionary_key",
        "events_link",
    )
    list_filter = (
        filterset_filter(AgreementFilterSet, "kind"),
        filterset_filter(AgreementFilterSet, "party", autocomplete=(AgreementParty, "actor")),
        ReviewStatusFilter,
    )
    autocomplete_filters = (list_filter[1],)
    date_hierarchy = "signed_on"
    search_fields = ("name", "=dictionary_key", "aliases__alias")
    search_help_text = "Name, alias or dictionary key."
    inlines = (AgreementPartyInline, AgreementAliasInline)
    fieldsets = (
        (None, {"fields": ("name", "kind", "summary", "dictionary_key")}),
        ("Signed", {"fields": (("signed_on", "signed_on_precision"),)}),
        (
            "Review",
            {"fields": ("review_status", "editor_modified", "provenance", "extractor_version")},
        ),
    )

    @admin.display(description="Events")
    def events_link(self, obj):
        url = reverse("admin:events_event_changelist") + f"?agreement={obj.pk}&review_status=all"
        return format_html('<a href="{}">events</a>', url)


@admin.register(AgreementParty)
class AgreementPartyAdmin(KnowledgeAdmin):
    list_display = ("agreement", "actor", "role")
    list_filter = (related_filter("agreement"), value_filter("role"))
    list_select_related = ("agreement", "actor")
    search_fields = ("agreement__name", "actor__name")
    autocomplete_fields = ("agreement", "actor")


@admin.register(AgreementAlias)
class AgreementAliasAdmin(RecordAdmin):
    list_display = ("alias", "agreement", "source")
    list_filter = (related_filter("agreement"), value_filter("source"))
    list_select_related = ("agreement",)
    search_fields = ("alias", "agreement__name")
    autocomplete_fields = ("agreement",)
    fields = ("agreement", "alias", "source")


@admin.register(AgreementRelation)
class AgreementRelationAdmin(ReviewableAdmin):
    """How agreements stand to each other; editors add the ones no article states, citing the
    public document, and verify or reject what the extractor read."""

    list_display = ("agreement", "relation", "other", "curated", "source", "review_status")
    list_select_related = ("agreement", "other")
    list_filter = (NeedsReviewFilter, value_filter("relation"))
    search_fields = ("agreement__name", "other__name", "source", "quote")
    autocomplete_fields = ("agreement", "other", "article")
