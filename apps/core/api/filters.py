"""Building blocks shared by every FilterSet (API, browse pages and admin use the same ones).

Each filter validates its own parameter, so a value that makes no sense comes back as a 400
whose message names the parameter and says why, instead of an empty page or a server error.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template import loader
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from apps.core.changes import changed_since
from apps.core.search_text import folded_search
from apps.core.text import normalize_name

MAX_ID = 2**63 - 1  # ids are 64-bit signed integers
MAX_QUERY_LENGTH = 200
MAX_IDS = 100
CAMEO_PATTERN = "^([0-9]{2,4}|[A-Z]{3})$"
_CAMEO = re.compile(CAMEO_PATTERN)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
NO_NUL = "^[^\\x00]*$"


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Repeatable record ids (``?actor=3&actor=5``), each a whole number from 1 to ``MAX_ID``.

    An id that matches no record is not an error: like any filter that matches nothing, it
    gives an empty list. So the ids are not looked up; each becomes an unsaved instance
    carrying only its primary key, which is all a filter needs."""

    default_error_messages = {
        "invalid_pk_value": "“%(pk)s” is not an id (expected a whole number).",
        "invalid_list": "expected a list of ids.",
    }

    def clean(self, value):
        if not value and not self.required:
            return []  # an empty list, not an empty queryset: the filter then does nothing
        if not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        return self._check_values(value)

    def _check_values(self, value):
        if len(value) > MAX_IDS:
            raise ValidationError(f"at most {MAX_IDS} ids at once.", code="too_many")
        ids = []
        for pk in value:
            text = str(pk)
            if not text.isascii() or not text.isdigit():
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:40]},
                )
            if not 0 < int(text) <= MAX_ID:
                raise ValidationError(f"id {text[:40]} is out of range.", code="out_of_range")
            ids.append(int(text))
        model = self.queryset.model
        return [model(pk=pk) for pk in dict.fromkeys(ids)]


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class ModelIdsFilter(django_filters.ModelMultipleChoiceFilter):
    """Any of several ids. Pass ``method`` to filter through a subquery instead of a join."""

    field_class = ModelIdsField


def related_rows(model, relation: str):
    """The rows at the far end of ``model``'s ``relation``, as a ``ModelIdsFilter`` queryset.

    ``relation`` is a path of related names that apps above ``model``'s declared on it
    (``"agreements"``, ``"mentions__article"`` from an actor): the FilterSet of the lower app
    checks ids of the higher app's records without importing it. Resolved when the filter is
    used, once every model is loaded.
    """

    def rows(request=None):
        target = model
        for name in relation.split("__"):
            target = target._meta.get_field(name).related_model
        return target._default_manager.all()

    return rows


class StrictDateField(forms.DateField):
    """A date written exactly YYYY-MM-DD: ``2020-2-5`` or `` 2020-02-05`` is refused."""

    def to_python(self, value):
        if isinstance(value, str) and value:
            if not _DATE.fullmatch(value):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            try:
                return date.fromisoformat(value)  # the one format, without strptime's cost
            except ValueError:  # 2020-02-30
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)


class DateFilter(django_filters.DateFilter):
    """A date given as YYYY-MM-DD."""

    field_class = StrictDateField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault("error_messages", {"invalid": "expected a date as YYYY-MM-DD."})
        super().__init__(*args, **kwargs)


class ModifiedAfterFilter(django_filters.IsoDateTimeFilter):
    """``modified_after``: the records with an entry in the change feed after this time, so
    whatever changed what the record shows counts (its own row, its actors, a recount, a
    merge into it). An ISO 8601 timestamp; one without a zone is UTC."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Modified after")
        kwargs.setdefault(
            "help_text",
            "ISO 8601 timestamp (2026-12-06T21:00:00Z): the records changed after it, "
            "including changes to what they show (names of linked records, counts).",
        )
        kwargs.setdefault(
            "error_messages",
            {"invalid": "expected an ISO 8601 timestamp, e.g. 2026-12-06T21:00:00Z."},
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return changed_since(qs, in_utc(value))


def in_utc(value: datetime) -> datetime:
    """The same instant in UTC: PostgreSQL takes zone offsets up to ±15:59 only, where ISO 8601
    allows ±23:59. An instant that falls before year 1 or after 9999 in UTC becomes the first
    or last instant there is."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return (datetime.min if value.year == 1 else datetime.max).replace(tzinfo=UTC)


class StrictBooleanField(forms.Field):
    """``true`` or ``false``, as written; anything else is refused, not ignored."""

    VALUES = {"true": True, "false": False}
    widget = forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")])

    def to_python(self, value):
        if value in (None, ""):
            return None
        found = self.VALUES.get(str(value))
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return found

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    """``true`` or ``false``; any other value is a 400."""

    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": "expected true or false."})
        super().__init__(*args, **kwargs)


class UndatedFilter(StrictBooleanFilter):
    """``undated=true``: only the records with no date; ``false``: only the dated ones."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "isnull")
        kwargs.setdefault("label", "Undated")
        kwargs.setdefault(
            "help_text",
            "true: only the records with no date (which a date window leaves out); false: "
            "only the dated ones.",
        )
        super().__init__(*args, **kwargs)


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """One or more values of a fixed vocabulary (``?kind=person&kind=state``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": "“%(value)s” is not one of the allowed values."},
        )
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "maxLength": MAX_QUERY_LENGTH, "pattern": NO_NUL})
class SearchFilter(django_filters.CharFilter):
    """Free text (``q``): bounded length, no NUL character."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault("label", "Search")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        return super().filter(qs, value)


def validate_cameo(value: str) -> None:
    if not _CAMEO.fullmatch(value):
        raise ValidationError("expected a CAMEO code: 2 to 4 digits (e.g. 19 or 057).")


@extend_schema_field({"type": "string", "pattern": CAMEO_PATTERN})
class CameoFilter(django_filters.CharFilter):
    """A CAMEO code or root; ``19`` matches 19, 190, 193 and every other code under it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("strip", False)  # `` 19`` is not a code
        kwargs.setdefault("lookup_expr", "startswith")
        kwargs.setdefault("validators", [validate_cameo])
        kwargs.setdefault("max_length", 4)
        super().__init__(*args, **kwargs)


class WordsFilter(SearchFilter):
    """Free text (``q``) in web-search syntax (words, "phrases", -word, or) over ``fields``,
    accents and case aside on every database (``apps.core.search_text``); ``also(term)``
    adds where else a folded term may stand (an event's sentences)."""

    def __init__(self, *args, fields: tuple[str, ...], also=None, **kwargs):
        self.fields, self.also = fields, also
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return folded_search(qs, value or "", self.fields, also=self.also)


class LinkedIdsFilter(ModelIdsFilter):
    """Records linked to any of the given records, read through a subquery, so a record
    linked twice is listed once.

    The links are the rows of ``link_model`` whose ``link_field`` is one of the given records;
    the records listed are those whose id is a link's ``key``. ``link_model`` is a link table
    (``Mention``, ``"actor"``, key ``"article_id"``), or the filtered model itself with a path of
    related names (``Actor``, ``"mentions__article"``, key ``"pk"``).
    """

    def __init__(self, link_model, link_field: str, *args, key: str = "pk", **kwargs):
        self.link_model, self.link_field, self.key = link_model, link_field, key
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        ids = [obj.pk for obj in value]
        links = self.link_model._default_manager.filter(**{f"{self.link_field}__in": ids})
        return qs.filter(id__in=links.values(self.key))


class OrderingFilter(django_filters.OrderingFilter):
    """``ordering`` with id as the tie-breaker, so pages never repeat or skip rows."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value and not any(v.lstrip("-") == "id" for v in value):
            # The tie-breaker runs the same way as the first key, so one index serves both.
            first = str(qs.query.order_by[0]) if qs.query.order_by else "-"
            qs = qs.order_by(*qs.query.order_by, "-id" if first.startswith("-") else "id")
        return qs


def ordering_filter(*names: str) -> OrderingFilter:
    """``ordering`` by any of the fields ``names``, each ascending or, prefixed with -,
    descending; the help text lists them."""
    listed = f"{', '.join(names[:-1])} or {names[-1]}"
    return OrderingFilter(
        fields=tuple((name, name) for name in names),
        help_text=f"{listed}; prefix with - for descending.",
    )


def name_or_alias_q(value: str, alias_model, owner_field: str) -> Q | None:
    """Rows whose normalised name or one of whose aliases contains ``value``, accents and case
    folded; None when ``value`` has nothing to search for. Shared by the named-record filters."""
    needle = normalize_name(value)
    if not needle:
        return None
    aliases = alias_model.objects.filter(normalized__contains=needle)
    return Q(normalized_name__contains=needle) | Q(id__in=aliases.values(owner_field))


class IdInput(forms.NumberInput):
    """An id typed in, for a filter by record ids in the browsable API's form: a list of every
    record would put each article of the corpus on the page (100,000 options, 7.5 MB). It
    shows the request's id (the last, where several were given)."""

    def __init__(self):
        super().__init__(attrs={"min": 1, "step": 1})

    # Every value given, as the select it stands in for reads them.
    value_from_datadict = forms.SelectMultiple.value_from_datadict

    def format_value(self, value):
        if isinstance(value, list | tuple):
            value = value[-1] if value else None
        return super().format_value(value)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, reading a parameter given with no value (``?q=``, or one
    ``?actor=`` among others) as one not given, as the browse pages' forms do. In the
    browsable API's form, filters by record ids are typed in (``IdInput``)."""

    def to_html(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return None
        for field in filterset.form.fields.values():
            if isinstance(field, ModelIdsField):
                field.widget = IdInput()  # this form's own copy of the field
        return loader.get_template(self.template).render({"filter": filterset}, request)

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        data = kwargs["data"].copy()
        for name in list(data):
            values = [value for value in data.getlist(name) if value != ""]
            if values:
                data.setlist(name, values)
            else:
                del data[name]
        kwargs["data"] = data
        return kwargs
