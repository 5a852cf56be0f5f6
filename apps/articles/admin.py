"""Mentions in admin. The Article admin is registered by ``apps.ingestion.admin``: its upload,
re-extraction and re-dating run the pipeline, and its delete recounts events, which are the
ingestion and events apps' work above this one."""

from django.contrib import admin

from apps.core.admin_mixins import RecordAdmin

from .models import Mention


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ("text", "start", "end", "actor", "agreement", "observation_post", "place")
    readonly_fields = fields
    extra = 0
    can_delete = True
    verbose_name_plural = "mentions (delete one that names the wrong record)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("actor", "agreement", "observation_post", "place")
        )


@admin.register(Mention)
class MentionAdmin(RecordAdmin):
    list_display = ("text", "article", "actor", "agreement", "observation_post", "place", "start")
    list_select_related = ("article", "actor", "agreement", "observation_post", "place")
    search_fields = ("text",)
    autocomplete_fields = ("article", "actor", "agreement", "observation_post", "place")
    fields = (
        "article",
        "text",
        ("start", "end"),
        "actor",
        "agreement",
        "observation_post",
        "place",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body", "article__search_vector")
