"""Admin building blocks shared by every app: review workflow, editor saves, list filters.

Every change a person saves in admin goes through ``apps.core.services``, the same services the
API uses, so re-extraction leaves editors' work alone whichever door it came through.

List filters use the query parameter names of the API FilterSets (``?actor=3``,
``?review_status=verified``, ``?event_type=...``), so a filtered admin URL reads like the
matching API or browse-page URL.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .choices import ReviewStatus
from .filtersets import ALL, REVIEW_STATUS, REVIEW_STATUS_CHOICES, review_status_apply
from .merging import MergeError, merge_preview, record_merge
from .services import record_editor_update, records_set_review_status

# --- inlines and list columns ---------------------------------------------------------------


class AliasInline(admin.TabularInline):
    """A record's other spellings (its alias table, see ``apps.core.aliases``) on its page."""

    fields = ("alias", "source")
    extra = 0


class EventsLinkMixin:
    """A list column "events" linking to the events admin filtered to the row, rejected events
    included; ``events_parameter`` is the events FilterSet's parameter for this model."""

    events_parameter: str

    @admin.display(description="Events")
    def events_link(self, obj):
        url = reverse("admin:events_event_changelist")
        query = f"?{self.events_parameter}={obj.pk}&{REVIEW_STATUS}={ALL}"
        return format_html('<a href="{}">events</a>', url + query)


# --- list filters ---------------------------------------------------------------------------


class ReviewStatusFilter(admin.SimpleListFilter):
    """Review status, by the lists' one rule (``apps.core.filtersets``).

    Without a choice, rejected records are left out, as on the pages and in the API, unless
    ``default_status`` names the status a changelist opens on (the events' review queue).
    """

    title = "review status"
    parameter_name = REVIEW_STATUS
    default_status: str | None = None

    def lookups(self, request, model_admin):
        return [
            (ReviewStatus.EXTRACTED, "Needs review"),
            (ReviewStatus.VERIFIED, "Verified"),
            (ReviewStatus.REJECTED, "Rejected"),
            (ALL, "All"),
        ]

    def current(self) -> str | None:
        return self.value() or self.default_status

    def queryset(self, request, queryset):
        value = self.current()
        if value is None:
            return review_status_apply(queryset, None)
        if value not in dict(REVIEW_STATUS_CHOICES):
            return queryset.none()
        return review_status_apply(queryset, [value])

    def choices(self, changelist):
        current = self.current()
        if self.default_status is None:
            yield {
                "selected": current is None,
                "query_string": changelist.get_query_string(remove=[self.parameter_name]),
                "display": "Not rejected",
            }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class NeedsReviewFilter(ReviewStatusFilter):
    """The review queue: only records still waiting for an editor unless a status is chosen."""

    default_status = ReviewStatus.EXTRACTED


def value_filter(
    field_name: str, *, title: str | None = None, parameter_name: str | None = None, limit=200
) -> type[admin.SimpleListFilter]:
    """A filter on one column, offering the field's choices or else its distinct values."""

    class ValueFilter(admin.SimpleListFilter):
        def lookups(self, request, model_admin):
            field = get_fields_from_path(model_admin.model, field_name)[-1]
            if field.choices:
                return list(field.flatchoices)
            values = (
                model_admin.model._default_manager.exclude(**{field_name: ""})
                .order_by(field_name)
                .values_list(field_name, flat=True)
                .distinct()[:limit]
            )
            return [(value, value) for value in values]

        def queryset(self, request, queryset):
            if self.value() is None:
                return queryset
            return queryset.filter(**{field_name: self.value()})

    ValueFilter.title = title or field_name.replace("_", " ")
    ValueFilter.parameter_name = parameter_name or field_name
    ValueFilter.__name__ = f"{field_name.title().replace('_', '')}Filter"
    return ValueFilter


def related_filter(
    field_name: str, *, title: str | None = None, parameter_name: str | None = None, limit=300
) -> type[admin.SimpleListFilter]:
    """A filter on a foreign key to a short table (agreements, posts), by id."""

    class RelatedFilter(admin.SimpleListFilter):
        def lookups(self, request, model_admin):
            related = model_admin.model._meta.get_field(field_name).related_model
            rows = related._default_manager.order_by("name").only("pk", "name")[:limit]
            return [(str(row.pk), str(row)) for row in rows]

        def queryset(self, request, queryset):
            value = self.value()
            if value is None:
                return queryset
            if not value.isdigit():
                return queryset.none()
            return queryset.filter(**{f"{field_name}_id": int(value)})

    RelatedFilter.title = title or field_name.replace("_", " ")
    RelatedFilter.parameter_name = parameter_name or field_name
    RelatedFilter.__name__ = f"{field_name.title().replace('_', '')}Filter"
    return RelatedFilter


class FilterSetFilter(admin.SimpleListFilter):
    """An admin filter that is one filter of the model's FilterSet, under the same name.

    The filtering itself is done by the FilterSet, so ``?actor=3`` selects the same rows in
    admin, on the browse pages and in the API. A value the FilterSet rejects shows no rows.
    """

    filterset_class: type
    values_from: str | None = None  # for free-text filters: offer this column's distinct values
    limit = 300

    @property
    def spec(self):
        return self.filterset_class.base_filters[self.parameter_name]

    def lookups(self, request, model_admin):
        choices = self.spec.extra.get("choices")
        if choices is not None:
            return [
                (str(key), label) for key, label in (choices() if callable(choices) else choices)
            ]
        queryset = self.spec.extra.get("queryset")
        if callable(queryset):  # resolved late (``related_rows``)
            queryset = queryset(request)
        if queryset is not None:
            return [(str(row.pk), str(row)) for row in queryset[: self.limit]]
        if self.values_from:
            values = (
                model_admin.model._default_manager.exclude(**{self.values_from: ""})
                .order_by(self.values_from)
                .values_list(self.values_from, flat=True)
                .distinct()[: self.limit]
            )
            return [(value, value) for value in values]
        return []

    def queryset(self, request, queryset):
        value = self.value()
        if value in (None, ""):
            return queryset
        data = QueryDict(mutable=True)
        data.setlist(self.parameter_name, [value])
        if REVIEW_STATUS in self.filterset_class.base_filters:
            # Which records are shown is the review status filter's own choice in admin.
            data.setlist(REVIEW_STATUS, [ALL])
        filterset = self.filterset_class(data=data, queryset=queryset)
        if not filterset.is_valid():
            return queryset.none()
        return filterset.qs


class AutocompleteFilter(FilterSetFilter):
    """A FilterSet filter on one row of a large table (100,000 actors), picked by searching.

    ``autocomplete_field`` names a foreign key to that table whose admin has ``search_fields``;
    the picker asks admin's autocomplete view, so no list of every row is ever rendered.
    """

    template = "admin/filters/autocomplete_filter.html"
    autocomplete_field: tuple[type[models.Model], str]

    def __init__(self, request, params, model, model_admin):
        source_model, field_name = self.autocomplete_field
        field = source_model._meta.get_field(field_name)
        self.target_model = field.related_model
        super().__init__(request, params, model, model_admin)
        form_field = forms.ModelChoiceField(
            queryset=self.target_model._default_manager.all(),
            required=False,
            widget=AutocompleteSelect(field, model_admin.admin_site),
        )
        value = self.value() if self.value_is_valid() else None
        self.widget_html = form_field.widget.render(
            self.parameter_name, value, attrs={"id": f"filter_{self.parameter_name}"}
        )
        self.other_params = [
            (key, val)
            for key, val in request.GET.items()
            if key not in (self.parameter_name, "p", "e")
        ]

    @classmethod
    def media(cls, admin_site) -> forms.Media:
        source_model, field_name = cls.autocomplete_field
        return AutocompleteSelect(source_model._meta.get_field(field_name), admin_site).media

    def value_is_valid(self) -> bool:
        value = self.value()
        return value is not None and str(value).isascii() and str(value).isdigit()

    def lookups(self, request, model_admin):
        if not self.value_is_valid() or int(self.value()) > 2**63 - 1:
            return []
        row = self.target_model._default_manager.filter(pk=int(self.value())).first()
        return [(self.value(), str(row) if row else f"#{self.value()} (not found)")]

    def has_output(self) -> bool:
        return True


def filterset_filter(
    filterset_class,
    name: str,
    *,
    title: str | None = None,
    values_from: str | None = None,
    autocomplete: tuple[type[models.Model], str] | None = None,
) -> type[FilterSetFilter]:
    """The admin list filter for filter ``name`` of ``filterset_class``.

    Raises KeyError at import time when the FilterSet has no such filter, so admin and API
    cannot drift apart silently.
    """
    spec = filterset_class.base_filters[name]
    attrs = {
        "filterset_class": filterset_class,
        "parameter_name": name,
        "title": title or str(spec.label or name.replace("_", " ")).lower(),
        "values_from": values_from,
    }
    base = FilterSetFilter
    if autocomplete is not None:
        base = AutocompleteFilter
        attrs["autocomplete_field"] = autocomplete
    class_name = "".join(part.title() for part in name.split("_")) + "Filter"
    return type(class_name, (base,), attrs)


# --- model admins ---------------------------------------------------------------------------


def _concrete_field_names(model) -> set[str]:
    return {
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and not f.many_to_many
    }


class EditorSaveMixin:
    """Saves made by people in admin go through ``record_editor_update``.

    That marks the record as an editor's (``editor_modified``, provenance "editor") and records
    the user in its history, so re-extraction never overwrites it. Inline rows that carry an
    ``editor_modified`` flag (an event's actors) are marked the same way, and so is their parent.
    """

    def _is_editor_protected_model(self, model) -> bool:
        return any(f.name == "editor_modified" for f in model._meta.concrete_fields)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if not self._is_editor_protected_model(type(obj)):
            super().save_model(request, obj, form, change)
            return
        if not change:
            self.editor_update(request, obj, changes={})
            return
        stored = type(obj)._default_manager.filter(pk=obj.pk).first()
        names = _concrete_field_names(type(obj))
        changes = {
            name: getattr(obj, name)
            for name in names
            if stored is None or getattr(obj, name) != getattr(stored, name)
        }
        changes.pop("editor_modified", None)
        changes.pop("provenance", None)
        if set(changes) == {"review_status"}:
            # Verifying or rejecting from the page is the same act as the bulk action.
            records_set_review_status([obj], status=changes["review_status"], user=request.user)
        elif changes:
            self.editor_update(request, obj, changes=changes)
        else:
            obj.save()

    def editor_update(self, request, obj, *, changes: dict) -> None:
        """An editor's change to the page's record; an admin whose record has stored copies
        elsewhere (an event's date on its actor links) calls its own app's service."""
        record_editor_update(obj, changes=changes, user=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        self.inline_rows_delete(request, form.instance, formset.deleted_objects)
        for obj in instances:
            obj._history_user = request.user
            self.before_inline_save(request, form.instance, obj)
            if self._is_editor_protected_model(type(obj)):
                record_editor_update(obj, changes={}, user=request.user)
            else:
                obj.save()
        formset.save_m2m()
        if (instances or formset.deleted_objects) and change:
            self._mark_parent(request, form.instance)

    def before_inline_save(self, request, parent, obj) -> None:
        """Hook to fill derived columns of an inline row before it is saved."""

    def inline_rows_delete(self, request, parent, rows) -> None:
        """Delete the inline rows an editor marked; an admin whose rows are counted elsewhere
        (an event's evidence in its ``source_count``) deletes them through its service."""
        for obj in rows:
            obj._history_user = request.user
            obj.delete()

    def _mark_parent(self, request, parent) -> None:
        if self._is_editor_protected_model(type(parent)) and not parent.editor_modified:
            parent._history_user = request.user
            self.editor_update(request, parent, changes={})


class SearchAwareChangeList(ChangeList):
    """Hides the date bar while a free-text search is on.

    The bar needs the first and last date and the distinct years of the result; with a search
    that cannot use an index each of those is one more full scan of the table. Dates picked
    before searching still filter the result.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.query:
            self.date_hierarchy = None


class FastChangelistMixin:
    """Changelists that stay fast on 100,000+ rows: no full-table COUNT, bounded pages."""

    def get_changelist(self, request, **kwargs):
        return SearchAwareChangeList

    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # per-choice counts are a COUNT per filter option
    list_per_page = 50
    autocomplete_filters: tuple[type[AutocompleteFilter], ...] = ()

    @property
    def media(self):
        media = super().media
        for filter_class in self.autocomplete_filters:
            media += filter_class.media(self.admin_site)
        return media


# A URL typed without its scheme is read as https (what the sources publish on), in every
# admin form alike.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class RecordAdmin(EditorSaveMixin, FastChangelistMixin, admin.ModelAdmin):
    """Base for rows without their own history (aliases, mentions, evidence)."""

    formfield_overrides = URL_FIELDS


class KnowledgeAdmin(EditorSaveMixin, FastChangelistMixin, SimpleHistoryAdmin):
    """Base for every knowledge model: history with per-field diffs and revert."""

    formfield_overrides = URL_FIELDS

    def _valid_id_or_404(self, model, value) -> None:
        try:
            model._meta.pk.to_python(unquote(value))
        except (ValidationError, ValueError, TypeError) as err:
            raise Http404(f"no {model._meta.verbose_name} with id {value!r}") from err

    def history_view(self, request, object_id, extra_context=None):
        self._valid_id_or_404(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._valid_id_or_404(self.model, object_id)
        self._valid_id_or_404(self.model.history.model, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.action(description="Verify selected records", permissions=["change"])
def verify_selected(modeladmin, request, queryset):
    count = records_set_review_status(queryset, status=ReviewStatus.VERIFIED, user=request.user)
    modeladmin.message_user(request, f"{count} verified.", messages.SUCCESS)


@admin.action(description="Reject selected records", permissions=["change"])
def reject_selected(modeladmin, request, queryset):
    count = records_set_review_status(queryset, status=ReviewStatus.REJECTED, user=request.user)
    modeladmin.message_user(request, f"{count} rejected.", messages.SUCCESS)


@admin.action(description="Send selected records back to review", permissions=["change"])
def unreview_selected(modeladmin, request, queryset):
    count = records_set_review_status(queryset, status=ReviewStatus.EXTRACTED, user=request.user)
    modeladmin.message_user(request, f"{count} back in the review queue.", messages.SUCCESS)


class ReviewableAdmin(KnowledgeAdmin):
    """Admin for records the extractor creates and editors verify, reject or correct."""

    actions = [verify_selected, reject_selected, unreview_selected]
    review_fields = ("review_status", "editor_modified", "provenance", "extractor_version")
    readonly_review_fields = ("editor_modified", "provenance", "extractor_version")

    def get_readonly_fields(self, request, obj=None):
        return tuple(super().get_readonly_fields(request, obj)) + self.readonly_review_fields


MERGE_MAX = 20


@admin.action(description="Merge selected records…", permissions=["change"])
def merge_selected(modeladmin, request, queryset):
    """Confirmation page showing what will move, then ``apps.core.merging`` on confirm."""
    objs = list(queryset.order_by("pk")[: MERGE_MAX + 1])
    if len(objs) < 2:
        modeladmin.message_user(request, "Select at least two records to merge.", messages.ERROR)
        return None
    if len(objs) > MERGE_MAX:
        modeladmin.message_user(
            request, f"Merge at most {MERGE_MAX} records at a time.", messages.ERROR
        )
        return None
    if request.POST.get("post") == "yes":
        target = next((obj for obj in objs if str(obj.pk) == request.POST.get("target")), None)
        if target is None:
            messages.error(request, "Choose the record to keep.")
        else:
            others = [obj for obj in objs if obj.pk != target.pk]
            try:
                result = record_merge(target=target, others=others, user=request.user)
            except (MergeError, ValidationError, IntegrityError) as err:
                modeladmin.message_user(request, f"Merge failed: {err}", messages.ERROR)
                return None
            summary = ", ".join(f"{label}: {count}" for label, count in result.items())
            modeladmin.message_user(request, f"Merged into {target}. {summary}.", messages.SUCCESS)
            opts = modeladmin.model._meta
            return HttpResponseRedirect(
                reverse(
                    f"{modeladmin.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=[target.pk],
                )
            )
    rows = merge_preview(objs)
    suggested = max(
        rows,
        key=lambda row: (
            bool(getattr(row["obj"], "dictionary_key", None)),
            row["obj"].review_status == ReviewStatus.VERIFIED,
            sum(count for _, count in row["counts"]),
        ),
    )["obj"]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Merge {modeladmin.model._meta.verbose_name_plural}",
        "opts": modeladmin.model._meta,
        "rows": rows,
        "labels": [label for label, _ in rows[0]["counts"]],
        "suggested": suggested,
        "objs": objs,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": request.POST.get("action", "merge_selected"),
        "select_across": request.POST.get("select_across", "0"),
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/merge_confirmation.html", context)


class MergeableAdmin(ReviewableAdmin):
    actions = [verify_selected, reject_selected, unreview_selected, merge_selected]
