import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db.models import Max, Min, Prefetch, QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from apps.core.admin_mixins import (
    KnowledgeAdmin,
    NeedsReviewFilter,
    RecordAdmin,
    ReviewableAdmin,
    SearchAwareChangeList,
    filterset_filter,
    related_filter,
    value_filter,
)
from apps.core.api.pagination import bounded_count, count_cap

from .filtersets import EventFilterSet, QuotationFilterSet
from .models import Event, EventActor, EventFigure, Evidence, Quotation, StatedFigure
from .services import event_actor_update, event_update, evidence_delete, evidence_move
from .splitting import SplitError, event_split
from .vocabulary import event_types

CONTEXT_CHARS = 600


def evidence_context(body: str, start: int, end: int, quote: str) -> tuple[str, str, str]:
    """(text before, quote, text after) within the paragraph that holds the quote.

    Falls back to finding the quote in the text when the stored offsets no longer match it
    (the article was corrected after extraction), and to the bare quote when it is gone.
    """
    if not (0 <= start < end <= len(body)) or body[start:end] != quote:
        found = body.find(quote) if quote else -1
        if found < 0:
            return "", quote, ""
        start, end = found, found + len(quote)
    para_start = body.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = body.find("\n\n", end)
    para_end = len(body) if para_end < 0 else para_end
    before, after = body[para_start:start], body[end:para_end]
    if len(before) > CONTEXT_CHARS:
        before = "…" + before[-CONTEXT_CHARS:]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS] + "…"
    return before, body[start:end], after


def evidence_html(evidence: Evidence) -> str:
    article = evidence.article
    before, quote, after = evidence_context(
        article.body, evidence.start, evidence.end, evidence.quote
    )
    page = reverse("articles:article_detail", args=[article.pk]) + f"#evidence-{evidence.pk}"
    edit = reverse("admin:articles_article_change", args=[article.pk])
    return format_html(
        '<div class="evidence-context" id="evidence-{}">'
        '<blockquote style="margin:0 0 4px;white-space:pre-wrap">{}<mark>{}</mark>{}</blockquote>'
        '<small><a href="{}" target="_blank">{}</a>{} · '
        '<a href="{}">edit article</a> · characters {}–{}</small></div>',
        evidence.pk,
        before,
        quote,
        after,
        page,
        article.title,
        f" ({article.source}, {article.published_on})" if article.source else "",
        edit,
        evidence.start,
        evidence.end,
    )


class EventAdminForm(forms.ModelForm):
    """Event type picked from the vocabulary; its CAMEO and ACLED codes follow it."""

    event_type = forms.ChoiceField(choices=())

    class Meta:
        model = Event
        fields = (
            "event_type",
            "cameo_code",
            "acled_event_type",
            "acled_sub_event_type",
            "summary",
            "fatalities",
            "wounded",
            "date",
            "date_precision",
            "end_date",
            "date_expression",
            "date_is_relative",
            "place",
            "location_text",
            "observation_post",
            "agreement",
            "review_status",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "event_type" in self.fields:  # absent on the read-only page of a Reviewer
            choices = [(key, f"{spec.label} ({spec.cameo})") for key, spec in event_types().items()]
            current = self.instance.event_type if self.instance.pk else ""
            if current and current not in event_types():
                choices.append((current, f"{current} (not in the vocabulary)"))
            self.fields["event_type"].choices = [("", "---------"), *choices]
        if "cameo_code" in self.fields:
            self.fields["cameo_code"].required = False
            self.fields["cameo_code"].help_text = "Filled from the event type when left unchanged."

    def clean(self):
        cleaned = super().clean()
        spec = event_types().get(cleaned.get("event_type") or "")
        if spec is not None and (
            "event_type" in self.changed_data or not cleaned.get("cameo_code")
        ):
            if "cameo_code" not in self.changed_data or not cleaned.get("cameo_code"):
                cleaned["cameo_code"] = spec.cameo
            for name in ("acled_event_type", "acled_sub_event_type"):
                if name not in self.changed_data:
                    cleaned[name] = getattr(spec, name)
        start, end = cleaned.get("date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date is before the date.")
        if start and not cleaned.get("date_precision"):
            self.add_error("date_precision", "Say how precise the date is.")
        return cleaned


class BoundedCountPaginator(Paginator):
    """Counts exactly up to the API's count cap, then takes PostgreSQL's estimate.

    An exact COUNT of a million events' review queue reads the whole index on every page.
    """

    @cached_property
    def count(self):
        return bounded_count(self.object_list, count_cap())[0]


class DateSpanQuerySet(QuerySet):
    """Years and months for the date bar from the first and last date (two index probes).

    Django lists them with a DISTINCT over every row of the changelist; at a million events
    that is the slowest query of the page. A year or month in the span without events is
    listed too, and shows an empty page.
    """

    def dates(self, field_name, kind, order="ASC"):
        if kind not in ("year", "month"):
            return super().dates(field_name, kind, order)
        span = self.aggregate(first=Min(field_name), last=Max(field_name))
        first, last = span["first"], span["last"]
        if first is None:
            return []
        found, year, month = [], first.year, first.month if kind == "month" else 1
        while (year, month) <= (last.year, last.month if kind == "month" else 1):
            found.append(dt.date(year, month, 1))
            year, month = (year, month + 1) if kind == "month" and month < 12 else (year + 1, 1)
        return found if order == "ASC" else found[::-1]


class EventChangeList(SearchAwareChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        if type(queryset) is QuerySet:
            queryset.__class__ = DateSpanQuerySet
        return queryset


ActorFilter = filterset_filter(EventFilterSet, "actor", autocomplete=(EventActor, "actor"))
ArticleFilter = filterset_filter(EventFilterSet, "article", autocomplete=(Evidence, "article"))


class EventActorInline(admin.TabularInline):
    model = EventActor
    fields = ("actor", "role", "mention_text", "editor_modified")
    readonly_fields = ("editor_modified",)
    autocomplete_fields = ("actor",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ("article_link", "quote", "start", "end")
    readonly_fields = ("article_link", "quote", "start", "end")
    extra = 0
    verbose_name_plural = (
        "evidence (delete a row that does not report this event; to part two events merged "
        "into one, split rows out from the evidence list)"
    )

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article").defer("article__body")

    @admin.display(description="Article")
    def article_link(self, obj):
        url = reverse("articles:article_detail", args=[obj.article_id]) + f"#evidence-{obj.pk}"
        return format_html('<a href="{}" target="_blank">{}</a>', url, obj.article.title)


@admin.register(Event)
class EventAdmin(ReviewableAdmin):
    form = EventAdminForm
    list_display = (
        "__str__",
        "event_type",
        "date",
        "date_precision",
        "actors_display",
        "agreement",
        "observation_post",
        "place",
        "fatalities",
        "source_count",
        "review_status",
        "editor_modified",
    )
    list_display_links = ("__str__",)
    list_filter = (
        NeedsReviewFilter,
        filterset_filter(EventFilterSet, "event_type"),
        ActorFilter,
        filterset_filter(EventFilterSet, "actor_kind"),
        filterset_filter(EventFilterSet, "agreement"),
        filterset_filter(EventFilterSet, "observation_post"),
        ArticleFilter,
    )
    autocomplete_filters = (ActorFilter, ArticleFilter)
    date_hierarchy = "date"
    paginator = BoundedCountPaginator
    search_fields = ("summary", "location_text", "place__name", "=fingerprint")
    search_help_text = "Summary, place (as written or its gazetteer name) or fingerprint."
    autocomplete_fields = ("agreement", "observation_post", "place")
    inlines = (EventActorInline, EvidenceInline)
    readonly_fields = ("evidence_in_context", "split_link", "fingerprint", "source_count")
    fieldsets = (
        ("What the articles say", {"fields": ("evidence_in_context", "split_link")}),
        (
            "What happened",
            {
                "fields": (
                    "event_type",
                    "cameo_code",
                    ("acled_event_type", "acled_sub_event_type"),
                    "summary",
                    ("fatalities", "wounded"),
                )
            },
        ),
        (
            "When",
            {
                "fields": (
                    ("date", "date_precision"),
                    "end_date",
                    ("date_expression", "date_is_relative"),
                )
            },
        ),
        ("Where", {"fields": ("place", "location_text", "observation_post")}),
        ("Agreement", {"fields": ("agreement",)}),
        (
            "Review",
            {
                "fields": (
                    "review_status",
                    "editor_modified",
                    "provenance",
                    "extractor_version",
                    "fingerprint",
                    "source_count",
                )
            },
        ),
    )

    def get_changelist(self, request, **kwargs):
        return EventChangeList

    def get_queryset(self, request):
        links = EventActor.objects.select_related("actor").only(
            "id", "event_id", "role", "actor__id", "actor__name"
        )
        return (
            super()
            .get_queryset(request)
            .select_related("agreement", "observation_post", "place")
            .prefetch_related(Prefetch("actor_links", queryset=links))
        )

    @admin.display(description="Actors")
    def actors_display(self, obj):
        return format_html_join(
            ", ",
            "{} <small>({})</small>",
            ((link.actor, link.role) for link in obj.actor_links.all()),
        )

    @admin.display(description="Evidence in context")
    def evidence_in_context(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = obj.evidence.select_related("article").order_by("article_id", "start")
        html = format_html_join("", "{}", ((evidence_html(evidence),) for evidence in rows))
        return html or "No evidence recorded."

    @admin.display(description="Two events in one?")
    def split_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:events_evidence_changelist") + f"?event__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">Split evidence out into a new event</a> (select the rows that report '
            'the other event, then the action "Split the selected evidence out").',
            url,
        )

    def editor_update(self, request, obj, *, changes):
        event_update(obj, changes=changes, user=request.user)

    def before_inline_save(self, request, parent, obj):
        if isinstance(obj, EventActor):
            obj.event_date = parent.date

    def inline_rows_delete(self, request, parent, rows):
        """Evidence removed in the inline goes through ``evidence_delete``, which recounts
        the event's sources."""
        evidence = [row.pk for row in rows if isinstance(row, Evidence)]
        if evidence:
            evidence_delete(Evidence.objects.filter(pk__in=evidence))
            # The event is saved again when the deletion marks it as an editor's: with the
            # count just made, not the one read before it.
            parent.refresh_from_db(fields=["source_count"])
        others = [row for row in rows if not isinstance(row, Evidence)]
        super().inline_rows_delete(request, parent, others)


@admin.register(EventActor)
class EventActorAdmin(KnowledgeAdmin):
    list_display = ("event", "actor", "role", "mention_text", "event_date", "editor_modified")
    list_filter = (value_filter("role"),)
    list_select_related = ("event", "actor")
    search_fields = ("actor__name", "mention_text")
    autocomplete_fields = ("event", "actor")
    readonly_fields = ("event_date", "editor_modified")

    def editor_update(self, request, obj, *, changes):
        event_actor_update(obj, changes=changes, user=request.user)


class QuoteColumnMixin:
    """A list column with the start of the row's cited sentence (``quote``)."""

    @admin.display(description="Quote")
    def quote_short(self, obj):
        return obj.quote[:120]


@admin.action(description="Split the selected evidence out into a new event", permissions=["split"])
def split_selected(modeladmin, request, queryset):
    events = set(queryset.values_list("event_id", flat=True))
    if len(events) != 1:
        modeladmin.message_user(
            request, "Select evidence of one event (filter the list by its event).", messages.ERROR
        )
        return
    event = Event.objects.get(pk=events.pop())
    try:
        new = event_split(event, queryset.values_list("pk", flat=True), user=request.user)
    except SplitError as err:
        modeladmin.message_user(request, f"Split failed: {err}.", messages.ERROR)
        return
    url = reverse("admin:events_event_change", args=[new.pk])
    modeladmin.message_user(
        request,
        format_html(
            'Split out of event {} into <a href="{}">event {}</a>: correct its type, date and '
            "actors there.",
            event.pk,
            url,
            new.pk,
        ),
        messages.SUCCESS,
    )


@admin.register(Evidence)
class EvidenceAdmin(QuoteColumnMixin, RecordAdmin):
    list_display = ("quote_short", "event", "article", "start", "end")
    actions = [split_selected]

    def has_split_permission(self, request) -> bool:
        """Splitting makes an event and rewrites two: for editors who may add and change
        events."""
        return request.user.has_perms(["events.add_event", "events.change_event"])

    list_select_related = ("event", "article")
    search_fields = ("quote",)
    autocomplete_fields = ("event", "article")
    readonly_fields = ("in_context",)
    fields = ("event", "article", "quote", ("start", "end"), "in_context")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body")

    # An event's source count follows its evidence as editors move or delete it: the
    # services recount it.
    def save_model(self, request, obj, form, change):
        evidence_move(obj)

    def delete_model(self, request, obj):
        evidence_delete(Evidence.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        evidence_delete(queryset)

    @admin.display(description="In context")
    def in_context(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return evidence_html(Evidence.objects.select_related("article").get(pk=obj.pk))


@admin.register(StatedFigure)
class StatedFigureAdmin(QuoteColumnMixin, RecordAdmin):
    list_display = ("subject", "value", "agreement", "article", "quote_short")
    list_filter = (value_filter("subject"), related_filter("agreement"))
    list_select_related = ("agreement", "article")
    search_fields = ("quote", "subject")
    autocomplete_fields = ("agreement", "article")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body")


SpeakerFilter = filterset_filter(QuotationFilterSet, "speaker", autocomplete=(Quotation, "speaker"))


@admin.register(Quotation)
class QuotationAdmin(ReviewableAdmin):
    """Editors check who said what: the speaker, the day, the words; verified or corrected
    quotations stay as they are through re-extraction."""

    list_display = (
        "text_short",
        "speaker",
        "speaker_text",
        "said_on",
        "article",
        "partial",
        "review_status",
        "editor_modified",
    )
    list_select_related = ("speaker", "article")
    list_filter = (NeedsReviewFilter, SpeakerFilter)
    autocomplete_filters = (SpeakerFilter,)
    search_fields = ("text", "speaker_text", "speaker__name")
    search_help_text = "Words of the quotation, or how the text names its speaker."
    autocomplete_fields = ("speaker", "event", "article")
    readonly_fields = ("quote", "start", "end", "text_start", "text_end")
    fields = (
        "text",
        ("speaker", "speaker_text"),
        ("said_on", "said_on_precision"),
        "partial",
        "event",
        "article",
        "quote",
        ("start", "end", "text_start", "text_end"),
        "review_status",
    )

    @admin.display(description="quotation")
    def text_short(self, obj) -> str:
        return obj.text[:100]


@admin.register(EventFigure)
class EventFigureAdmin(QuoteColumnMixin, RecordAdmin):
    """The counts each source states about an event, read again at every extraction."""

    list_display = ("__str__", "event", "article", "quote_short")
    list_select_related = ("event", "article")
    list_filter = (value_filter("kind"),)
    search_fields = ("quote",)
    autocomplete_fields = ("event", "article")
