from django.contrib import admin

from apps.core.admin_mixins import (
    AliasInline,
    EventsLinkMixin,
    KnowledgeAdmin,
    MergeableAdmin,
    RecordAdmin,
    ReviewStatusFilter,
    filterset_filter,
    value_filter,
)

from .filtersets import ActorFilterSet
from .models import Actor, ActorAlias, ActorPosition


class ActorAliasInline(AliasInline):
    model = ActorAlias


class ActorPositionInline(admin.TabularInline):
    model = ActorPosition
    fields = ("title", "country", "start", "end")
    extra = 0


@admin.register(Actor)
class ActorAdmin(EventsLinkMixin, MergeableAdmin):
    events_parameter = "actor"
    list_display = (
        "name",
        "kind",
        "affiliation",
        "review_status",
        "provenance",
        "editor_modified",
        "dictionary_key",
        "events_link",
    )
    list_filter = (
        filterset_filter(ActorFilterSet, "kind"),
        filterset_filter(ActorFilterSet, "affiliation", values_from="affiliation"),
        filterset_filter(ActorFilterSet, "agreement", title="party to agreement"),
        ReviewStatusFilter,
    )
    search_fields = ("name", "=dictionary_key", "aliases__alias")
    search_help_text = "Name, alias or dictionary key."
    inlines = (ActorAliasInline, ActorPositionInline)
    fieldsets = (
        (None, {"fields": ("name", "kind", "affiliation", "description", "dictionary_key")}),
        (
            "Review",
            {"fields": ("review_status", "editor_modified", "provenance", "extractor_version")},
        ),
    )


@admin.register(ActorAlias)
class ActorAliasAdmin(KnowledgeAdmin):
    list_display = ("alias", "actor", "source", "created_at")
    list_filter = (value_filter("source"),)
    list_select_related = ("actor",)
    search_fields = ("alias", "actor__name")
    autocomplete_fields = ("actor",)
    fields = ("actor", "alias", "source")


@admin.register(ActorPosition)
class ActorPositionAdmin(RecordAdmin):
    list_display = ("actor", "title", "country", "start", "end")
    list_filter = (value_filter("country"),)
    list_select_related = ("actor",)
    search_fields = ("title", "actor__name")
    autocomplete_fields = ("actor",)
