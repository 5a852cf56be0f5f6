"""The ingestion log in admin, and the Article admin, whose upload, re-extraction and
re-dating run the pipeline (the articles app below cannot)."""

import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from apps.articles.admin import MentionInline
from apps.articles.filtersets import ArticleFilterSet
from apps.articles.models import Article, Mention
from apps.core.admin_mixins import (
    EventsLinkMixin,
    KnowledgeAdmin,
    RecordAdmin,
    filterset_filter,
    value_filter,
)
from apps.events.models import Event
from apps.events.services import article_delete

from .documents import IngestionError
from .models import IngestionRecord, IngestionRun
from .persist import extraction
from .services import BrokerUnavailable, ingest_upload, run_totals

logger = logging.getLogger(__name__)

UPLOAD_MAX_FILES = 50
REEXTRACT_MAX = 20  # runs in the request (about 0.4 s per article); more via the command


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError("Choose at least one file.")
        if len(files) > UPLOAD_MAX_FILES:
            raise forms.ValidationError(f"Upload at most {UPLOAD_MAX_FILES} files at a time.")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ArticleUploadForm(forms.Form):
    files = MultipleFileField(
        label="Article files",
        help_text="One or more article files ("
        + ", ".join(settings.INGESTION_ALLOWED_SUFFIXES)
        + "). Each is parsed, stored and its events extracted.",
    )


# What ingestion recorded about an article: shown on its page, never edited there.
ARTICLE_INGESTION_FIELDS = (
    "source_file",
    "source_path",
    "content_hash",
    "metadata_from_sidecar",
    "metadata_origin",
    "parse_notes",
    "ingested_at",
    "extracted_at",
    "extractor_version",
    "editor_modified",
)

ArticleActorFilter = filterset_filter(ArticleFilterSet, "actor", autocomplete=(Mention, "actor"))


@admin.register(Article)
class ArticleAdmin(EventsLinkMixin, KnowledgeAdmin):
    events_parameter = "article"
    change_list_template = "admin/articles/article/change_list.html"
    list_display = (
        "title",
        "published_on",
        "published_on_precision",
        "published_on_source",
        "source",
        "source_file",
        "extracted_at",
        "editor_modified",
        "events_link",
    )
    list_filter = (
        filterset_filter(ArticleFilterSet, "source", title="publisher", values_from="source"),
        ArticleActorFilter,
        filterset_filter(ArticleFilterSet, "agreement"),
    )
    autocomplete_filters = (ArticleActorFilter,)
    date_hierarchy = "published_on"
    search_fields = ("title", "source", "source_file", "=url")
    search_help_text = "Title, publisher, file name or exact URL."
    inlines = (MentionInline,)
    readonly_fields = ("body", *ARTICLE_INGESTION_FIELDS, "page_link")
    fieldsets = (
        (None, {"fields": ("title", "page_link", "source", "author", "url", "related_links")}),
        (
            "Publication date",
            {
                "fields": (
                    ("published_on", "published_on_precision", "published_on_source"),
                    "published_on_evidence",
                )
            },
        ),
        (
            "Text (read-only: evidence and mentions point into it by character offsets)",
            {"fields": ("body",), "classes": ("collapse",)},
        ),
        ("Ingestion", {"fields": ARTICLE_INGESTION_FIELDS}),
    )
    actions = ["rerun_extraction"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector")

    def get_urls(self):
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="articles_article_upload",
        )
        return [upload, *super().get_urls()]

    @admin.display(description="Page")
    def page_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}" target="_blank">{}</a>', obj.get_absolute_url(), obj.get_absolute_url()
        )

    def save_model(self, request, obj, form, change):
        """An editor's change protects the article's fields from re-ingestion; a changed
        publication date also re-dates the events resolved relative to it."""
        obj._history_user = request.user
        if not change:
            super().save_model(request, obj, form, change)
            return
        obj.editor_modified = True
        if {"published_on", "published_on_precision"} & set(form.changed_data):
            extraction.article_publication_date_set(
                obj,
                published_on=obj.published_on,
                precision=obj.published_on_precision or "day",
                user=request.user,
            )
        else:
            super().save_model(request, obj, form, change)

    # The events a deleted article reported lose it from their source counts
    # (``article_delete``).
    def delete_model(self, request, obj):
        article_delete(Article.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        article_delete(queryset)

    @admin.action(description="Re-run extraction on selected articles", permissions=["change"])
    def rerun_extraction(self, request, queryset):
        articles = list(queryset.order_by("pk")[: REEXTRACT_MAX + 1])
        if len(articles) > REEXTRACT_MAX:
            self.message_user(
                request,
                f"Select at most {REEXTRACT_MAX} articles; for more, use the "
                "command line (manage.py reextract).",
                messages.ERROR,
            )
            return
        done, failed = 0, []
        for article in articles:
            try:
                extraction.article_extract(article, force=True)
            except Exception as err:  # one bad article must not stop the others
                logger.exception("re-extraction failed for article %s", article.pk)
                failed.append(f"{article.title[:60]}: {err}")
            else:
                done += 1
        if done:
            self.message_user(request, f"Extraction re-run on {done} article(s).", messages.SUCCESS)
        for line in failed:
            self.message_user(request, f"Extraction failed: {line}", messages.ERROR)

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        results = []
        if request.method == "POST":
            form = ArticleUploadForm(request.POST, request.FILES)
            if form.is_valid():
                results = [
                    self._upload_one(request, uploaded) for uploaded in form.cleaned_data["files"]
                ]
        else:
            form = ArticleUploadForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload articles",
            "opts": self.model._meta,
            "form": form,
            "results": results,
            "max_files": UPLOAD_MAX_FILES,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/upload.html", context)

    def _upload_one(self, request, uploaded) -> dict:
        """Ingest one uploaded file and describe what happened, for the result table."""
        row = {"name": uploaded.name, "outcome": "rejected", "reason": "", "record": None}
        try:
            record = ingest_upload(uploaded, origin="admin", user=request.user)
        except (IngestionError, BrokerUnavailable) as err:
            row["reason"] = str(err)
            return row
        except Exception as err:  # reported in the table, never a server error
            logger.exception("upload of %s failed", uploaded.name)
            row["reason"] = f"could not be ingested ({type(err).__name__}); see the server log"
            return row
        record.refresh_from_db()
        row.update(outcome=record.outcome, reason=record.reason, record=record)
        article = record.article
        if article is not None:
            row["article"] = article
            row["events"] = (
                Event.objects.filter(evidence__article=article).values("pk").distinct().count()
            )
        return row
