from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from apps.core.admin_mixins import RecordAdmin, value_filter

from .models import IngestionRecord, IngestionRun
from .services import run_totals


class ReadOnlyLogMixin:
    """The ingestion log is written by the pipeline only; people read it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IngestionRecordInline(ReadOnlyLogMixin, admin.TabularInline):
    model = IngestionRecord
    fields = ("path", "outcome", "reason", "article", "finished_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article").defer("article__body")


@admin.register(IngestionRun)
class IngestionRunAdmin(ReadOnlyLogMixin, RecordAdmin):
    list_display = ("__str__", "origin", "requested_by", "started_at", "finished_at", "outcomes")
    list_filter = (value_filter("origin"),)
    date_hierarchy = "started_at"
    search_fields = ("requested_by",)
    inlines = (IngestionRecordInline,)

    @admin.display(description="totals")
    def outcomes(self, run):
        """The stored totals of a finished run; a run in progress is counted on its own page."""
        if run.finished_at is None:
            return "in progress"
        return _outcomes_text(run.totals)

    @admin.display(description="outcomes so far")
    def outcomes_so_far(self, run):
        return _outcomes_text(run_totals(run))

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "outcomes_so_far")


def _outcomes_text(totals: dict) -> str:
    return ", ".join(f"{outcome} {count}" for outcome, count in totals.items()) or "-"


@admin.register(IngestionRecord)
class IngestionRecordAdmin(ReadOnlyLogMixin, RecordAdmin):
    list_display = ("path", "outcome", "reason", "article_link", "run", "created_at", "finished_at")
    list_filter = (value_filter("outcome"), value_filter("run__origin", title="origin"))
    list_select_related = ("run", "article")
    date_hierarchy = "created_at"
    search_fields = ("path", "reason", "task_id")
    search_help_text = "File path, reason or task id."

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body")

    @admin.display(description="Article")
    def article_link(self, obj):
        if obj.article_id is None:
            return "—"
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.title)
