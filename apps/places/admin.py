from django.contrib import admin

from apps.core.admin_mixins import (
    AliasInline,
    EventsLinkMixin,
    KnowledgeAdmin,
    MergeableAdmin,
    RecordAdmin,
    ReviewStatusFilter,
    filterset_filter,
    related_filter,
)

from .filtersets import ObservationPostFilterSet, PlaceFilterSet
from .models import ObservationPost, ObservationPostAlias, Place, PlaceAlias


class PlaceAliasInline(AliasInline):
    model = PlaceAlias
    fields = ("alias",)  # a place's aliases have no source column


@admin.register(Place)
class PlaceAdmin(EventsLinkMixin, KnowledgeAdmin):
    events_parameter = "place"
    list_display = ("name", "kind", "country", "lat", "lon", "dictionary_key", "events_link")
    list_filter = (
        filterset_filter(PlaceFilterSet, "kind"),
        filterset_filter(PlaceFilterSet, "country", values_from="country"),
    )
    search_fields = ("name", "=dictionary_key", "aliases__alias")
    search_help_text = "Name, alias or dictionary key."
    inlines = (PlaceAliasInline,)
    fields = ("name", "kind", "country", ("lat", "lon"), "dictionary_key")


@admin.register(PlaceAlias)
class PlaceAliasAdmin(RecordAdmin):
    list_display = ("alias", "place")
    list_select_related = ("place",)
    search_fields = ("alias", "place__name")
    autocomplete_fields = ("place",)
    fields = ("place", "alias")


class ObservationPostAliasInline(AliasInline):
    model = ObservationPostAlias


@admin.register(ObservationPost)
class ObservationPostAdmin(EventsLinkMixin, MergeableAdmin):
    events_parameter = "observation_post"
    list_display = (
        "name",
        "status",
        "agreement",
        "place",
        "established_on",
        "review_status",
        "editor_modified",
        "dictionary_key",
        "events_link",
    )
    list_filter = (
        filterset_filter(ObservationPostFilterSet, "status"),
        filterset_filter(ObservationPostFilterSet, "agreement"),
        ReviewStatusFilter,
    )
    list_select_related = ("agreement", "place")
    search_fields = ("name", "=dictionary_key", "aliases__alias")
    search_help_text = "Name, alias or dictionary key."
    autocomplete_fields = ("agreement", "place")
    inlines = (ObservationPostAliasInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "status",
                    "agreement",
                    "place",
                    "established_on",
                    "dictionary_key",
                )
            },
        ),
        (
            "Review",
            {"fields": ("review_status", "editor_modified", "provenance", "extractor_version")},
        ),
    )


@admin.register(ObservationPostAlias)
class ObservationPostAliasAdmin(RecordAdmin):
    list_display = ("alias", "post", "source")
    list_filter = (related_filter("post", parameter_name="observation_post"),)
    list_select_related = ("post",)
    search_fields = ("alias", "post__name")
    autocomplete_fields = ("post",)
    fields = ("post", "alias", "source")
