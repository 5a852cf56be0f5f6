"""The FilterSet every reviewed model's list builds on: which records a list shows.

One rule, the same on the API, the browse pages and in admin:

* no ``review_status``: every record except those an editor rejected;
* ``review_status=all``: every record, rejected ones included;
* ``review_status=extracted``, ``verified`` or ``rejected`` (repeatable): exactly those.

The rule is a filter of the FilterSet, so it runs with the others when a FilterSet filters a
queryset, and a FilterSet given no data at all (a list page opened without parameters) applies
it too. Selectors of list pages therefore return every record and leave visibility to the
FilterSet; selectors of lists that take no filters (a record's events, the home page) use
``apps.core.review.visible``, which is the same rule.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict
from django_filters.filters import FilterMethod

from .api.filters import ChoicesFilter, ModifiedAfterFilter
from .choices import ReviewStatus
from .review import visible

ALL = "all"
MODIFIED_AFTER = "modified_after"
REVIEW_STATUS = "review_status"
REVIEW_STATUS_CHOICES = [*ReviewStatus.choices, (ALL, "All, rejected included")]
# Filters that read best at the end of a form; the review status goes just before them.
_LAST = ("q", "ordering")


def review_status_apply(queryset: QuerySet, values: Iterable[str] | None) -> QuerySet:
    """The records of ``queryset`` a list shows for the given ``review_status`` values."""
    chosen = set(values or ())
    if not chosen:
        return visible(queryset)
    if ALL in chosen:
        return queryset
    return queryset.filter(review_status__in=sorted(chosen))


class ReviewStatusFilter(ChoicesFilter):
    """``review_status``: left out, every record but the rejected ones; ``all`` for every one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", REVIEW_STATUS_CHOICES)
        kwargs.setdefault("label", "Review status")
        kwargs.setdefault(
            "help_text",
            "Without it, every record except the rejected ones; `all` includes them; a status "
            "(repeatable) gives exactly the records with that status.",
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return review_status_apply(qs, value)


def _filter_for(filterset: django_filters.FilterSet, base, model):
    """This request's copy of a declared filter: shallow, since a filter keeps no state of
    its own between requests but its FilterSet (``parent``) and model."""
    bound = copy.copy(base)
    bound.model = model
    bound.parent = filterset
    if isinstance(base.__dict__.get("filter"), FilterMethod):
        bound.filter = FilterMethod(bound)  # ``method=``: call this request's FilterSet
    return bound


class _FieldsPerForm(dict):
    """A form class's fields, which each form takes a shallow copy of instead of a deep one:
    a field keeps no state of a request, and a page that changes one (its widget, say)
    replaces the attribute on its own copy."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(field) for name, field in self.items()}


class ListFilterSet(django_filters.FilterSet):
    """The FilterSet every list's filters build on, made cheap to set up per request.

    django-filter deep-copies each declared filter (their querysets and choice lists with
    them) and defines a new form class on every request; on a list of 50 events that costs
    more than the queries. Here a request takes a shallow copy of each filter and one form
    class per FilterSet, defined on first use, whose forms take shallow copies of its fields
    (a page may still replace a field's widget). A filter's queryset or choices must
    therefore not depend on the request.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        model = queryset.model
        self.filters = {
            name: _filter_for(self, base, model) for name, base in self.base_filters.items()
        }

    def queryset_with(self, values: Mapping[str, Any]) -> QuerySet:
        """The queryset these filters give with ``values`` in place of the form's cleaned
        data (valid values of the same fields): what ``qs`` would be for them."""
        form = self.form
        kept = form.cleaned_data
        form.cleaned_data = dict(values)
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            form.cleaned_data = kept

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = _FieldsPerForm(form_class.base_fields)
            cls._form_class = form_class
        return form_class


class KnowledgeFilterSet(ListFilterSet):
    """Base of the FilterSets of reviewed records (actors, agreements, posts, events)."""

    modified_after = ModifiedAfterFilter()
    review_status = ReviewStatusFilter()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Inherited filters come first; keep the model's own filters at the top of the form.
        filters = dict(cls.declared_filters)
        review = filters.pop(REVIEW_STATUS)
        modified = filters.pop(MODIFIED_AFTER)
        last = [name for name in _LAST if name in filters]
        ordered = {name: f for name, f in filters.items() if name not in last}
        ordered[MODIFIED_AFTER] = modified
        ordered[REVIEW_STATUS] = review
        ordered.update((name, filters[name]) for name in last)
        cls.declared_filters = type(cls.declared_filters)(ordered)

    @property
    def qs(self):
        if not self.is_bound and not hasattr(self, "_qs"):
            self._qs = review_status_apply(self.queryset.all(), None)
        return super().qs

    def filter_queryset(self, queryset):
        return self.filter_with(queryset, self.form.cleaned_data)

    def filter_with(self, queryset: QuerySet, values: Mapping[str, Any]) -> QuerySet:
        """Apply each named filter with its value, in the order given, and the review status.

        The review status is applied even when ``values`` lacks it (a value that failed
        validation is absent from ``cleaned_data``), so rejected records never slip through.
        """
        for name, value in {REVIEW_STATUS: None, **values}.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset
